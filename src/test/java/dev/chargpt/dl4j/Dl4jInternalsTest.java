package dev.chargpt.dl4j;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.fixture.TinyModels;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checklist for a DL4J upgrade: every private member chargpt depends on is there. A failure
 * names all that are missing at once, not the first. The Spark build's members are checked by
 * Dl4jInternalsSparkTest, where Spark's classes are on the classpath.
 */
class Dl4jInternalsTest {
    @Test
    void everyMemberTheMainBuildUsesIsInThisDl4j() {
        List<String> missing = Dl4jInternals.missing(Dl4jInternals.Build.MAIN);
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void aMissingMemberIsNamedWithTheVersionChargptIsBuiltFor() {
        // Without Spark on this classpath the Spark build's members are missing: the message must say which.
        List<String> missing = Dl4jInternals.missing(Dl4jInternals.Build.SPARK);
        assertEquals(List.of(
                "DL4J has no SharedTrainingWrapper.INSTANCE (org.deeplearning4j.spark.parameterserver.pw.SharedTrainingWrapper):"
                        + " chargpt is built for DL4J 1.0.0-M2.1",
                "DL4J has no SharedTrainingWrapper.originalModel (org.deeplearning4j.spark.parameterserver.pw.SharedTrainingWrapper):"
                        + " chargpt is built for DL4J 1.0.0-M2.1"), missing);
    }

    @Test
    void readsAndSetsThroughTheDoor() {
        MultiLayerNetwork network = TinyModels.network(new ModelConfig(5, 1, 1, 8, 4, 0.0), new NoOp(), 1, DataType.FLOAT);
        DefaultGradient gradient = new DefaultGradient();
        Dl4jInternals.NETWORK_GRADIENT.set(network, gradient);
        assertSame(gradient, network.gradient());
        assertSame(gradient, Dl4jInternals.NETWORK_GRADIENT.get(network));
    }
}
