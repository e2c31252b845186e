package dev.chargpt.checkpoint;

import dev.chargpt.AtomicFile;
import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;
import dev.chargpt.Setting;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One checkpoint as one zip file: the DL4J network with its updater state ({@code network.zip}, in
 * {@link ModelSerializer}'s layout, its arrays stored rather than deflated), the run config, the
 * training state, the vocabulary, the loss history up to this point, and a format version.
 *
 * <p>Writing is atomic ({@link AtomicFile}): a crash, a kill or a full disk at any moment leaves
 * either the old file or the new one, never a mixture. Reading checks every entry (zip CRCs
 * catch truncation and bit rot) and the format version before anything is used.
 *
 * <p>A checkpoint may come from anyone (users share trained models), so reading treats it as data
 * and nothing else: before DL4J or ND4J parse a byte, the entry names must be exactly chargpt's
 * ({@link ZipEntryNames}), no entry may inflate past what the run's config and state imply
 * ({@link EntryCaps}, {@link BoundedRead}), the network's JSON may name only the classes chargpt's
 * networks are made of ({@link NetworkClassAllowList}) and its arrays only the sizes the config implies
 * ({@link NdArrayHeader}); the network is then restored from those checked bytes ({@link NetworkArchive}).
 */
public final class CheckpointFile {
    /** Bump when the layout changes; older files are then refused with a clear message. */
    public static final int FORMAT_VERSION = 1;

    private static final String FORMAT = "format.properties";
    private static final String CONFIG = "config.properties";
    private static final String STATE = "state.properties";
    private static final String VOCABULARY = "vocabulary.json";
    private static final String HISTORY = "history.jsonl";
    private static final String NETWORK = "network.zip";
    /** The average of the weights, in runs that keep one ({@code --ema}): an ND4J float vector. */
    private static final String AVERAGE = "average.bin";
    private static final Set<String> ENTRIES = Set.of(FORMAT, CONFIG, STATE, VOCABULARY, HISTORY, NETWORK, AVERAGE);

    private CheckpointFile() {
    }

    /** @throws BadInputException if the file cannot be written (disk full, no permission); {@code target} is then unchanged */
    public static void write(Path target, MultiLayerNetwork network, RunConfig config, TrainingState state,
                             Vocabulary vocabulary, byte[] history) {
        write(target, network, config, state, vocabulary, history, null);
    }

    /**
     * @param average the run's average of the weights, or null for a run that keeps none
     * @throws BadInputException if the file cannot be written (disk full, no permission); {@code target} is then unchanged
     */
    public static void write(Path target, MultiLayerNetwork network, RunConfig config, TrainingState state,
                             Vocabulary vocabulary, byte[] history, INDArray average) {
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(file)) {
                Properties format = new Properties();
                format.setProperty("formatVersion", Integer.toString(FORMAT_VERSION));
                entry(zip, FORMAT, properties(format));
                entry(zip, CONFIG, properties(RunConfigProperties.write(config)));
                entry(zip, STATE, properties(state.toProperties()));
                entry(zip, VOCABULARY, vocabulary.toJson().getBytes(StandardCharsets.UTF_8));
                entry(zip, HISTORY, history);
                // the arrays stored, not deflated: see NetworkArchive
                NetworkArchive.stored(zip, NETWORK, NetworkArchive.write(network));
                if (average != null) {
                    NetworkArchive.stored(zip, AVERAGE, NetworkArchive.arrayBytes(average));
                }
            }
            AtomicFile.replace(target, file.toByteArray());
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
    }

    /** Copies a checkpoint file atomically (used to keep the best one). */
    public static void copy(Path source, Path target) {
        try {
            AtomicFile.replace(target, Files.readAllBytes(source));
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
    }

    static BadInputException cannotWrite(Path target, IOException e) {
        // the write is atomic, so whatever was there is still there; the first checkpoint has nothing before it
        String kept = Files.exists(target) ? "the previous checkpoint is intact" : "nothing half-written is left behind";
        return new BadInputException("could not write the checkpoint " + target.toAbsolutePath() + ": " + OneLineReason.of(e)
                + "; " + kept + ": free space or fix permissions, then run again with " + Setting.RESUME, e);
    }

    /**
     * @throws BadInputException if the file is missing, truncated, corrupt, from another format version
     *                           or not a chargpt checkpoint, or holds anything chargpt does not write
     */
    public static Checkpoint read(Path file) {
        return open(file, CheckpointFile::readAll);
    }

    /**
     * Only the run config, without the network: cheap, and needs no ND4J (the chart's title).
     *
     * @throws BadInputException as {@link #read} does
     */
    public static RunConfig readConfig(Path file) {
        return open(file, (zip, shown) -> RunConfigProperties.read(readProperties(zip, CONFIG, shown), shown));
    }

    @FunctionalInterface
    private interface Reading<T> {
        T from(ZipFile zip, String shown) throws IOException;
    }

    /** Opens the zip, checks its entry names and the format version, reads, and turns every failure into one line. */
    private static <T> T open(Path file, Reading<T> reading) {
        String shown = file.toAbsolutePath().toString();
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no checkpoint at " + shown + "; train first (chargpt train) or pass the run directory of a trained model");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntryNames names = new ZipEntryNames(ENTRIES, "it");
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                names.check(entries.nextElement().getName());
            }
            Properties format = readProperties(zip, FORMAT, shown);
            String version = format.getProperty("formatVersion");
            if (!Integer.toString(FORMAT_VERSION).equals(version)) {
                throw new BadInputException("checkpoint " + shown + " has format version " + version + " but this chargpt reads version "
                        + FORMAT_VERSION + "; use the chargpt version that wrote it, or start a new run");
            }
            return reading.from(zip, shown);
        } catch (CheckpointRefusal e) {
            throw new BadInputException("checkpoint " + shown + " is refused: " + e.getMessage() + "; " + e.fix());
        } catch (ZipException e) {
            throw corrupt(shown, zipProblem(e), e);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no checkpoint at " + shown + "; train first or pass the run directory of a trained model");
        } catch (IOException e) {
            throw corrupt(shown, OneLineReason.of(e), e);
        } catch (UncheckedIOException e) {
            throw corrupt(shown, OneLineReason.of(e.getCause()), e);
        }
    }

    private static Checkpoint readAll(ZipFile zip, String shown) throws IOException {
        RunConfig config = RunConfigProperties.read(readProperties(zip, CONFIG, shown), shown);
        TrainingState state = TrainingState.fromProperties(readProperties(zip, STATE, shown), shown);
        EntryCaps.Network caps = EntryCaps.forNetwork(config.model(), Runtime.getRuntime().maxMemory());
        Vocabulary vocabulary = Vocabulary.fromJson(new String(bytes(zip, VOCABULARY, EntryCaps.vocabulary(config.model()), shown),
                StandardCharsets.UTF_8));
        byte[] history = bytes(zip, HISTORY, EntryCaps.history(state), shown);
        NetworkArchive archive = NetworkArchive.read(bytes(zip, NETWORK, caps.networkZip(), shown), caps);
        MultiLayerNetwork network;
        try {
            network = archive.restore();
        } catch (IOException | RuntimeException e) {
            throw corrupt(shown, "its network could not be read (" + OneLineReason.of(e) + ")", e);
        }
        return new Checkpoint(network, config, state, vocabulary, history, readAverage(zip, config, caps, shown));
    }

    /** The average of the weights: there exactly when the run keeps one, and the size of the network's weights. */
    private static INDArray readAverage(ZipFile zip, RunConfig config, EntryCaps.Network caps, String shown) throws IOException {
        boolean present = zip.getEntry(AVERAGE) != null;
        if (present != config.optimizer().averagesWeights()) {
            throw corrupt(shown, present ? "it has an average of the weights, but its config keeps none"
                    : "it has no " + AVERAGE + " (the average of the weights its config keeps)", null);
        }
        if (!present) {
            return null;
        }
        byte[] bytes = bytes(zip, AVERAGE, caps.coefficients(), shown);
        NdArrayHeader.checkFloatVector(bytes, caps.parameters(), AVERAGE);
        return NetworkArchive.array(bytes);
    }

    private static Properties readProperties(ZipFile zip, String name, String shown) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(new String(bytes(zip, name, EntryCaps.PROPERTIES, shown), StandardCharsets.UTF_8)));
        return properties;
    }

    /** At most {@code cap} bytes: the size the zip declares for the entry is not trusted. */
    private static byte[] bytes(ZipFile zip, String name, long cap, String shown) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw corrupt(shown, "it has no " + name, null);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return BoundedRead.bytes(in, cap, name);   // the zip stream checks the entry's CRC when it reaches the end
        }
    }

    /**
     * What a failed zip check means for the file. The zip's directory sits at its end, so a file cut
     * short (an interrupted copy or download) lacks it; other failures are damaged bytes inside.
     */
    private static String zipProblem(ZipException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("END header not found")) {
            return "the file ends early (cut short while it was copied or downloaded?) or is not a zip file at all";
        }
        if (message.contains("CRC")) {
            return "its bytes have changed since it was written (a checksum inside it does not match)";
        }
        return "it is not a complete zip file: truncated or damaged";
    }

    /** {@code cause}: what Java said, for --verbose's stack trace; null when chargpt found the fault itself. */
    private static BadInputException corrupt(String shown, String why, Throwable cause) {
        return new BadInputException("checkpoint " + shown + " is corrupt: " + why
                + "; resume from the other checkpoint of the run (best.zip or latest.zip) or start a new run", cause);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /** The properties as the checkpoint's entries (and the run directory's config) hold them. */
    static byte[] properties(Properties properties) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, "chargpt");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
