package dev.chargpt.config;

import java.util.Locale;

/**
 * What a run was started with and keeps on resume: the corpus, the preset it came from, the model
 * shape, the optimizer, the batch size, the planned epochs, the seed and the sample length. Made
 * once by {@link ConfigResolver}; every checkpoint stores it, and a resumed run reads it back.
 */
public record RunConfig(String corpus, String preset, ModelConfig model, OptimizerConfig optimizer, int batchSize,
                        int epochs, long seed, int sampleLength) {

    /** One line for the start of a run: "cpu-small (4 layers x 4 heads x 128, block 64, ...)". */
    public String describe() {
        String schedule = optimizer.schedule() == ScheduleShape.WSD
                ? String.format(Locale.ROOT, "wsd, the last %s of", PlainNumber.text(optimizer.cooldown())) : "cosine over";
        return String.format(Locale.ROOT, "%s (%d layers x %d heads x %d%s, block %d, batch %d, dropout %s, lr %s -> %s %s %,d steps%s, %d %s)",
                preset, model.layers(), model.heads(), model.width(),
                (model.activation() == Activation.GELU ? "" : ", " + model.activation().cliName() + " MLP")
                        + (model.qkNorm() ? ", qk-norm" : "") + (model.zeroInit() ? ", zero-init" : ""),
                model.blockSize(), batchSize, model.dropout(),
                optimizer.learningRate(), optimizer.minLearningRate(), schedule, optimizer.decaySteps(),
                optimizer.averagesWeights() ? ", weights averaged (ema " + PlainNumber.text(optimizer.ema()) + ")" : "",
                epochs, epochs == 1 ? "epoch" : "epochs");
    }
}
