package dev.chargpt.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.Setting;
import dev.chargpt.StrictJson;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.config.ScheduleShape;
import dev.chargpt.fixture.CraftedCheckpoint;
import dev.chargpt.train.StopRequest;
import dev.chargpt.train.TrainSettings;
import dev.chargpt.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The allow-list is what real chargpt checkpoints name, no more and no less: the classes in the
 * network JSON of both committed golden checkpoints and of checkpoints trained now, with and without
 * dropout and weight decay (weight decay adds DL4J's WeightDecay and FixedSchedule).
 */
class NetworkClassAllowListTest {
    private static final String[] GOLDEN = {"/golden/format1-width8.zip", "/golden/format1-layernorm-without-epsilon.zip"};

    @TempDir
    Path work;

    @Test
    void allowListIsExactlyTheClassesRealCheckpointsName() throws IOException {
        Set<String> named = new TreeSet<>();
        for (String golden : GOLDEN) {
            try (InputStream in = getClass().getResourceAsStream(golden)) {
                named.addAll(classesIn(CraftedCheckpoint.unzip(in.readAllBytes())));
            }
        }
        named.addAll(classesIn(CraftedCheckpoint.unzip(Files.readAllBytes(trainBriefly("plain", 0.0, 0.0, ScheduleShape.COSINE)))));
        named.addAll(classesIn(CraftedCheckpoint.unzip(Files.readAllBytes(trainBriefly("regularised", 0.1, 0.1, ScheduleShape.COSINE)))));
        named.addAll(classesIn(CraftedCheckpoint.unzip(Files.readAllBytes(trainBriefly("wsd", 0.0, 0.0, ScheduleShape.WSD)))));
        // the golden checkpoints carry the names classes had before they moved
        Set<String> allowed = new TreeSet<>(NetworkClassAllowList.CLASSES);
        allowed.addAll(NetworkClassAllowList.RENAMED.keySet());
        assertEquals(allowed, named);
    }

    private Path trainBriefly(String name, double dropout, double weightDecay, ScheduleShape schedule) throws IOException {
        Path corpus = work.resolve("corpus.txt");
        Files.writeString(corpus, "the quick brown fox jumps over the lazy dog.\n".repeat(200), StandardCharsets.UTF_8);
        Path run = work.resolve(name);
        TrainSettings settings = new TrainSettings(corpus.toString(), Preset.CPU_SMALL,
                new Overrides(1, 2, 8, 8, dropout, 4, 1e-2, 1e-3, 2, weightDecay, 1.0, 1, null, null, schedule, null, null), 3L, 1L, false, run, 0, 0, 1,
                work.resolve("data"), work.resolve("models"), work.resolve("charts"));
        new TrainingRun(settings, new PrintStream(OutputStream.nullOutputStream()), Setting::fieldName, StopRequest.NEVER).run();
        return new RunDirectory(run).latest();
    }

    private static Set<String> classesIn(Map<String, byte[]> checkpoint) throws IOException {
        byte[] json = CraftedCheckpoint.unzip(checkpoint.get("network.zip")).get("configuration.json");
        Set<String> classes = new TreeSet<>();
        collect(StrictJson.read(new String(json, StandardCharsets.UTF_8)), classes);
        return classes;
    }

    private static void collect(JsonNode node, Set<String> classes) {
        if (node.has("@class")) {
            classes.add(node.get("@class").textValue());
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            collect(children.next(), classes);
        }
    }
}
