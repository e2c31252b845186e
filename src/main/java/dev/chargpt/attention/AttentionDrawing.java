package dev.chargpt.attention;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;
import dev.chargpt.Setting;
import dev.chargpt.chart.AttentionPicture;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.data.CorpusText;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.decoder.AttentionWeights;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.KvCacheModel;
import dev.chargpt.sample.PromptIds;
import dev.chargpt.sample.UnknownCharacters;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@code chargpt attention}: loads a checkpoint, runs the prompt's last block-size characters
 * through the sampling decoder, and draws (and optionally saves as JSON) the attention weights it
 * computed. Everything the user can get wrong (the prompt, the layer and head) is checked before
 * anything is written.
 */
public final class AttentionDrawing {
    private AttentionDrawing() {
    }

    public static void run(AttentionSettings settings, PrintStream out) {
        RunDirectory run = new RunDirectory(settings.model());
        Checkpoint checkpoint = CheckpointFile.read(run.checkpoint(settings.checkpoint()));
        ModelConfig model = checkpoint.config().model();
        checkHead(settings.layer(), settings.head(), model);
        String prompt = settings.promptFile() != null ? CorpusText.read(settings.promptFile()) : settings.prompt();
        int[] ids = contextIds(prompt, checkpoint.vocabulary(), model.blockSize(), settings.unknownCharacters());

        AttentionWeights attention = weights(checkpoint.networkForUse(), model, checkpoint.vocabulary(), ids);
        boolean one = settings.layer() != null;
        Path png = settings.out() != null ? settings.out()
                : one ? run.attentionIn(settings.chartsDir(), settings.layer(), settings.head())
                : run.attentionIn(settings.chartsDir());
        String title = "chargpt " + run.name() + " (" + settings.checkpoint() + ")";
        if (one) {
            AttentionPicture.single(attention, settings.layer(), settings.head(), title, png);
            out.printf(Locale.ROOT, "wrote %s (layer %d, head %d over %d characters)%n", png.toAbsolutePath(),
                    settings.layer(), settings.head(), attention.length());
        } else {
            AttentionPicture.grid(attention, title, png);
            out.printf(Locale.ROOT, "wrote %s (%d layers x %d heads over %d characters)%n", png.toAbsolutePath(),
                    attention.layers(), attention.heads(), attention.length());
        }
        if (settings.json() != null) {
            try {
                AttentionJson.write(attention, settings.json());
            } catch (IOException e) {
                throw new BadInputException("cannot write " + settings.json().toAbsolutePath() + " ("
                        + OneLineReason.of(e) + "); pass a writable path to --json", e);
            }
            out.printf(Locale.ROOT, "wrote %s ([%d layers][%d heads][%d][%d] weights and the %d characters)%n",
                    settings.json().toAbsolutePath(), attention.layers(), attention.heads(), attention.length(),
                    attention.length(), attention.length());
        }
    }

    /**
     * The attention weights of {@code network} for {@code ids} (at most block-size of them), taken
     * from the key/value-cache decoder that samples.
     */
    public static AttentionWeights weights(MultiLayerNetwork network, ModelConfig model, Vocabulary vocabulary, int[] ids) {
        return AttentionWeights.of(new KvCacheModel(network, model, ContextPolicy.EXACT), ids, tokens(vocabulary, ids));
    }

    /** The characters of {@code ids}, one string (one code point) each: the tokens the JSON and the pictures name. */
    public static List<String> tokens(Vocabulary vocabulary, int[] ids) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            tokens.add(Character.toString(vocabulary.codePointAt(id)));
        }
        return tokens;
    }

    /** Both or neither, each within the model's layers and heads (counted from 0). */
    static void checkHead(Integer layer, Integer head, ModelConfig model) {
        if ((layer == null) != (head == null)) {
            throw new BadInputException(Setting.LAYER + " and " + Setting.HEAD + " go together: give both to draw"
                    + " one head, or neither to draw them all");
        }
        if (layer == null) {
            return;
        }
        if (layer < 0 || layer >= model.layers()) {
            throw new BadInputException(Setting.LAYER + " must be 0 to " + (model.layers() - 1) + " (the model has "
                    + model.layers() + " layers, counted from 0), got " + layer);
        }
        if (head < 0 || head >= model.heads()) {
            throw new BadInputException(Setting.HEAD + " must be 0 to " + (model.heads() - 1) + " (the model has "
                    + model.heads() + " heads per layer, counted from 0), got " + head);
        }
    }

    /** The last {@code blockSize} ids of the prompt, under the unknown-character policy; never empty. */
    public static int[] contextIds(String prompt, Vocabulary vocabulary, int blockSize, UnknownCharacters unknown) {
        if (prompt == null || prompt.isEmpty()) {
            throw new BadInputException(Setting.PROMPT + " is empty; give the text whose attention to draw,"
                    + " as in --prompt \"ROMEO:\"");
        }
        int[] ids = PromptIds.of(vocabulary, prompt, unknown);
        if (ids.length == 0) {
            throw new BadInputException(Setting.PROMPT + " has no character the model knows, so nothing is left after "
                    + Setting.DROP_UNKNOWN + "; give text in the model's alphabet");
        }
        return PromptIds.newest(ids, blockSize);
    }
}
