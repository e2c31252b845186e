package dev.chargpt.checkpoint;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;

import java.util.Properties;

/**
 * What a run was started with and must keep on resume: the corpus, the model shape, the optimizer,
 * the batch size, the planned epochs and the seed. Stored as plain properties (human-readable,
 * no schema library) in every checkpoint and as {@code config.properties} in the run directory.
 * Doubles are written with {@link Double#toString}, which reads back to the identical value.
 */
public record RunConfig(String corpus, String preset, ModelConfig model, OptimizerConfig optimizer, int batchSize,
                        int epochs, long seed, int sampleLength) {

    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("corpus", corpus);
        p.setProperty("preset", preset);
        p.setProperty("model.vocabSize", Integer.toString(model.vocabSize()));
        p.setProperty("model.layers", Integer.toString(model.layers()));
        p.setProperty("model.heads", Integer.toString(model.heads()));
        p.setProperty("model.width", Integer.toString(model.width()));
        p.setProperty("model.blockSize", Integer.toString(model.blockSize()));
        p.setProperty("model.dropout", Double.toString(model.dropout()));
        p.setProperty("optimizer.learningRate", Double.toString(optimizer.learningRate()));
        p.setProperty("optimizer.minLearningRate", Double.toString(optimizer.minLearningRate()));
        p.setProperty("optimizer.warmupSteps", Integer.toString(optimizer.warmupSteps()));
        p.setProperty("optimizer.decaySteps", Integer.toString(optimizer.decaySteps()));
        p.setProperty("optimizer.weightDecay", Double.toString(optimizer.weightDecay()));
        p.setProperty("optimizer.beta1", Double.toString(optimizer.beta1()));
        p.setProperty("optimizer.beta2", Double.toString(optimizer.beta2()));
        p.setProperty("optimizer.gradClip", Double.toString(optimizer.gradClip()));
        p.setProperty("batchSize", Integer.toString(batchSize));
        p.setProperty("epochs", Integer.toString(epochs));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("sampleLength", Integer.toString(sampleLength));
        return p;
    }

    /** @throws BadInputException naming {@code source} if a key is missing or malformed */
    public static RunConfig fromProperties(Properties p, String source) {
        PropertyReader r = new PropertyReader(p, source);
        ModelConfig model = new ModelConfig(r.integer("model.vocabSize"), r.integer("model.layers"), r.integer("model.heads"),
                r.integer("model.width"), r.integer("model.blockSize"), r.decimal("model.dropout"));
        OptimizerConfig optimizer = new OptimizerConfig(r.decimal("optimizer.learningRate"), r.decimal("optimizer.minLearningRate"),
                r.integer("optimizer.warmupSteps"), r.integer("optimizer.decaySteps"), r.decimal("optimizer.weightDecay"),
                r.decimal("optimizer.beta1"), r.decimal("optimizer.beta2"), r.decimal("optimizer.gradClip"));
        return new RunConfig(r.text("corpus"), r.text("preset"), model, optimizer, r.integer("batchSize"), r.integer("epochs"),
                r.longInteger("seed"), r.integer("sampleLength"));
    }
}
