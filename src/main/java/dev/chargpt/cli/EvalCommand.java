package dev.chargpt.cli;

import dev.chargpt.data.CorpusStore;
import dev.chargpt.eval.EvalSettings;
import dev.chargpt.eval.Evaluation;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code chargpt eval}: options into {@link EvalSettings}, then {@link Evaluation}. */
final class EvalCommand implements RunReadingCommand {


    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(RunReadingCommand.modelOption())
            .addOption(RunReadingCommand.checkpointOption())
            .addOption(Flags.valued("text", "PATH", "a UTF-8 file to score (default: the validation split,"
                    + " the last 10%, of the corpus the model was trained on)"))
            .addOption(Flags.valued("data-dir", "DIR", "where named corpora are kept, to rebuild the validation split"
                    + " (default: " + CorpusStore.DEFAULT_DIR + ")")));

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "score a model on text: nats and bits per character, perplexity";
    }

    @Override
    public String description() {
        return """
                Loads a checkpoint of a run and measures its mean cross-entropy per character on a text:
                in nats (comparable with nanoGPT's numbers), in bits per character (nats / ln 2) and as
                perplexity.""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Example("chargpt eval --model models/my-run", "the best checkpoint on the validation split"),
                new Example("chargpt eval --model models/my-run --checkpoint latest --text act5.txt",
                        "the latest checkpoint on a text of your own"));
    }

    @Override
    public Invocation bind(CommandLine line) {
        OptionValues values = new OptionValues(line);
        Path model = RunReadingCommand.model(values);
        Path text = values.path("text");
        if (text != null) {
            InputPaths.readableFile(text, "text");
        }
        EvalSettings settings = new EvalSettings(model,
                RunReadingCommand.checkpoint(values),
                text,
                values.path("data-dir", CorpusStore.DEFAULT_DIR));
        return new Run(settings);
    }

    /** The validated settings, ready to run. */
    record Run(EvalSettings settings) implements Invocation {
        @Override
        public boolean usesNd4j() {
            return true;
        }

        @Override
        public void run(PrintStream out) {
            Evaluation.run(settings, out);
        }
    }
}
