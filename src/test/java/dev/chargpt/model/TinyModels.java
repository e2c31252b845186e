package dev.chargpt.model;

import dev.chargpt.config.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Random;

/** Small models and batches for the model tests. */
final class TinyModels {
    private TinyModels() {
    }

    static MultiLayerNetwork network(ModelConfig config, IUpdater updater, long seed, DataType type) {
        return GptNetwork.create(config, updater, 0.0, seed, type);
    }

    /** Replaces every parameter (LayerNorm gains and biases included) by N(0, std): a stricter test than the initial values. */
    static void randomizeParameters(MultiLayerNetwork network, long seed, double std) {
        Nd4j.getRandom().setSeed(seed);
        INDArray random = Nd4j.randn(network.params().dataType(), network.params().shape()).muli(std);
        network.params().assign(random);
    }

    static int[][] randomIds(int batch, int length, int vocab, long seed) {
        Random random = new Random(seed);
        int[][] ids = new int[batch][length];
        for (int[] row : ids) {
            for (int i = 0; i < length; i++) {
                row[i] = random.nextInt(vocab);
            }
        }
        return ids;
    }

    static INDArray asArray(int[][] ids, DataType type) {
        double[][] values = new double[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            values[b] = new double[ids[b].length];
            for (int i = 0; i < ids[b].length; i++) {
                values[b][i] = ids[b][i];
            }
        }
        return Nd4j.createFromArray(values).castTo(type);
    }

    /** Windows of {@code length + 1} random ids split into features and next-character labels. */
    static DataSet batch(int batch, int length, int vocab, long seed, DataType type) {
        int[][] ids = randomIds(batch, length + 1, vocab, seed);
        int[][] features = new int[batch][length];
        int[][] labels = new int[batch][length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(ids[b], 0, features[b], 0, length);
            System.arraycopy(ids[b], 1, labels[b], 0, length);
        }
        return new DataSet(asArray(features, type), asArray(labels, type));
    }

    static int[] row(INDArray ids, int b) {
        double[] values = ids.getRow(b).toDoubleVector();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }
}
