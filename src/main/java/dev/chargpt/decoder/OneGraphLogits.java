package dev.chargpt.decoder;

import dev.chargpt.model.GptNetwork;
import dev.chargpt.model.LanguageModelHead;
import dev.chargpt.model.MaskedSameDiffLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network's logits from one SameDiff graph of all its layers, forward only: the same layer
 * definitions as {@link WindowLogits}, without DL4J's per-layer execution around each one. Measured
 * on cpu-small (benchmarks/README.md, "Validation points, cheaper", and the section under it):
 * about three times the characters per second of {@code network.output}, which is why the training
 * loop validates with it.
 *
 * <p>The graph's variables are views of the network's own parameters, so it always computes with the
 * network's current weights: build it once per network and use it after every step. Dropout is off,
 * as in {@code network.output(input, false)}: layers that have it get keep-everything masks.
 */
public final class OneGraphLogits implements BatchedLogits {
    private static final String IDS = "ids";
    private static final String LABELS = "labels";

    private final SameDiff graph = SameDiff.create();
    private final int blockSize;
    private final int vocabSize;
    private final DataType type;
    private final String logits;
    /** Layer index -> its mask placeholder, for layers with dropout. */
    private final Map<Integer, String> masks = new LinkedHashMap<>();
    private final Map<Integer, MaskedSameDiffLayer> masked = new LinkedHashMap<>();

    public OneGraphLogits(MultiLayerNetwork network) {
        this.type = network.params().dataType();
        int last = GptNetwork.headLayer(GptNetwork.blockCount(network));
        LanguageModelHead head = (LanguageModelHead) network.getLayer(last).conf().getLayer();
        this.blockSize = head.getBlockSize();
        this.vocabSize = head.getVocabSize();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            graph.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
            SDVariable x = graph.placeHolder(IDS, type, -1, blockSize);
            SDVariable labels = graph.placeHolder(LABELS, type, -1, blockSize);
            for (int i = 0; i < last; i++) {
                MaskedSameDiffLayer layer = (MaskedSameDiffLayer) network.getLayer(i).conf().getLayer();
                x = layer.defineLayer(graph, x, parameters(network, i), mask(i, layer));
            }
            head.defineLayer(graph, x, labels, parameters(network, last));
            logits = LanguageModelHead.LOGITS;
        }
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public float[] logits(int[] ids, int windows) {
        INDArray input = BatchedLogits.input(ids, windows, blockSize, type);
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(IDS, input);
        placeholders.put(LABELS, Nd4j.zeros(type, windows, blockSize));
        masks.forEach((index, name) -> placeholders.put(name, masked.get(index).onesMaskForInput(input)));
        return BatchedLogits.flat(graph.outputSingle(placeholders, logits), windows, blockSize, vocabSize);
    }

    /** The layer's parameters as graph variables backed by the network's own arrays. */
    private Map<String, SDVariable> parameters(MultiLayerNetwork network, int index) {
        Layer layer = network.getLayer(index);
        Map<String, SDVariable> variables = new LinkedHashMap<>();
        layer.paramTable().forEach((name, array) -> {
            SDVariable variable = graph.var(GptNetwork.paramKey(index, name), type, array.shape());
            graph.associateArrayWithVariable(array, variable);
            variables.put(name, variable);
        });
        return variables;
    }

    private SDVariable mask(int index, MaskedSameDiffLayer layer) {
        if (!layer.usesDropoutMask()) {
            return null;
        }
        long[] shape = layer.maskShape(1);
        shape[0] = -1;
        String name = "mask" + index;
        masks.put(index, name);
        masked.put(index, layer);
        return graph.placeHolder(name, type, shape);
    }
}
