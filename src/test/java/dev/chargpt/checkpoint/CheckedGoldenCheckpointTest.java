package dev.chargpt.checkpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both committed golden checkpoints pass every check of a hostile-file reader and load whole. */
class CheckedGoldenCheckpointTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"/golden/format1-width8.zip", "/golden/format1-layernorm-without-epsilon.zip"})
    void goldenCheckpointLoadsWithTheArraySizesItsConfigImplies(String resource) throws IOException {
        Path file = dir.resolve("best.zip");
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, file);
        }
        Checkpoint checkpoint = CheckpointFile.read(file);
        long parameters = checkpoint.config().model().parameterCount();
        assertEquals(parameters, checkpoint.network().params().length());
        assertEquals(2 * parameters, checkpoint.network().getUpdater().getStateViewArray().length());
        assertEquals(checkpoint.config(), CheckpointFile.readConfig(file));
    }
}
