package dev.chargpt.sample;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.data.CorpusText;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.KvCacheModel;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.function.LongConsumer;

/**
 * Runs {@code chargpt sample}: loads a checkpoint and streams generated text to {@code out}, one
 * character as soon as it is chosen, through the key/value-cache decoder. The prompt is echoed
 * first so the output reads as one text.
 */
public final class Sampling {
    private Sampling() {
    }

    /** @param freshSeed told the seed when the settings name none, so that the caller can show how to repeat the sample */
    public static void run(SampleSettings settings, PrintStream out, LongConsumer freshSeed) {
        Checkpoint checkpoint = CheckpointFile.read(new RunDirectory(settings.model()).checkpoint(settings.checkpoint()));
        String prompt = settings.promptFile() != null ? CorpusText.read(settings.promptFile())
                : settings.prompt() != null ? settings.prompt() : "";
        long seed = settings.seed() != null ? settings.seed() : new SecureRandom().nextLong();
        if (settings.seed() == null) {
            freshSeed.accept(seed);
        }
        if (settings.numSamples() < 1) {
            throw new BadInputException(Setting.NUM_SAMPLES + " must be at least 1, got " + settings.numSamples());
        }
        TextGenerator generator = new TextGenerator(new KvCacheModel(checkpoint.networkForUse(), checkpoint.config().model(), settings.context()),
                checkpoint.vocabulary());
        UnknownCharacters unknown = settings.unknownCharacters();
        // Before anything is printed, so a bad prompt prints only the error.
        generator.checkPrompt(prompt, unknown);
        for (int i = 0; i < settings.numSamples(); i++) {
            TokenSampler sampler = new TokenSampler(settings.temperature(), settings.topK() == null ? 0 : settings.topK(),
                    settings.topP() == null ? 1.0 : settings.topP(), seed + i);
            if (settings.numSamples() > 1) {
                out.println("---- sample " + (i + 1) + " of " + settings.numSamples() + " (seed " + (seed + i) + ") ----");
            }
            out.print(prompt);
            generator.generate(prompt, settings.length(), sampler, unknown, codePoint -> {
                out.print(Character.toString(codePoint));
                out.flush();
            });
            out.println();
        }
    }

    /**
     * The text shown after each training epoch: temperature 0.8 from a newline, seeded by the loop.
     * It slides the context exactly, as nanoGPT's {@code generate} does: for a few hundred
     * characters the shift policy's speed would save under a second.
     */
    public static String epochSample(org.deeplearning4j.nn.multilayer.MultiLayerNetwork network,
                                     dev.chargpt.config.ModelConfig config, dev.chargpt.data.Vocabulary vocabulary,
                                     long seed, int length) {
        TextGenerator generator = new TextGenerator(new KvCacheModel(network, config, ContextPolicy.EXACT), vocabulary);
        return generator.generate("", length, new TokenSampler(0.8, 0, 1.0, seed), codePoint -> { });
    }
}
