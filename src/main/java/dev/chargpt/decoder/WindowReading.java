package dev.chargpt.decoder;

/**
 * One forward pass of a window of ids, as {@link KvCacheModel#read} saw it: the attention
 * probabilities of every layer and head, and the logits every position gave for the character after it.
 *
 * @param attention {@code [layer][head][query][key]}, each {@code [T][T]}, rows summing to 1 over keys 0..query
 * @param logits    {@code [T][vocab]}: row p predicts the character after position p
 */
public record WindowReading(float[][][][] attention, double[][] logits) {
}
