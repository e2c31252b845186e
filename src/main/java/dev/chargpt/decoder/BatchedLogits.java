package dev.chargpt.decoder;

/** The network's logits for whole windows of character ids, many windows per call. */
public interface BatchedLogits {
    int blockSize();

    int vocabSize();

    /**
     * @param ids     {@code windows * blockSize} ids, window after window
     * @param windows how many windows {@code ids} holds
     * @return logits {@code [windows][blockSize][vocab]} flattened in that order (row-major)
     */
    float[] logits(int[] ids, int windows);
}
