package dev.chargpt.model;

import dev.chargpt.data.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * Starts a network from another one's weights (fine-tuning): every parameter is copied, except that
 * the two that are indexed by character, the token embedding's rows and the head's columns, are
 * copied character by character, so the target may know more characters than the source. A
 * character the source never saw keeps the target's fresh initialisation: its embedding row and
 * head column then learn from the new text alone, while everything else starts trained. Only the
 * weights move: the optimizer state, the step count and the schedule are the new run's own.
 */
public final class WeightTransfer {
    private WeightTransfer() {
    }

    /**
     * @throws IllegalArgumentException if the shapes other than the vocabulary differ, a layer's
     *                                  parameters are not the same set (a block with QK-norm has two more),
     *                                  or the target's vocabulary lacks a character of the source's
     */
    public static void copy(MultiLayerNetwork source, Vocabulary sourceVocabulary, MultiLayerNetwork target,
                            Vocabulary targetVocabulary) {
        if (source.getnLayers() != target.getnLayers()) {
            throw new IllegalArgumentException("the networks have " + source.getnLayers() + " and " + target.getnLayers() + " layers");
        }
        int head = GptNetwork.headLayer(GptNetwork.blockCount(source));
        for (int layer = 0; layer < source.getnLayers(); layer++) {
            Map<String, INDArray> from = source.getLayer(layer).paramTable();
            Map<String, INDArray> to = target.getLayer(layer).paramTable();
            if (!from.keySet().equals(to.keySet())) {
                throw new IllegalArgumentException("layer " + layer + " has the parameters " + from.keySet() + " in the source and "
                        + to.keySet() + " in the target");
            }
            for (Map.Entry<String, INDArray> parameter : from.entrySet()) {
                INDArray into = to.get(parameter.getKey());
                if (layer == GptNetwork.embeddingLayer() && parameter.getKey().equals(CharEmbeddingLayer.TOKEN_EMBEDDING)) {
                    byCharacter(parameter.getValue(), sourceVocabulary, into, targetVocabulary, true);
                } else if (layer == head && parameter.getKey().equals(LanguageModelHead.HEAD_WEIGHT)) {
                    byCharacter(parameter.getValue(), sourceVocabulary, into, targetVocabulary, false);
                } else {
                    if (!java.util.Arrays.equals(parameter.getValue().shape(), into.shape())) {
                        throw new IllegalArgumentException("layer " + layer + " " + parameter.getKey() + " has another shape");
                    }
                    into.assign(parameter.getValue());
                }
            }
        }
    }

    /** Rows (embedding, [V, C]) or columns (head, [C, V]) of {@code from} into the same characters' places in {@code into}. */
    private static void byCharacter(INDArray from, Vocabulary fromVocabulary, INDArray into, Vocabulary intoVocabulary,
                                    boolean rows) {
        for (int id = 0; id < fromVocabulary.size(); id++) {
            int newId = intoVocabulary.idOf(fromVocabulary.codePointAt(id));
            if (newId < 0) {
                throw new IllegalArgumentException("the target vocabulary lacks U+"
                        + Integer.toHexString(fromVocabulary.codePointAt(id)).toUpperCase());
            }
            if (rows) {
                into.getRow(newId).assign(from.getRow(id));
            } else {
                into.get(NDArrayIndex.all(), NDArrayIndex.point(newId)).assign(from.get(NDArrayIndex.all(), NDArrayIndex.point(id)));
            }
        }
    }
}
