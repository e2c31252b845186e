package dev.chargpt.checkpoint;

import dev.chargpt.BadInputException;
import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.config.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's config survives its trip through the checkpoint's properties, and runs from before a key existed read as they trained. */
class RunConfigPropertiesTest {
    private static RunConfig config(Activation activation) {
        return new RunConfig("tiny", "cpu-small", new ModelConfig(65, 2, 2, 16, 8, 0.1, activation),
                new OptimizerConfig(3e-3, 3e-4, 10, 100, 0.1, 0.9, 0.99, 1.0), 8, 2, 7L, 50);
    }

    @Test
    void everyActivationRoundTrips() {
        for (Activation activation : Activation.values()) {
            Properties written = RunConfigProperties.write(config(activation));
            assertEquals(activation.cliName(), written.getProperty("model.activation"));
            assertEquals(config(activation), RunConfigProperties.read(written, "config.properties"));
        }
    }

    @Test
    void zeroInitRoundTripsAndARunWithoutTheKeyHasItOff() {
        for (boolean zero : new boolean[]{false, true}) {
            RunConfig config = config(Activation.RELU2);
            config = new RunConfig(config.corpus(), config.preset(), config.model().withZeroInit(zero), config.optimizer(),
                    config.batchSize(), config.epochs(), config.seed(), config.sampleLength());
            Properties written = RunConfigProperties.write(config);
            assertEquals(Boolean.toString(zero), written.getProperty("model.zeroInit"));
            assertEquals(config, RunConfigProperties.read(written, "config.properties"));
        }
        Properties old = RunConfigProperties.write(config(Activation.GELU));
        old.remove("model.zeroInit");
        assertEquals(config(Activation.GELU), RunConfigProperties.read(old, "config.properties"), "a run from before the key");
        old.setProperty("model.zeroInit", "yes");
        BadInputException e = assertThrows(BadInputException.class, () -> RunConfigProperties.read(old, "config.properties"));
        assertTrue(e.template().contains("malformed 'model.zeroInit' (yes)"), e.template());
    }

    @Test
    void qkNormRoundTripsAndARunWithoutTheKeyHasItOff() {
        for (boolean qkNorm : new boolean[]{false, true}) {
            RunConfig config = config(Activation.GELU);
            config = new RunConfig(config.corpus(), config.preset(), config.model().withQkNorm(qkNorm).withZeroInit(true),
                    config.optimizer(), config.batchSize(), config.epochs(), config.seed(), config.sampleLength());
            Properties written = RunConfigProperties.write(config);
            assertEquals(Boolean.toString(qkNorm), written.getProperty("model.qkNorm"));
            assertEquals(config, RunConfigProperties.read(written, "config.properties"));
        }
        Properties old = RunConfigProperties.write(config(Activation.RELU2));
        old.remove("model.qkNorm");
        assertEquals(config(Activation.RELU2), RunConfigProperties.read(old, "config.properties"), "a run from before the key");
    }

    @Test
    void aRunWithoutTheActivationKeyTrainedWithGelu() {
        Properties old = RunConfigProperties.write(config(Activation.RELU2));
        old.remove("model.activation");
        assertEquals(Activation.GELU, RunConfigProperties.read(old, "config.properties").model().activation());
    }
}
