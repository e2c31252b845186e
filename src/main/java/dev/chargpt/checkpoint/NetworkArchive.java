package dev.chargpt.checkpoint;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A checkpoint's network.zip, as DL4J's {@link ModelSerializer} writes it: unpacked with every check
 * passed, then restored from those checked bytes alone.
 *
 * <p>DL4J never opens the zip itself: its reader sizes each entry's buffer by the size the zip
 * header declares, reads {@code preprocessor.bin} with Java deserialisation, and parses the network's
 * JSON with a fallback to a pre-1.0 format. Restoring here takes three lines of
 * {@code ModelSerializer.restoreMultiLayerNetwork} and leaves those out.
 *
 * <p>Writing makes the same three entries {@code ModelSerializer.writeModel(network, out, true)} makes,
 * byte for byte, but stores them instead of deflating them: weights and Adam moments are float noise
 * that deflate shrinks by about 5%, at about half a second of a 2-core machine per cpu-small
 * checkpoint (benchmarks/README.md, "Validation points, cheaper"). Any zip reader, DL4J's
 * included, reads both.
 */
final class NetworkArchive {
    private static final String CONFIGURATION = ModelSerializer.CONFIGURATION_JSON;
    private static final String COEFFICIENTS = ModelSerializer.COEFFICIENTS_BIN;
    private static final String UPDATER_STATE = ModelSerializer.UPDATER_BIN;
    private static final Set<String> ENTRIES = Set.of(CONFIGURATION, COEFFICIENTS, UPDATER_STATE);
    private static final String ARCHIVE = "its network.zip";

    private final byte[] configuration;
    private final byte[] coefficients;
    private final byte[] updaterState;

    private NetworkArchive(byte[] configuration, byte[] coefficients, byte[] updaterState) {
        this.configuration = configuration;
        this.coefficients = coefficients;
        this.updaterState = updaterState;
    }

    /**
     * @throws CheckpointRefusal if an entry is unknown or too large, the JSON names a class outside
     *                           {@link NetworkClassAllowList}, or an array is not the size the config implies
     * @throws IOException       if the zip is damaged or an entry is missing
     */
    static NetworkArchive read(byte[] networkZip, EntryCaps.Network caps) throws IOException {
        Map<String, Long> capOf = Map.of(CONFIGURATION, caps.configuration(), COEFFICIENTS, caps.coefficients(),
                UPDATER_STATE, caps.updaterState());
        ZipEntryNames names = new ZipEntryNames(ENTRIES, ARCHIVE);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(networkZip))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                names.check(entry.getName());
                entries.put(entry.getName(), BoundedRead.bytes(zip, capOf.get(entry.getName()), shown(entry.getName())));
            }
        } catch (IllegalArgumentException e) {
            throw new ZipException(ARCHIVE + " has an entry name that is not valid UTF-8");   // ZipInputStream's way to say so
        }
        // The classes first: what the network is decides whether its arrays are worth a look.
        NetworkClassAllowList.check(present(entries, CONFIGURATION), shown(CONFIGURATION));
        NdArrayHeader.checkFloatVector(present(entries, COEFFICIENTS), caps.parameters(), shown(COEFFICIENTS));
        // Adam keeps two moments per parameter.
        NdArrayHeader.checkFloatVector(present(entries, UPDATER_STATE), 2 * caps.parameters(), shown(UPDATER_STATE));
        return new NetworkArchive(entries.get(CONFIGURATION), entries.get(COEFFICIENTS), entries.get(UPDATER_STATE));
    }

    /** The network.zip of {@code network} with its Adam state, entries stored. */
    static byte[] write(MultiLayerNetwork network) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            stored(zip, CONFIGURATION, network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
            stored(zip, COEFFICIENTS, arrayBytes(network.params()));
            stored(zip, UPDATER_STATE, arrayBytes(network.getUpdater().getStateViewArray()));
        }
        return archive.toByteArray();
    }

    /** An array as ND4J's array file holds it ({@link #array} reads it back). */
    static byte[] arrayBytes(INDArray array) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(array, out);
        }
        return bytes.toByteArray();
    }

    /** A zip entry without compression; a stored entry must declare its size and CRC up front. */
    static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] present(Map<String, byte[]> entries, String name) throws IOException {
        byte[] content = entries.get(name);
        if (content == null) {
            throw new IOException(ARCHIVE + " has no " + name);
        }
        return content;
    }

    /** The network with its Adam state, as {@code ModelSerializer.restoreMultiLayerNetwork(in, true)} makes it. */
    MultiLayerNetwork restore() throws IOException {
        // The mapper MultiLayerConfiguration.fromJson tries first; fromJson would retry a failed parse with
        // the pre-1.0 mapper, whose name wrappers the allow-list does not cover.
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        JsonNode tree = mapper.readTree(new String(configuration, StandardCharsets.UTF_8));
        renameMovedClasses(tree);
        MultiLayerConfiguration conf = mapper.treeToValue(tree, MultiLayerConfiguration.class);
        INDArray params = array(coefficients);
        conf.setDataType(params.dataType());
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init(params, false);
        network.getUpdater().setStateViewArray(network, array(updaterState), false);
        return network;
    }

    /** Older checkpoints name some classes as they were called then ({@link NetworkClassAllowList#RENAMED}). */
    private static void renameMovedClasses(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode name = object.get(NetworkClassAllowList.CLASS_PROPERTY);
            if (name != null && name.isTextual() && NetworkClassAllowList.RENAMED.containsKey(name.textValue())) {
                object.put(NetworkClassAllowList.CLASS_PROPERTY, NetworkClassAllowList.RENAMED.get(name.textValue()));
            }
        }
        for (JsonNode child : node) {
            renameMovedClasses(child);
        }
    }

    /** An ND4J array file whose header {@link NdArrayHeader} has checked. */
    static INDArray array(byte[] checked) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checked))) {
            return Nd4j.read(in);
        }
    }

    private static String shown(String entry) {
        return ARCHIVE + "'s " + entry;
    }
}
