package dev.chargpt.attention;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.chargpt.AtomicFile;
import dev.chargpt.StrictJson;
import dev.chargpt.decoder.AttentionWeights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Attention weights as JSON for interactive tools:
 * {@code {"tokens":["F","i",...],"layers":L,"heads":H,"attention":[L][H][T][T]}}. bertviz's
 * {@code head_view} and {@code model_view} take, per layer, a tensor {@code [batch, H, T, T]}:
 * {@code [torch.tensor(layer).unsqueeze(0) for layer in json["attention"]]}.
 */
public final class AttentionJson {
    private AttentionJson() {
    }

    public static String text(AttentionWeights attention) {
        return StrictJson.write(json -> {
            json.writeStartObject();
            writeFields(attention, json);
            json.writeEndObject();
        });
    }

    /**
     * The fields {@code tokens}, {@code layers}, {@code heads} and {@code attention}, into an object
     * the caller has opened: {@code chargpt serve} answers with these very fields, and more.
     */
    public static void writeFields(AttentionWeights attention, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart("tokens");
        for (String token : attention.tokens()) {
            json.writeString(token);
        }
        json.writeEndArray();
        json.writeNumberField("layers", attention.layers());
        json.writeNumberField("heads", attention.heads());
        json.writeArrayFieldStart("attention");
        for (float[][][] layer : attention.weights()) {
            json.writeStartArray();
            for (float[][] head : layer) {
                json.writeStartArray();
                for (float[] row : head) {
                    json.writeStartArray();
                    for (float weight : row) {
                        json.writeNumber(weight);
                    }
                    json.writeEndArray();
                }
                json.writeEndArray();
            }
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    /** Writes the JSON atomically, creating the directory. */
    public static void write(AttentionWeights attention, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        AtomicFile.replace(target, text(attention).getBytes(StandardCharsets.UTF_8));
    }
}
