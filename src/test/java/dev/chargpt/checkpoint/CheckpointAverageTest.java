package dev.chargpt.checkpoint;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.config.RunConfig;
import dev.chargpt.config.ScheduleShape;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.fixture.TinyGpt;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run that keeps an average of its weights (--ema) saves it in every checkpoint, and reads it back exactly. */
class CheckpointAverageTest {
    private static final ModelConfig MODEL = new ModelConfig(5, 1, 1, 8, 4, 0.0);
    private static final Vocabulary VOCABULARY = Vocabulary.of("abcde");

    @TempDir
    Path dir;

    private static RunConfig config(double ema) {
        OptimizerConfig optimizer = new OptimizerConfig(1e-3, 0, 0, 10, 0.1, 0.9, 0.99, 1.0, ScheduleShape.WSD, 0.3, ema);
        return new RunConfig("tiny", "cpu-small", MODEL, optimizer, 4, 1, 7, 0);
    }

    @Test
    void theAverageRoundTripsAndIsTheNetworkForUse() {
        MultiLayerNetwork network = TinyGpt.network(MODEL, 3, 0.3, DataType.FLOAT);
        INDArray average = network.params().mul(0.5);
        Path file = dir.resolve("latest.zip");
        CheckpointFile.write(file, network, config(0.99), TrainingState.fresh(), VOCABULARY, new byte[0], average);
        Checkpoint read = CheckpointFile.read(file);
        assertArrayEquals(average.toFloatVector(), read.average().toFloatVector());
        assertArrayEquals(network.params().toFloatVector(), read.network().params().toFloatVector(), "the weights as trained");
        assertArrayEquals(average.toFloatVector(), read.networkForUse().params().toFloatVector(), "used: the average");
    }

    @Test
    void aRunWithoutAnAverageHasNone() {
        MultiLayerNetwork network = TinyGpt.network(MODEL, 3, 0.3, DataType.FLOAT);
        Path file = dir.resolve("latest.zip");
        CheckpointFile.write(file, network, config(0), TrainingState.fresh(), VOCABULARY, new byte[0]);
        Checkpoint read = CheckpointFile.read(file);
        assertNull(read.average());
        assertArrayEquals(network.params().toFloatVector(), read.networkForUse().params().toFloatVector());
    }

    @Test
    void anAverageThatDisagreesWithTheConfigIsRefused() {
        MultiLayerNetwork network = TinyGpt.network(MODEL, 3, 0.3, DataType.FLOAT);
        Path missing = dir.resolve("missing.zip");
        CheckpointFile.write(missing, network, config(0.99), TrainingState.fresh(), VOCABULARY, new byte[0], null);
        BadInputException e = assertThrows(BadInputException.class, () -> CheckpointFile.read(missing));
        assertTrue(e.getMessage().contains("it has no average.bin (the average of the weights its config keeps)"), e.getMessage());

        Path extra = dir.resolve("extra.zip");
        CheckpointFile.write(extra, network, config(0), TrainingState.fresh(), VOCABULARY, new byte[0], network.params());
        e = assertThrows(BadInputException.class, () -> CheckpointFile.read(extra));
        assertTrue(e.getMessage().contains("it has an average of the weights, but its config keeps none"), e.getMessage());

        Path wrongSize = dir.resolve("wrong-size.zip");
        CheckpointFile.write(wrongSize, network, config(0.99), TrainingState.fresh(), VOCABULARY, new byte[0],
                network.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10)).dup());
        e = assertThrows(BadInputException.class, () -> CheckpointFile.read(wrongSize));
        assertTrue(e.getMessage().contains("average.bin"), e.getMessage());
    }
}
