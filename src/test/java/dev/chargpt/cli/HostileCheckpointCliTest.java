package dev.chargpt.cli;

import dev.chargpt.fixture.CraftedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A shared model whose network names a JDK class: {@code chargpt sample} refuses it with one line and writes nothing. */
class HostileCheckpointCliTest {

    @TempDir
    Path dir;

    @Test
    void sampleRefusesACheckpointNamingAClassOutsideTheAllowList() throws IOException {
        Path model = Files.createDirectories(dir.resolve("models").resolve("shared"));
        CraftedCheckpoint crafted = CraftedCheckpoint.golden();
        String json = new String(crafted.network().get("configuration.json"), StandardCharsets.UTF_8)
                .replace("org.nd4j.linalg.learning.config.Adam", "java.lang.ProcessBuilder");
        Path best = crafted.withNetworkEntry("configuration.json", json.getBytes(StandardCharsets.UTF_8))
                .writeTo(model.resolve("best.zip"));
        List<String> before = files();

        CliRun run = CliRun.of("sample", "--model", model.toString(), "--seed", "1", "--length", "20");

        // the class name is the file's own words, quoted: the one Java name the line may carry
        UsageErrorTest.assertUsageErrorQuoting(new String[] {"'java.lang.ProcessBuilder'"}, run, "checkpoint " + best.toAbsolutePath() + " is refused",
                "names the class 'java.lang.ProcessBuilder'", "use a checkpoint written by chargpt");
        assertEquals(before, files(), "nothing created or changed");
    }

    /** Every file under the test directory with its size and modification time. */
    private List<String> files() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.map(path -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
                    return path + " " + a.size() + " " + a.lastModifiedTime();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }
}
