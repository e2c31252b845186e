package dev.chargpt.train;

import dev.chargpt.Setting;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.data.TrainingData;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.sample.Sampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The test that made the golden checkpoint {@value #ZIP} and its expectations {@value #EXPECTED}
 * in src/test/resources/golden. It runs only when asked, because it overwrites them:
 * <pre>mvn -o test -Dtest=GoldenCheckpointWriter -Dchargpt.writeGolden=true</pre>
 * Do that only when the checkpoint format changes on purpose, and then under a new name (keep the
 * old file, read or refused with one line by {@link CheckpointFile}).
 */
class GoldenCheckpointWriter {
    static final String ZIP = "format1-width8.zip";
    static final String EXPECTED = "format1-width8.expected.properties";
    static final long SAMPLE_SEED = 42;
    static final int SAMPLE_LENGTH = 200;
    static final long STEPS = 40;

    /** 1 layer x 2 heads x 8, block 8, batch 4: a checkpoint of a few KB. */
    static TrainSettings settings(Path runDir, Path work, Long maxSteps, boolean resume) {
        return new TrainSettings(GoldenCorpus.PATH.toString(), Preset.CPU_SMALL,
                new Overrides(1, 2, 8, 8, 0.0, 4, 1e-2, 1e-3, 5, 0.1, 1.0, 1),
                maxSteps, 11L, resume, runDir, 0, 0, 1, work.resolve("data"), work.resolve("models"), work.resolve("charts"));
    }

    @Test
    void writeTheGoldenCheckpoint(@TempDir Path work) throws IOException {
        assumeTrue(Boolean.getBoolean("chargpt.writeGolden"), "writes src/test/resources/golden only when asked");
        GoldenCorpus.write();
        Path run = work.resolve("golden");
        new TrainingRun(settings(run, work, STEPS, false), new PrintStream(OutputStream.nullOutputStream()), Setting::fieldName, StopRequest.NEVER)
                .withTerminal(false).run();

        Path golden = Path.of("src", "test", "resources", "golden");
        Files.copy(new RunDirectory(run).latest(), golden.resolve(ZIP), StandardCopyOption.REPLACE_EXISTING);
        Checkpoint checkpoint = CheckpointFile.read(golden.resolve(ZIP));
        TrainingData data = TrainingData.load(GoldenCorpus.PATH.toString(), work.resolve("data"));
        Properties expected = new Properties();
        expected.setProperty("validationLoss", Double.toString(
                new TextEvaluator(checkpoint.network(), checkpoint.config().model()).evaluate(data.split().validation()).meanNats()));
        expected.setProperty("sampleSeed", Long.toString(SAMPLE_SEED));
        expected.setProperty("sample", Sampling.epochSample(checkpoint.network(), checkpoint.config().model(),
                checkpoint.vocabulary(), SAMPLE_SEED, SAMPLE_LENGTH));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        expected.store(bytes, "written by GoldenCheckpointWriter with " + ZIP);
        Files.write(golden.resolve(EXPECTED), bytes.toByteArray());
        System.out.println("wrote " + golden.resolve(ZIP) + " (" + Files.size(golden.resolve(ZIP)) + " bytes) and "
                + new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1));
    }
}
