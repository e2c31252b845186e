package dev.chargpt.checkpoint;

import dev.chargpt.BadInputException;
import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.config.RunConfig;
import dev.chargpt.config.ScheduleShape;

import java.util.Properties;

/**
 * A {@link RunConfig} as the plain properties every checkpoint holds (human-readable, no schema
 * library). Doubles are written with {@link Double#toString}, which reads back to the identical value.
 */
final class RunConfigProperties {
    private RunConfigProperties() {
    }

    static Properties write(RunConfig config) {
        ModelConfig model = config.model();
        OptimizerConfig optimizer = config.optimizer();
        Properties p = new Properties();
        p.setProperty("corpus", config.corpus());
        p.setProperty("preset", config.preset());
        p.setProperty("model.vocabSize", Integer.toString(model.vocabSize()));
        p.setProperty("model.layers", Integer.toString(model.layers()));
        p.setProperty("model.heads", Integer.toString(model.heads()));
        p.setProperty("model.width", Integer.toString(model.width()));
        p.setProperty("model.blockSize", Integer.toString(model.blockSize()));
        p.setProperty("model.dropout", Double.toString(model.dropout()));
        p.setProperty("model.activation", model.activation().cliName());
        p.setProperty("model.zeroInit", Boolean.toString(model.zeroInit()));
        p.setProperty("model.qkNorm", Boolean.toString(model.qkNorm()));
        p.setProperty("optimizer.learningRate", Double.toString(optimizer.learningRate()));
        p.setProperty("optimizer.minLearningRate", Double.toString(optimizer.minLearningRate()));
        p.setProperty("optimizer.warmupSteps", Integer.toString(optimizer.warmupSteps()));
        p.setProperty("optimizer.decaySteps", Integer.toString(optimizer.decaySteps()));
        p.setProperty("optimizer.weightDecay", Double.toString(optimizer.weightDecay()));
        p.setProperty("optimizer.beta1", Double.toString(optimizer.beta1()));
        p.setProperty("optimizer.beta2", Double.toString(optimizer.beta2()));
        p.setProperty("optimizer.gradClip", Double.toString(optimizer.gradClip()));
        p.setProperty("optimizer.schedule", optimizer.schedule().cliName());
        p.setProperty("optimizer.cooldown", Double.toString(optimizer.cooldown()));
        p.setProperty("optimizer.ema", Double.toString(optimizer.ema()));
        p.setProperty("batchSize", Integer.toString(config.batchSize()));
        p.setProperty("epochs", Integer.toString(config.epochs()));
        p.setProperty("seed", Long.toString(config.seed()));
        p.setProperty("sampleLength", Integer.toString(config.sampleLength()));
        return p;
    }

    /** @throws BadInputException naming {@code source} if a key is missing or malformed */
    static RunConfig read(Properties p, String source) {
        PropertyReader r = new PropertyReader(p, source);
        ModelConfig model = new ModelConfig(r.integer("model.vocabSize"), r.integer("model.layers"), r.integer("model.heads"),
                r.integer("model.width"), r.integer("model.blockSize"), r.decimal("model.dropout"),
                // Runs made before the activation was a choice have no key: they trained with the exact GELU.
                p.containsKey("model.activation") ? Activation.fromCliName(r.text("model.activation")) : Activation.GELU,
                // Runs made before zero-init was a choice have no key: they started from nanoGPT's initialisation.
                p.containsKey("model.zeroInit") && r.flag("model.zeroInit"),
                // Runs made before QK-norm was a choice have no key: their attention had none.
                p.containsKey("model.qkNorm") && r.flag("model.qkNorm"));
        OptimizerConfig optimizer = new OptimizerConfig(r.decimal("optimizer.learningRate"), r.decimal("optimizer.minLearningRate"),
                r.integer("optimizer.warmupSteps"), r.integer("optimizer.decaySteps"), r.decimal("optimizer.weightDecay"),
                r.decimal("optimizer.beta1"), r.decimal("optimizer.beta2"), r.decimal("optimizer.gradClip"),
                // Runs made before the recipe options have none of these keys: they trained with nanoGPT's recipe.
                p.containsKey("optimizer.schedule") ? ScheduleShape.fromCliName(r.text("optimizer.schedule")) : ScheduleShape.COSINE,
                p.containsKey("optimizer.cooldown") ? r.decimal("optimizer.cooldown") : 0,
                p.containsKey("optimizer.ema") ? r.decimal("optimizer.ema") : 0);
        return new RunConfig(r.text("corpus"), r.text("preset"), model, optimizer, r.integer("batchSize"), r.integer("epochs"),
                r.longInteger("seed"), r.integer("sampleLength"));
    }
}
