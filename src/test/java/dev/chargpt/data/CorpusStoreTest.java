package dev.chargpt.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.chargpt.BadInputException;
import dev.chargpt.fixture.PlainWords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class CorpusStoreTest {

    /** A made-up corpus: the real ones are checked against their pinned checksums elsewhere. */
    private static final byte[] GOOD = IntStream.range(0, 2000)
            .mapToObj(i -> "line " + i + " of a small test corpus\n")
            .collect(Collectors.joining())
            .getBytes(StandardCharsets.UTF_8);
    private static final String GOOD_SHA256 = sha256(GOOD);
    private static final String FILE_NAME = "small.txt";
    private static final String SIDECAR_NAME = FILE_NAME + ".sha256";
    /** A newer Gutenberg edition than any we know, accepted by {@link SyntheticEdition#POLICY}. */
    private static final byte[] EDITION = SyntheticEdition.file();
    private static final String EDITION_SHA256 = sha256(EDITION);
    private static final String EDITION_REQUIREMENT = "a UTF-8 plain-text edition of Project Gutenberg eBook #100";

    @TempDir
    Path tmp;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private Path dataDir;

    @BeforeEach
    void startServer() throws IOException {
        dataDir = tmp.resolve("data"); // does not exist yet: the store must create it
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good", counted(exchange -> respond(exchange, 200, GOOD)));
        server.createContext("/short", counted(exchange -> respond(exchange, 200, Arrays.copyOf(GOOD, GOOD.length / 2))));
        server.createContext("/cut", counted(CorpusStoreTest::promiseAllSendHalf));
        server.createContext("/missing", counted(exchange -> respond(exchange, 404, "not here".getBytes(StandardCharsets.UTF_8))));
        server.createContext("/edition", counted(exchange -> respond(exchange, 200, EDITION)));
        server.createContext("/moved", counted(exchange -> {
            exchange.getResponseHeaders().add("Location", "/good");
            respond(exchange, 302, new byte[0]);
        }));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void goodDownloadIsCachedAndThenReusedWithTheServerStopped() throws IOException {
        CorpusStore store = storeFor("/good");

        Path file = store.resolve("tiny");

        assertEquals(dataDir.resolve(FILE_NAME), file);
        assertArrayEquals(GOOD, Files.readAllBytes(file));
        assertEquals(List.of(FILE_NAME), filesIn(dataDir), "no temporary file may be left");
        assertTrue(progress.toString(StandardCharsets.UTF_8).startsWith("downloading test corpus (0.1 MB) from http://"),
                progress.toString(StandardCharsets.UTF_8));

        server.stop(0);
        assertEquals(file, store.resolve("tiny"));
        assertEquals(1, requests.get());
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        Path file = storeFor("/moved").resolve("tiny");
        assertArrayEquals(GOOD, Files.readAllBytes(file));
    }

    @Test
    void truncatedFileFailsTheChecksumAndLeavesNothingBehind() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> storeFor("/short").resolve("tiny"));

        assertHowToPlaceByHand(e, "/short");
        assertTrue(e.getMessage().contains("(the downloaded file (" + GOOD.length / 2 + " bytes) is corrupt or a different version: sha256 "
                + sha256(Arrays.copyOf(GOOD, GOOD.length / 2)) + ", expected " + GOOD_SHA256 + ")"), e.getMessage());
        assertEquals(List.of(), filesIn(dataDir));
    }

    @Test
    void connectionCutMidDownloadLeavesNothingBehind() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> storeFor("/cut").resolve("tiny"));

        assertHowToPlaceByHand(e, "/cut");
        assertTrue(e.getMessage().contains("(the connection closed after " + GOOD.length / 2 + " of " + GOOD.length + " bytes: try again)"),
                e.getMessage());
        assertEquals(List.of(), filesIn(dataDir));
    }

    @Test
    void httpErrorLeavesNothingBehind() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> storeFor("/missing").resolve("tiny"));

        assertHowToPlaceByHand(e, "/missing");
        assertTrue(e.getMessage().contains("(the server answered with HTTP status 404 (no file at that address) instead of the file)"),
                e.getMessage());
        assertEquals(List.of(), filesIn(dataDir));
    }

    @Test
    void noNetworkSaysWhereToPutTheFile() throws IOException {
        URI unreachable = URI.create("http://127.0.0.1:" + unusedPort() + "/good");
        CorpusStore store = new CorpusStore(dataDir, corpus -> source(unreachable), new PrintStream(progress, true));

        BadInputException e = assertThrows(BadInputException.class, () -> store.resolve("tiny"));

        assertTrue(e.getMessage().contains(unreachable.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("(the connection was refused: nothing answers at that address and port)"), e.getMessage());
        PlainWords.assertPlain(e.getMessage());
        assertTrue(e.getMessage().contains("put the file at " + dataDir.resolve(FILE_NAME).toAbsolutePath()
                + " (sha256 " + GOOD_SHA256 + ")"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(List.of(), filesIn(dataDir));
    }

    @Test
    void aServerThatAnswersHttpsInPlainHttpIsATlsFailure() throws Exception {
        // answers every connection with a plain-HTTP error at once, as a web server on the wrong port does
        // (Java's HTTP client may try a failed handshake again: a server that answered only the first
        // connection left the second waiting until the connect timeout, now and then)
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                while (!plain.isClosed()) {
                    try (var socket = plain.accept()) {
                        socket.getInputStream().read(new byte[512]);
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        // read on until the client hangs up: closing with its bytes unread would reset the connection
                        socket.shutdownOutput();
                        socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                    } catch (IOException ignored) {
                        // the client hung up first (the test then fails on its message), or the test is over
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            URI https = URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/good");
            CorpusStore store = new CorpusStore(dataDir, corpus -> source(https), new PrintStream(progress, true));

            BadInputException e = assertThrows(BadInputException.class, () -> store.resolve("tiny"));

            assertHowToPlaceByHand(e, "/good");
            assertTrue(e.getMessage().contains("(the secure (TLS) connection failed: "), e.getMessage());
            assertEquals(List.of(), filesIn(dataDir));
        }
    }

    @Test
    void correctFilePlacedByHandNeedsNoNetwork() throws IOException {
        Files.createDirectories(dataDir);
        Files.write(dataDir.resolve(FILE_NAME), GOOD);
        URI unreachable = URI.create("http://127.0.0.1:" + unusedPort() + "/good");
        CorpusStore store = new CorpusStore(dataDir, corpus -> source(unreachable), new PrintStream(progress, true));

        assertEquals(dataDir.resolve(FILE_NAME), store.resolve("tiny"));
        assertEquals("", progress.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cachedFileWithTheWrongChecksumIsReportedAsCorruptAndKept() throws IOException {
        Files.createDirectories(dataDir);
        Path cached = dataDir.resolve(FILE_NAME);
        Files.write(cached, Arrays.copyOf(GOOD, 100));

        BadInputException e = assertThrows(BadInputException.class, () -> storeFor("/good").resolve("tiny"));

        assertTrue(e.getMessage().contains(cached.toAbsolutePath() + " is corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
        assertEquals(0, requests.get(), "a corrupt cache is the user's to look at, not silently replaced");
        assertEquals(100, Files.size(cached));
    }

    @Test
    void publicUrlOverrideDownloadsTheRealTinyShakespeareAgainstItsPinnedChecksum() throws IOException {
        byte[] tiny = Files.readAllBytes(SharedCorpora.tiny());
        server.createContext("/input.txt", exchange -> respond(exchange, 200, tiny));
        URI local = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/input.txt");

        Path file = new CorpusStore(dataDir, corpus -> corpus == NamedCorpus.TINY ? local : null).resolve("tiny");

        assertEquals(dataDir.resolve("tinyshakespeare.txt"), file);
        assertEquals(Optional.empty(), NamedCorpus.TINY.acceptance().rejection(file, Sha256.ofFile(file)));
    }

    // --- corpora that accept any plausible edition (the complete works) ---

    @Test
    void newEditionIsAcceptedItsChecksumRecordedAndThenReusedWithTheServerStopped() throws IOException {
        CorpusStore store = editionStoreFor("/edition");

        Path file = store.resolve("complete");

        assertEquals(dataDir.resolve(FILE_NAME), file);
        assertArrayEquals(EDITION, Files.readAllBytes(file));
        assertEquals(List.of(FILE_NAME, SIDECAR_NAME), filesIn(dataDir), "the file, its record, and no temporary file");
        assertEquals(EDITION_SHA256 + "  " + FILE_NAME + "\n", Files.readString(dataDir.resolve(SIDECAR_NAME)));

        server.stop(0);
        assertEquals(file, store.resolve("complete"));
        assertEquals(1, requests.get());
    }

    @Test
    void nonGutenbergDownloadIsRejectedAndLeavesNothingBehind() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> editionStoreFor("/good").resolve("complete"));

        String message = e.getMessage();
        assertTrue(message.startsWith("could not download test corpus from http://127.0.0.1:"), message);
        assertTrue(message.contains("/good (the downloaded file (" + GOOD.length + " bytes) is not a plausible edition of"
                + " Project Gutenberg eBook #100: no '*** START OF THE PROJECT GUTENBERG EBOOK ... ***' line found"), message);
        assertTrue(message.endsWith("put the file at " + dataDir.resolve(FILE_NAME).toAbsolutePath() + " (" + EDITION_REQUIREMENT + ")"),
                message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertEquals(List.of(), filesIn(dataDir));
    }

    @Test
    void truncatedEditionIsRejectedAndLeavesNothingBehind() throws IOException {
        byte[] firstPart = Arrays.copyOf(EDITION, EDITION.length * 3 / 4);
        server.createContext("/truncated", exchange -> respond(exchange, 200, firstPart));

        BadInputException e = assertThrows(BadInputException.class, () -> editionStoreFor("/truncated").resolve("complete"));

        assertTrue(e.getMessage().contains("no '*** END OF THE PROJECT GUTENBERG EBOOK ... ***' line"), e.getMessage());
        assertEquals(List.of(), filesIn(dataDir));
    }

    @Test
    void cachedEditionChangedAfterItWasAcceptedIsReportedCorruptAndKept() throws IOException {
        Path file = editionStoreFor("/edition").resolve("complete");
        byte[] altered = EDITION.clone();
        int somewhereInTheText = EDITION.length / 2;
        altered[somewhereInTheText] = (byte) (altered[somewhereInTheText] == 'x' ? 'y' : 'x');
        Files.write(file, altered);
        assertEquals(Optional.empty(), SyntheticEdition.POLICY.rejection(file, Sha256.ofFile(file)),
                "still a plausible edition: only the record can tell");

        BadInputException e = assertThrows(BadInputException.class, () -> editionStoreFor("/edition").resolve("complete"));

        String message = e.getMessage();
        assertTrue(message.startsWith("the cached test corpus at " + file.toAbsolutePath() + " has changed since it was accepted (sha256 "
                + sha256(altered) + ", but " + SIDECAR_NAME + " records " + EDITION_SHA256 + ")"), message);
        assertTrue(message.contains("delete both files and run again to download it from http://127.0.0.1:"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertEquals(1, requests.get(), "a corrupt cache is the user's to look at, not silently replaced");
        assertArrayEquals(altered, Files.readAllBytes(file));
        assertEquals(EDITION_SHA256 + "  " + FILE_NAME + "\n", Files.readString(dataDir.resolve(SIDECAR_NAME)));
    }

    @Test
    void realCompleteWorksPlacedByHandAreAcceptedWithoutNetworkAndRecorded() throws IOException {
        Files.createDirectories(dataDir);
        Path placed = Files.copy(SharedCorpora.complete(), dataDir.resolve(NamedCorpus.COMPLETE.fileName()));
        URI unreachable = URI.create("http://127.0.0.1:" + unusedPort() + "/pg100.txt");
        CorpusStore store = new CorpusStore(dataDir, corpus -> corpus.source().withUri(unreachable), new PrintStream(progress, true));

        assertEquals(placed, store.resolve("complete"));

        Path sidecar = dataDir.resolve("shakespeare_complete.txt.sha256");
        assertEquals(NamedCorpus.COMPLETE_2011_SHA256 + "  shakespeare_complete.txt\n", Files.readString(sidecar));
        assertEquals("accepted " + placed.toAbsolutePath() + " (sha256 " + NamedCorpus.COMPLETE_2011_SHA256
                + ") and recorded its checksum in " + sidecar.toAbsolutePath() + "\n", progress.toString(StandardCharsets.UTF_8));

        progress.reset();
        assertEquals(placed, store.resolve("complete"));
        assertEquals("", progress.toString(StandardCharsets.UTF_8), "the second run just checks the record");
    }

    @Test
    void realCompleteWorksDownloadAsAKnownEdition() throws IOException {
        byte[] complete = Files.readAllBytes(SharedCorpora.complete());
        server.createContext("/pg100.txt", exchange -> respond(exchange, 200, complete));
        URI local = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pg100.txt");

        Path file = new CorpusStore(dataDir, corpus -> corpus.source().withUri(local), new PrintStream(progress, true))
                .resolve("complete");

        assertEquals(NamedCorpus.COMPLETE_2011_SHA256, Sha256.ofFile(file));
        assertEquals(List.of("shakespeare_complete.txt", "shakespeare_complete.txt.sha256"), filesIn(dataDir));
    }

    @Test
    void newEditionPlacedByHandIsCheckedAndRecorded() throws IOException {
        Files.createDirectories(dataDir);
        Path placed = Files.write(dataDir.resolve(FILE_NAME), EDITION);
        server.stop(0);

        assertEquals(placed, editionStoreFor("/edition").resolve("complete"));

        assertEquals(EDITION_SHA256 + "  " + FILE_NAME + "\n", Files.readString(dataDir.resolve(SIDECAR_NAME)));
        assertTrue(progress.toString(StandardCharsets.UTF_8).startsWith("accepted " + placed.toAbsolutePath()),
                progress.toString(StandardCharsets.UTF_8));
    }

    @Test
    void implausibleFilePlacedByHandIsRefusedKeptAndNotRecorded() throws IOException {
        Files.createDirectories(dataDir);
        Path placed = Files.write(dataDir.resolve(FILE_NAME), GOOD);

        BadInputException e = assertThrows(BadInputException.class, () -> editionStoreFor("/edition").resolve("complete"));

        String message = e.getMessage();
        assertTrue(message.startsWith("the cached test corpus at " + placed.toAbsolutePath() + " is not a plausible edition of"
                + " Project Gutenberg eBook #100: no '*** START OF"), message);
        assertTrue(message.endsWith("; delete it and run again to download it from http://127.0.0.1:" + server.getAddress().getPort()
                + "/edition, or put the right file there (" + EDITION_REQUIREMENT + ")"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertEquals(List.of(FILE_NAME), filesIn(dataDir));
        assertEquals(0, requests.get());
    }

    @Test
    void damagedRecordIsReported() throws IOException {
        Files.createDirectories(dataDir);
        Files.write(dataDir.resolve(FILE_NAME), EDITION);
        Files.writeString(dataDir.resolve(SIDECAR_NAME), "garbage\n");

        BadInputException e = assertThrows(BadInputException.class, () -> editionStoreFor("/edition").resolve("complete"));

        assertTrue(e.getMessage().contains(SIDECAR_NAME + " is damaged"), e.getMessage());
    }

    @Test
    void leftoverRecordWithoutItsFileIsReplacedByTheDownload() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(SIDECAR_NAME), "f".repeat(64) + "  " + FILE_NAME + "\n");

        editionStoreFor("/edition").resolve("complete");

        assertEquals(EDITION_SHA256 + "  " + FILE_NAME + "\n", Files.readString(dataDir.resolve(SIDECAR_NAME)));
    }

    @Test
    void pinnedCorpusIgnoresRecords() throws IOException {
        Files.createDirectories(dataDir);
        Files.write(dataDir.resolve(FILE_NAME), GOOD);
        Files.writeString(dataDir.resolve(SIDECAR_NAME), "garbage\n");

        assertEquals(dataDir.resolve(FILE_NAME), storeFor("/good").resolve("tiny"));
    }

    // --- the user's own files ---

    @Test
    void userFileIsReturnedAsGiven() throws IOException {
        Path file = Files.writeString(tmp.resolve("mine.txt"), "some text\n");
        assertEquals(file, new CorpusStore(dataDir).resolve(file.toString()));
    }

    @Test
    void missingUserFileIsRefused() {
        Path missing = tmp.resolve("nope.txt");
        BadInputException e = assertThrows(BadInputException.class, () -> new CorpusStore(dataDir).resolve(missing.toString()));
        assertEquals("corpus file not found: " + missing.toAbsolutePath()
                + "; pass tiny, complete or the path of an existing UTF-8 text file", e.getMessage());
    }

    @Test
    void directoryIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> new CorpusStore(dataDir).resolve(tmp.toString()));
        assertTrue(e.getMessage().startsWith("corpus path is a directory, not a file: " + tmp.toAbsolutePath()), e.getMessage());
    }

    @Test
    void emptyUserFileIsRefused() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.txt"));
        BadInputException e = assertThrows(BadInputException.class, () -> new CorpusStore(dataDir).resolve(empty.toString()));
        assertTrue(e.getMessage().startsWith("corpus file is empty: " + empty.toAbsolutePath()), e.getMessage());
    }

    @Test
    void unreadableUserFileIsRefused() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "text");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(secret), "running as a user who can read anything (root)");

        BadInputException e = assertThrows(BadInputException.class, () -> new CorpusStore(dataDir).resolve(secret.toString()));
        assertTrue(e.getMessage().startsWith("corpus file is not readable: "), e.getMessage());
    }

    @Test
    void blankArgumentIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> new CorpusStore(dataDir).resolve(" "));
        assertTrue(e.getMessage().contains("corpus tiny"), e.getMessage());
    }

    private CorpusStore storeFor(String path) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new CorpusStore(dataDir, corpus -> source(uri), new PrintStream(progress, true));
    }

    private CorpusStore editionStoreFor(String path) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        CorpusSource source = new CorpusSource("test corpus", FILE_NAME, uri, SyntheticEdition.POLICY, EDITION.length);
        return new CorpusStore(dataDir, corpus -> source, new PrintStream(progress, true));
    }

    private static CorpusSource source(URI uri) {
        return new CorpusSource("test corpus", FILE_NAME, uri, GOOD_SHA256, GOOD.length);
    }

    private void assertHowToPlaceByHand(BadInputException e, String path) {
        String message = e.getMessage();
        assertTrue(message.matches("could not download test corpus from https?://127\\.0\\.0\\.1:.*"), message);
        assertTrue(message.contains(path), message);
        assertTrue(message.endsWith("put the file at " + dataDir.resolve(FILE_NAME).toAbsolutePath()
                + " (sha256 " + GOOD_SHA256 + ")"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
        PlainWords.assertPlain(message);
    }

    private HttpHandler counted(HttpHandler handler) {
        return exchange -> {
            requests.incrementAndGet();
            handler.handle(exchange);
        };
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Announces the whole file, sends half, and drops the connection: a download cut by the network. */
    private static void promiseAllSendHalf(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, GOOD.length);
        OutputStream out = exchange.getResponseBody();
        out.write(GOOD, 0, GOOD.length / 2);
        out.flush();
        exchange.close(); // fewer bytes than announced: the server closes the connection
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> filesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
