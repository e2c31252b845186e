package dev.chargpt.eval;

import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.data.CorpusText;
import dev.chargpt.data.TrainingData;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs {@code chargpt eval}: loads a checkpoint and reports nats and bits per character and
 * perplexity, on the validation split of the model's corpus (the very number the training loop
 * reported for that checkpoint) or on any UTF-8 text.
 */
public final class Evaluation {
    private Evaluation() {
    }

    public static void run(EvalSettings settings, PrintStream out) {
        Path file = new RunDirectory(settings.model()).checkpoint(settings.checkpoint());
        Checkpoint checkpoint = CheckpointFile.read(file);
        TextEvaluator evaluator = new TextEvaluator(checkpoint.networkForUse(), checkpoint.config().model());
        EvaluationResult result;
        String what;
        if (settings.text() == null) {
            String corpus = checkpoint.config().corpus();
            int[] validation = TrainingData.reload(corpus, settings.dataDir(), checkpoint.vocabulary(), file).split().validation();
            result = evaluator.evaluate(validation);
            what = "validation split of " + corpus;
        } else {
            TextEvaluation evaluation = evaluator.evaluateText(CorpusText.read(settings.text()), checkpoint.vocabulary());
            result = evaluation.evaluation();
            what = settings.text().toString();
            if (evaluation.unknownCount() > 0) {
                out.println(evaluation.unknownSummary());
            }
        }
        out.printf(Locale.ROOT, "%s (%s, step %,d): %,d characters scored%n", what, file.getFileName(),
                checkpoint.state().step(), result.charactersScored());
        out.printf(Locale.ROOT, "  %.4f nats per character%n  %.4f bits per character%n  perplexity %.3f%n",
                result.meanNats(), result.bitsPerCharacter(), result.perplexity());
    }
}
