package dev.chargpt.checkpoint;

import dev.chargpt.BadInputException;
import dev.chargpt.fixture.CraftedCheckpoint;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import static dev.chargpt.fixture.CraftedCheckpoint.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints crafted to run code or to exhaust the machine, each built from the golden checkpoint:
 * every one is refused with one line that names the file, within a few seconds, before DL4J or
 * ND4J parse it.
 */
class HostileCheckpointTest {
    private static final long GIB = 1L << 30;
    /** Class initialisers that ran: a class DL4J merely loads by name has run code. */
    static final Set<String> INITIALISED = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    static class ChargptProbe {
        static {
            INITIALISED.add("chargpt");
        }
    }

    static class Dl4jProbe {
        static {
            INITIALISED.add("dl4j");
        }
    }

    @Test
    void classOutsideTheAllowListIsRefusedBeforeItIsLoaded() throws IOException {
        CraftedCheckpoint crafted = withConfiguration(json -> json.replace("dev.chargpt.model.CharEmbeddingLayer",
                ChargptProbe.class.getName()));
        assertRefused(crafted, "names the class '" + ChargptProbe.class.getName() + "'", "not part of a chargpt network");
        assertFalse(INITIALISED.contains("chargpt"), "the class was loaded and its initialiser ran");
    }

    /** Why the check above matters: DL4J itself initialises a class named in the JSON, whatever the class is. */
    @Test
    void dl4jAloneWouldRunTheInitialiserOfANamedClass() {
        String json = new String(CraftedCheckpoint.golden().network().get("configuration.json"), StandardCharsets.UTF_8)
                .replace("dev.chargpt.model.CharEmbeddingLayer", Dl4jProbe.class.getName());
        assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(json));
        assertTrue(INITIALISED.contains("dl4j"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.ProcessBuilder", "javax.script.ScriptEngineManager"})
    void jdkClassWithSideEffectsIsRefused(String name) throws IOException {
        assertRefused(withConfiguration(json -> json.replace("org.nd4j.linalg.learning.config.Adam", name)),
                "names the class '" + name + "'");
    }

    @Test
    void classNamedOtherThanByAtClassIsRefused() throws IOException {
        assertRefused(withConfiguration(json -> json.replaceFirst("\"stepFunction\" : null", "\"stepFunction\" : { \"default\" : { } }")),
                "names a step function");
        assertRefused(withConfiguration(json -> json.replaceFirst("\"seed\" : 11", "\"seed\" : 11, \"type\" : \"java.lang.ProcessBuilder\"")),
                "\"type\" property", "java.lang.ProcessBuilder");
    }

    @Test
    void keyGivenTwiceCannotShowTheCheckOneClassAndDl4jAnother() throws IOException {
        assertRefused(withConfiguration(json -> json.replace("\"@class\" : \"dev.chargpt.model.CharEmbeddingLayer\"",
                "\"@class\" : \"java.lang.ProcessBuilder\", \"@class\" : \"dev.chargpt.model.CharEmbeddingLayer\"")), "not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "model/../../x", "/tmp/x", "C:\\x", "notes.txt", "extra/", "network.zip/"})
    void entryOutsideTheAllowListIsRefused(String name) throws IOException {
        assertRefused(CraftedCheckpoint.golden().with(name, "x".getBytes(StandardCharsets.UTF_8)), "holds");
    }

    @Test
    void entryNamedTwiceIsRefused() throws IOException {
        // ZipOutputStream refuses to write a name twice: write a stand-in name, then patch it everywhere.
        byte[] zip = CraftedCheckpoint.zip(Map.of("vocabulary.jsoX", out -> out.write("{}".getBytes(StandardCharsets.UTF_8))));
        Path file = CraftedCheckpoint.golden().with("vocabulary.jsoX", CraftedCheckpoint.unzip(zip).get("vocabulary.jsoX"))
                .writeTo(dir.resolve("best.zip"));
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("vocabulary.jsoX", "vocabulary.json");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(file, "holds the entry 'vocabulary.json' twice");
    }

    @Test
    void networkEntryOutsideTheAllowListIsRefused() throws IOException {
        // DL4J would read preprocessor.bin with Java deserialisation.
        assertRefused(CraftedCheckpoint.golden().withNetworkEntry("preprocessor.bin", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}),
                "its network.zip holds an entry 'preprocessor.bin' that chargpt never writes");
    }

    @Test
    void entryNamesAreCheckedForTheConfigAlone() throws IOException {
        Path file = CraftedCheckpoint.golden().with("../x", new byte[1]).writeTo(dir.resolve("best.zip"));
        BadInputException e = assertThrows(BadInputException.class, () -> CheckpointFile.readConfig(file));
        assertOneLine(e, file, "leaves the archive");
    }

    @Test
    void historyThatInflatesToAGigabyteIsRefusedEarly() throws IOException {
        assertRefusedCheaply(CraftedCheckpoint.golden().with("history.jsonl", zeros(GIB)), "history.jsonl inflates to more than");
    }

    @Test
    void networkZipThatInflatesToAGigabyteIsRefusedEarly() throws IOException {
        assertRefusedCheaply(CraftedCheckpoint.golden().with("network.zip", zeros(GIB)), "network.zip inflates to more than");
    }

    @Test
    void weightsThatInflateToAGigabyteAreRefusedEarly() throws IOException {
        // A config of width 512 allows a network.zip of 38 MB, room for a compressed gigabyte of
        // zeros: the cap of the entry inside it must stop it.
        CraftedCheckpoint crafted = CraftedCheckpoint.golden();
        crafted.with("config.properties", new String(crafted.entry("config.properties"), StandardCharsets.UTF_8)
                .replace("model.width=8", "model.width=512").getBytes(StandardCharsets.UTF_8));
        Map<String, CraftedCheckpoint.Content> network = new LinkedHashMap<>();
        crafted.network().forEach((name, bytes) -> network.put(name, out -> out.write(bytes)));
        network.put("coefficients.bin", zeros(GIB));
        crafted.with("network.zip", CraftedCheckpoint.zip(network));
        assertRefusedCheaply(crafted, "its network.zip's coefficients.bin inflates to more than");
    }

    @Test
    void arrayHeaderClaimingBillionsOfValuesIsRefused() throws IOException {
        CraftedCheckpoint crafted = CraftedCheckpoint.golden();
        ByteBuffer coefficients = ByteBuffer.wrap(crafted.network().get("coefficients.bin"));
        // Nd4j.write: writeUTF("MIXED_DATA_TYPES") is 18 bytes, the shape information's length 8,
        // writeUTF("LONG") 6, its rank 8, then its size; the data header follows the 6 shape longs.
        int shapeSize = 18 + 8 + 6 + 8;
        int dataLength = 18 + 8 + 6 + 6 * 8 + 18;
        coefficients.putLong(shapeSize, 3_000_000_000L).putLong(dataLength, 3_000_000_000L);
        assertRefused(crafted.withNetworkEntry("coefficients.bin", coefficients.array()), "its network.zip's coefficients.bin declares 3,000,000,000 values",
                "1,224 values");
    }

    @Test
    void arrayWithMoreBytesThanItsHeaderDeclaresIsRefused() throws IOException {
        CraftedCheckpoint crafted = CraftedCheckpoint.golden();
        byte[] state = crafted.network().get("updaterState.bin");
        assertRefused(crafted.withNetworkEntry("updaterState.bin", Arrays.copyOf(state, state.length + 4)), "its network.zip's updaterState.bin holds");
    }

    @Test
    void configClaimingAModelLargerThanTheHeapIsRefused() throws IOException {
        CraftedCheckpoint crafted = CraftedCheckpoint.golden();
        crafted.with("config.properties", new String(crafted.entry("config.properties"), StandardCharsets.UTF_8)
                .replace("model.width=8", "model.width=65536").replace("model.layers=1", "model.layers=256")
                .getBytes(StandardCharsets.UTF_8));
        assertRefused(crafted, "parameters, which take about", "run with more memory");
    }

    @Test
    void anotherProgramsDl4jModelIsRefused() throws IOException {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork other = new MultiLayerNetwork(conf);
        other.init();
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(other, saved, true);
        assertRefused(CraftedCheckpoint.golden().with("network.zip", saved.toByteArray()), "not part of a chargpt network");
    }

    private static CraftedCheckpoint withConfiguration(UnaryOperator<String> edit) {
        CraftedCheckpoint crafted = CraftedCheckpoint.golden();
        String json = new String(crafted.network().get("configuration.json"), StandardCharsets.UTF_8);
        String edited = edit.apply(json);
        assertNotEquals(json, edited, "the edit changed nothing");
        return crafted.withNetworkEntry("configuration.json", edited.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(CraftedCheckpoint crafted, String... fragments) throws IOException {
        assertRefused(crafted.writeTo(dir.resolve("best.zip")), fragments);
    }

    private static void assertRefused(Path file, String... fragments) {
        long start = System.nanoTime();
        BadInputException e = assertThrows(BadInputException.class, () -> CheckpointFile.read(file));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertOneLine(e, file, fragments);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "refused only after " + took);
    }

    /** Refused within 3 s, having allocated under 100 MB on this thread for a gigabyte inside. */
    private void assertRefusedCheaply(CraftedCheckpoint crafted, String... fragments) throws IOException {
        Path file = crafted.writeTo(dir.resolve("best.zip"));
        assertTrue(Files.size(file) < 16 << 20, "the bomb itself is small: " + Files.size(file));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        BadInputException e = assertThrows(BadInputException.class, () -> CheckpointFile.read(file));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertOneLine(e, file, fragments);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "refused only after " + took);
        assertTrue(allocated < 100L << 20, "reading allocated " + (allocated >> 20) + " MB");
    }

    static void assertOneLine(BadInputException e, Path file, String... fragments) {
        String message = e.getMessage();
        assertTrue(message.startsWith("checkpoint " + file.toAbsolutePath() + " is refused: "), message);
        for (String fragment : List.of(fragments)) {
            assertTrue(message.contains(fragment), "'" + fragment + "' not in: " + message);
        }
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(message.contains("; use a checkpoint written by chargpt") || message.contains("run with more memory"), message);
    }
}
