package dev.chargpt.cli;

import dev.chargpt.attention.AttentionDrawing;
import dev.chargpt.attention.AttentionSettings;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.sample.UnknownCharacters;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code chargpt attention}: options into {@link AttentionSettings}, then {@link AttentionDrawing}. */
final class AttentionCommand implements RunReadingCommand {

    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(RunReadingCommand.modelOption())
            .addOption(RunReadingCommand.checkpointOption())
            .addOptionGroup(requiredOneOf(
                    Flags.valued("prompt", "TEXT", "the text to look at; its last block-size characters are drawn"),
                    Flags.valued("prompt-file", "FILE", "read the text from a UTF-8 file instead of --prompt")))
            .addOption(Flags.valued("out", "PNG", "where to write the picture (default: " + RunDirectory.defaultAttention()
                    + ", or attention-layer<L>-head<H>.png beside it for one head)"))
            .addOption(Flags.valued("layer", "L", "with --head: draw only this layer's head, large, with the"
                    + " characters on both axes; layers count from 0 (default: every layer and head)"))
            .addOption(Flags.valued("head", "H", "with --layer: the head to draw, counted from 0"))
            .addOption(Flags.valued("json", "FILE", "also write the weights as JSON: {\"tokens\": [...], \"attention\":"
                    + " [layers][heads][T][T]}, the layout bertviz's head_view and model_view take"))
            .addOption(Flags.onOff("drop-unknown", "drop characters the model never saw"
                    + " (default: refuse the text and list them)")));

    private static OptionGroup requiredOneOf(org.apache.commons.cli.Option... choices) {
        OptionGroup group = Flags.oneOf(choices);
        group.setRequired(true);
        return group;
    }

    @Override
    public String name() {
        return "attention";
    }

    @Override
    public String summary() {
        return "draw what every attention head looks at, for a text";
    }

    @Override
    public String description() {
        return """
                Runs the text's last block-size characters through a checkpoint (the same decoder that samples)
                and draws the attention weights: by default a grid of every layer and head, each cell a
                T x T heatmap (rows: the query position, columns: the earlier characters it looks at); with
                --layer and --head one head, large, with the characters on both axes. One colour scale,
                square root, 0 to 1. --json writes the same weights for bertviz:
                  import json, torch; from bertviz import model_view
                  a = json.load(open("attention.json"))
                  model_view([torch.tensor(l).unsqueeze(0) for l in a["attention"]], a["tokens"])""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Example("chargpt attention --model models/my-run --prompt-file act1.txt",
                        "every layer and head, to charts/my-run/attention.png"),
                new Example("chargpt attention --model models/my-run --prompt \"ROMEO: But soft, what light\" --layer 0 --head 2",
                        "one head, large, to charts/my-run/attention-layer0-head2.png"),
                new Example("chargpt attention --model models/my-run --prompt-file act1.txt --out /tmp/a.png --json /tmp/a.json",
                        "the picture elsewhere, and the weights as JSON for bertviz"));
    }

    @Override
    public Invocation bind(CommandLine line) {
        OptionValues values = new OptionValues(line);
        Path model = RunReadingCommand.model(values);
        Path promptFile = InputPaths.optionalReadableFile(values.path("prompt-file"), "prompt-file");
        AttentionSettings settings = new AttentionSettings(
                model,
                RunReadingCommand.checkpoint(values),
                values.text("prompt"),
                promptFile,
                values.has("drop-unknown") ? UnknownCharacters.DROP : UnknownCharacters.REJECT,
                values.path("out"),
                values.path("json"),
                values.nonNegativeInt("layer"),
                values.nonNegativeInt("head"),
                RunDirectory.DEFAULT_CHARTS_DIR);
        return new Run(settings);
    }

    /** The validated settings, ready to run. */
    record Run(AttentionSettings settings) implements Invocation {
        @Override
        public boolean usesNd4j() {
            return true;
        }

        @Override
        public Path writesTo() {
            Path out = settings.out() != null ? settings.out()
                    : new RunDirectory(settings.model()).attentionIn(settings.chartsDir());
            return out.toAbsolutePath().getParent();
        }

        @Override
        public void run(PrintStream out) {
            AttentionDrawing.run(settings, out);
        }
    }
}
