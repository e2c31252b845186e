package dev.chargpt.serve;

import dev.chargpt.StrictJson;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.sample.SampleSettings;

import java.util.function.IntSupplier;

/**
 * {@code GET /api/model}: what the page needs before the first request: the model's name and shape,
 * its characters, the server's caps and the defaults a request falls back on, and how many
 * generations run now.
 */
final class ModelInfo {
    private final String run;
    private final String checkpoint;
    private final ModelConfig model;
    private final Vocabulary vocabulary;
    private final ServeLimits limits;
    private final IntSupplier running;

    ModelInfo(String run, String checkpoint, ModelConfig model, Vocabulary vocabulary, ServeLimits limits, IntSupplier running) {
        this.run = run;
        this.checkpoint = checkpoint;
        this.model = model;
        this.vocabulary = vocabulary;
        this.limits = limits;
        this.running = running;
    }

    String json() {
        return StrictJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("run", run);
            json.writeStringField("checkpoint", checkpoint);
            json.writeNumberField("layers", model.layers());
            json.writeNumberField("heads", model.heads());
            json.writeNumberField("width", model.width());
            json.writeNumberField("blockSize", model.blockSize());
            json.writeArrayFieldStart("vocabulary");
            for (int id = 0; id < vocabulary.size(); id++) {
                json.writeString(Character.toString(vocabulary.codePointAt(id)));
            }
            json.writeEndArray();
            json.writeObjectFieldStart("limits");
            json.writeNumberField("maxLength", limits.maxLength());
            json.writeNumberField("maxPrompt", limits.maxPrompt());
            json.writeNumberField("maxGenerations", limits.maxGenerations());
            json.writeEndObject();
            json.writeObjectFieldStart("defaults");
            json.writeNumberField("length", Math.min(SampleSettings.DEFAULT_LENGTH, limits.maxLength()));
            json.writeNumberField("temperature", SampleSettings.DEFAULT_TEMPERATURE);
            json.writeNumberField("topK", 0);
            json.writeNumberField("topP", 1.0);
            json.writeStringField("context", ContextPolicy.SHIFT.cliName());
            json.writeEndObject();
            json.writeNumberField("running", running.getAsInt());
            json.writeEndObject();
        });
    }
}
