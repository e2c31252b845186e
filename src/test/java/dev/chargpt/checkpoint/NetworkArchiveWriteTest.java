package dev.chargpt.checkpoint;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.fixture.TinyModels;
import dev.chargpt.step.OneGraphStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network.zip chargpt writes holds what DL4J's ModelSerializer writes, entry for entry and byte
 * for byte, only stored instead of deflated; DL4J's own reader restores it.
 */
class NetworkArchiveWriteTest {
    private static final ModelConfig MODEL = new ModelConfig(5, 1, 1, 8, 4, 0.0);

    @Test
    void theStoredArchiveHoldsModelSerializersEntriesByteForByte() throws IOException {
        MultiLayerNetwork network = trainedOnce();
        ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, dl4j, true);
        byte[] ours = NetworkArchive.write(network);

        Map<String, byte[]> expected = entries(dl4j.toByteArray(), false);
        Map<String, byte[]> actual = entries(ours, true);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, content) -> assertArrayEquals(content, actual.get(name), name));
    }

    @Test
    void dl4jsOwnReaderRestoresIt() throws IOException {
        MultiLayerNetwork network = trainedOnce();
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(NetworkArchive.write(network)), true);
        assertArrayEquals(network.params().toFloatVector(), restored.params().toFloatVector());
        assertArrayEquals(network.getUpdater().getStateViewArray().toFloatVector(),
                restored.getUpdater().getStateViewArray().toFloatVector(), "Adam's moments");
    }

    /** A network with Adam state that is not all zeros. */
    private static MultiLayerNetwork trainedOnce() {
        MultiLayerNetwork network = TinyModels.network(MODEL, new Adam(1e-2), 4, DataType.FLOAT);
        new OneGraphStep(network, 1.0).fit(TinyModels.batch(2, MODEL.blockSize(), MODEL.vocabSize(), 5, DataType.FLOAT));
        return network;
    }

    private static Map<String, byte[]> entries(byte[] zipBytes, boolean stored) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (stored) {
                    assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName() + " is stored");
                }
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertTrue(entries.size() >= 3, "configuration, coefficients and updater state");
        return entries;
    }
}
