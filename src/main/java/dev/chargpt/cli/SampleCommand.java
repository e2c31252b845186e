package dev.chargpt.cli;

import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.sample.SampleSettings;
import dev.chargpt.sample.Sampling;
import dev.chargpt.sample.UnknownCharacters;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code chargpt sample}: options into {@link SampleSettings}, then {@link Sampling}. */
final class SampleCommand implements RunReadingCommand {

    static final int DEFAULT_LENGTH = SampleSettings.DEFAULT_LENGTH;
    static final double DEFAULT_TEMPERATURE = SampleSettings.DEFAULT_TEMPERATURE;

    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(RunReadingCommand.modelOption())
            .addOption(RunReadingCommand.checkpointOption())
            .addOptionGroup(Flags.oneOf(
                    Flags.valued("prompt", "TEXT", "text to continue (default: none)"),
                    Flags.valued("prompt-file", "FILE", "read the prompt from a UTF-8 file instead of --prompt")))
            .addOption(Flags.valued("length", "N", "characters to generate (default: " + DEFAULT_LENGTH + ")"))
            .addOption(Flags.valued("temperature", "T", "0 always picks the likeliest character; higher is more"
                    + " adventurous (default: " + DEFAULT_TEMPERATURE + ")"))
            .addOption(Flags.valued("top-k", "K", "sample only among the K likeliest characters (default: all)"))
            .addOption(Flags.valued("top-p", "P", "sample only among the likeliest characters whose probabilities"
                    + " add up to P, 0 < P <= 1 (default: 1, all)"))
            .addOption(Flags.valued("seed", "S", "repeat a sample exactly (default: a fresh seed, printed)"))
            .addOption(Flags.valued("num-samples", "K", "how many samples to write (default: 1)"))
            .addOption(Flags.valued("context", "shift|exact", "when the context window is full: keep its newest half"
                    + " and go on with the cache (shift, fast), or slide by one character and recompute the whole"
                    + " window for every character, as nanoGPT does (exact) (default: shift)"))
            .addOption(Flags.onOff("drop-unknown", "drop prompt characters the model never saw"
                    + " (default: refuse the prompt and list them)")));

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public String summary() {
        return "generate text from a trained model";
    }

    @Override
    public String description() {
        return """
                Loads a checkpoint of a run and writes text that continues the prompt, character by character,
                as it is generated. The vocabulary comes from the checkpoint, so any prompt character outside it
                is reported (or dropped with --drop-unknown).""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Example("chargpt sample --model models/my-run --prompt \"ROMEO:\" --length 300",
                        "300 characters after the prompt, from the best checkpoint"),
                new Example("chargpt sample --model models/my-run --temperature 0.5 --top-k 10 --seed 7 --num-samples 3",
                        "three safer samples, the same every time"),
                new Example("chargpt sample --model models/my-run --checkpoint latest --prompt-file prompt.txt --top-p 0.9",
                        "continue a longer prompt from the latest checkpoint"));
    }

    @Override
    public Invocation bind(CommandLine line) {
        OptionValues values = new OptionValues(line);
        Path model = RunReadingCommand.model(values);
        Path promptFile = InputPaths.optionalReadableFile(values.path("prompt-file"), "prompt-file");
        SampleSettings settings = new SampleSettings(
                model,
                RunReadingCommand.checkpoint(values),
                values.text("prompt"),
                promptFile,
                values.positiveInt("length", DEFAULT_LENGTH),
                orDefault(values.number("temperature", t -> t >= 0, "a number >= 0"), DEFAULT_TEMPERATURE),
                values.positiveInt("top-k"),
                values.number("top-p", p -> p > 0 && p <= 1, "a number in (0, 1]"),
                values.anyLong("seed"),
                values.positiveInt("num-samples", 1),
                values.has("drop-unknown") ? UnknownCharacters.DROP : UnknownCharacters.REJECT,
                ContextPolicy.fromCliName(values.choice("context", ContextPolicy.SHIFT.cliName(),
                        ContextPolicy.SHIFT.cliName(), ContextPolicy.EXACT.cliName())));
        return new Run(settings);
    }

    private static double orDefault(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    /** The validated settings, ready to run. */
    record Run(SampleSettings settings) implements Invocation {
        @Override
        public boolean usesNd4j() {
            return true;
        }

        @Override
        public void run(PrintStream out) {
            // On stderr, so that stdout holds only the text.
            Sampling.run(settings, out, seed -> System.err.println("seed " + seed + " (pass --seed " + seed + " to repeat this sample)"));
        }
    }
}
