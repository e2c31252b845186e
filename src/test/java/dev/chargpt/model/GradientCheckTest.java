package dev.chargpt.model;

import dev.chargpt.fixture.TinyModels;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.fixture.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences against backpropagation for every parameter of every custom layer
 * (embedding, two attention blocks, head), in double precision, as DL4J's own layer tests do, for
 * each MLP activation.
 * With dropout on, the check also proves that the backward pass sees the forward pass's masks.
 */
@ExtendWith(DoublePrecision.class)
class GradientCheckTest {
    @ParameterizedTest(name = "dropout {0}, {1}")
    @CsvSource({"0.0, GELU", "0.25, GELU", "0.0, RELU2", "0.25, RELU2"})
    void analyticGradientsMatchFiniteDifferences(double dropout, Activation activation) {
        ModelConfig config = new ModelConfig(5, 2, 2, 4, 4, dropout, activation);
        MultiLayerNetwork network = TinyModels.network(config, new NoOp(), 7, DataType.DOUBLE);
        TinyModels.randomizeParameters(network, 11, 0.5);
        DataSet batch = TinyModels.batch(3, config.blockSize(), config.vocabSize(), 13, DataType.DOUBLE);

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(network)
                .input(batch.getFeatures())
                .labels(batch.getLabels())
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
        assertTrue(ok, "gradient check failed; see the log for the parameters that disagree");
    }
}
