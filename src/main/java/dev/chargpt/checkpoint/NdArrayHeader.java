package dev.chargpt.checkpoint;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;

/**
 * The header of an ND4J array file (coefficients.bin, updaterState.bin) against the float vector
 * the model's config implies, before {@code Nd4j.read} sees it.
 *
 * <p>{@code Nd4j.write} writes two buffers, each as {@code writeUTF(allocation mode)},
 * {@code writeLong(length)}, {@code writeUTF(data type)} and then {@code length} values: first the
 * shape information (for a vector: rank, size, stride, options, element-wise stride, order), then
 * the data. {@code Nd4j.read} allocates each buffer off the Java heap at the length its header
 * declares, before reading a single value (nd4j-api {@code Nd4j.read},
 * {@code CompressedDataBuffer.readUnknown}, {@code BaseDataBuffer.read}), and trusts the shape's
 * strides when DL4J later cuts the vector into per-layer views. So the header must be exactly the one
 * chargpt's networks write, a rank-1 float vector of the expected length in C order with unit stride,
 * and the file must hold exactly that many floats: ND4J then allocates what the (already capped) file
 * holds, and every view stays inside it. A "COMPRESSED" buffer, whose own header sizes a Java array,
 * is refused by the same rule.
 */
final class NdArrayHeader {
    private static final String MIXED_DATA_TYPES = "MIXED_DATA_TYPES";
    private static final long VECTOR_SHAPE_INFO = 6;
    private static final long FLOAT_OPTIONS = ArrayOptionsHelper.setOptionBit(0L, DataType.FLOAT);
    private static final long C_ORDER = 'c';

    private NdArrayHeader() {
    }

    /** @param entry how messages name the file, e.g. "its network.zip's coefficients.bin" */
    static void checkFloatVector(byte[] file, long length, String entry) throws CheckpointRefusal {
        String vector = "an ND4J float vector of " + String.format("%,d", length) + " values, as the model's config implies";
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
            expect(in.readUTF().equals(MIXED_DATA_TYPES) && in.readLong() == VECTOR_SHAPE_INFO && in.readUTF().equals("LONG")
                    && in.readLong() == 1, entry + " is not " + vector + ": its shape is not that of a vector");
            long declared = in.readLong();
            expect(declared == length, entry + " declares " + String.format("%,d", declared) + " values where it must hold " + vector);
            expect(in.readLong() == 1 && in.readLong() == FLOAT_OPTIONS && in.readLong() == 1 && in.readLong() == C_ORDER,
                    entry + " is not " + vector + ": its stride, data type or order differ");
            expect(in.readUTF().equals(MIXED_DATA_TYPES), entry + " is not " + vector + ": its data header is not ND4J's");
            declared = in.readLong();
            expect(declared == length, entry + " declares a data buffer of " + String.format("%,d", declared)
                    + " values where it must hold " + vector);
            expect(in.readUTF().equals(DataType.FLOAT.name()), entry + " is not " + vector + ": its values are not floats");
            expect(in.available() == 4 * length, entry + " holds " + in.available() + " bytes of values where it must hold " + vector);
        } catch (EOFException | UTFDataFormatException e) {
            throw new CheckpointRefusal(entry + " ends inside its header where it must hold " + vector);
        } catch (CheckpointRefusal e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("a byte array cannot fail to read", e);
        }
    }

    private static void expect(boolean condition, String problem) throws CheckpointRefusal {
        if (!condition) {
            throw new CheckpointRefusal(problem);
        }
    }
}
