package dev.chargpt.decoder;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;

/**
 * y = x W + b for a block of rows, done where it is fastest: one row (a matrix-vector product,
 * the common case while the context fills) in a Java loop, many rows (a prompt, or the whole window
 * after the context slides) with BLAS sgemm. Measured on the cpu-small shape, 64 rows: a Java loop
 * reached 3 GMAC/s, OpenBLAS 25 GMAC/s on one thread; for one row the native call's overhead is
 * larger than the arithmetic.
 *
 * <p>Rows keep their index: row r of {@code x} ([*, in]) gives row r of {@code y} ([*, out]).
 */
final class Linear {
    /** From this many rows on, copying into native memory and calling sgemm pays for itself. */
    static final int NATIVE_MIN_ROWS = 8;

    private final int in;
    private final int out;
    private final float[] weight; // [in, out] row-major
    private final float[] bias;   // [out] or null
    private final INDArray nativeWeight;
    private final INDArray nativeIn;  // staging [maxRows, in]
    private final INDArray nativeOut; // staging [maxRows, out]
    private final FloatBuffer nativeInBuffer;  // direct views of the staging memory, for bulk copies
    private final FloatBuffer nativeOutBuffer;
    private final INDArray[] inByRows;  // views of the first n staging rows, made on first use
    private final INDArray[] outByRows;

    Linear(float[] weight, float[] bias, int in, int out, int maxRows) {
        if (weight.length != in * out || (bias != null && bias.length != out)) {
            throw new IllegalArgumentException("weight must be [" + in + ", " + out + "]");
        }
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
        this.nativeWeight = Nd4j.create(weight, new long[]{in, out}, 'c');
        this.nativeIn = Nd4j.create(DataType.FLOAT, new long[]{maxRows, in}, 'c');
        this.nativeOut = Nd4j.create(DataType.FLOAT, new long[]{maxRows, out}, 'c');
        this.nativeInBuffer = nativeIn.data().asNioFloat();
        this.nativeOutBuffer = nativeOut.data().asNioFloat();
        this.inByRows = new INDArray[maxRows + 1];
        this.outByRows = new INDArray[maxRows + 1];
    }

    /** Rows {@code row0 .. row0+rows-1}: {@code y[r, :] = x[r, :] W + b}. */
    void apply(float[] x, int row0, int rows, float[] y) {
        if (rows >= NATIVE_MIN_ROWS) {
            applyNative(x, row0, rows, y);
        } else {
            DecoderMath.matmul(x, row0, rows, in, weight, out, y);
        }
        if (bias != null) {
            for (int r = row0; r < row0 + rows; r++) {
                int o = r * out;
                for (int j = 0; j < out; j++) {
                    y[o + j] += bias[j];
                }
            }
        }
    }

    private void applyNative(float[] x, int row0, int rows, float[] y) {
        if (inByRows[rows] == null) {
            inByRows[rows] = rows == nativeIn.rows() ? nativeIn : nativeIn.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
            outByRows[rows] = rows == nativeOut.rows() ? nativeOut : nativeOut.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        }
        // Bulk copies through direct buffers, no per-element calls into native code.
        nativeInBuffer.put(0, x, row0 * in, rows * in);
        Nd4j.gemm(inByRows[rows], nativeWeight, outByRows[rows], false, false, 1.0, 0.0);
        nativeOutBuffer.get(0, y, row0 * out, rows * out);
    }
}
