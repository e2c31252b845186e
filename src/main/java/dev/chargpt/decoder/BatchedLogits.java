package dev.chargpt.decoder;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** The network's logits for whole windows of character ids, many windows per call. */
public interface BatchedLogits {
    int blockSize();

    int vocabSize();

    /**
     * @param ids     {@code windows * blockSize} ids, window after window
     * @param windows how many windows {@code ids} holds
     * @return logits {@code [windows][blockSize][vocab]} flattened in that order (row-major)
     */
    float[] logits(int[] ids, int windows);

    /** {@code ids}, checked to be {@code windows} whole windows, as the network's {@code [windows, blockSize]} input. */
    static INDArray input(int[] ids, int windows, int blockSize, DataType type) {
        if (windows < 1 || ids.length != (long) windows * blockSize) {
            throw new IllegalArgumentException("expected " + windows + " windows of " + blockSize + " ids, got " + ids.length + " ids");
        }
        float[] features = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            features[i] = ids[i];
        }
        return Nd4j.create(features, new long[]{windows, blockSize}, 'c').castTo(type);
    }

    /**
     * The logits as a flat row-major array, once their shape is checked to be [batch, time, vocab] (NWC):
     * a change of layout then fails loudly instead of scrambling positions and characters.
     */
    static float[] flat(INDArray output, int windows, int blockSize, int vocabSize) {
        long[] expected = {windows, blockSize, vocabSize};
        if (!Arrays.equals(output.shape(), expected)) {
            throw new IllegalStateException("the network returned logits of shape " + Arrays.toString(output.shape())
                    + ", expected [batch, time, vocab] = " + Arrays.toString(expected));
        }
        return output.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
