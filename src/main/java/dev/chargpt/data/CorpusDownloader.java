package dev.chargpt.data;

import dev.chargpt.BadInputException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Downloads one corpus into the data directory so that the target file either does not exist or
 * is complete and accepted: the bytes go to a temporary file beside the target, are checked by
 * the source's {@link CorpusAcceptance}, and only then renamed into place (atomically, so an
 * interrupted run or a concurrent one never sees half a file under the real name). When the
 * policy accepts more than one file, the accepted file's checksum is written to its
 * {@link ChecksumSidecar} before the file is moved into place, so a file under the real name
 * always has its record (a crash between the two leaves only a record, which the next
 * download replaces).
 */
final class CorpusDownloader {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** Until the response headers arrive; the body itself may take as long as the link needs. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final PrintStream progress;

    CorpusDownloader(PrintStream progress) {
        this.progress = progress;
    }

    /** Downloads {@code source} to {@code target}, or throws a BadInputException saying how to place it by hand. */
    void download(CorpusSource source, Path target) {
        Path dataDir = target.toAbsolutePath().getParent();
        progress.println("downloading " + source.title() + " (" + source.sizeText() + ") from "
                + source.uri() + " into " + displayDir(target) + "/");
        Path partial = null;
        try {
            Files.createDirectories(dataDir);
            partial = Files.createTempFile(dataDir, source.fileName() + ".", ".part");
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(source.uri()).timeout(RESPONSE_TIMEOUT).GET().build();
            HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                throw failure(source, target, NetworkReason.httpStatus(response.statusCode()), null);
            }
            String sha256 = Sha256.ofFile(partial);
            CorpusAcceptance acceptance = source.acceptance();
            Optional<String> rejection = acceptance.rejection(partial, sha256);
            if (rejection.isPresent()) {
                throw failure(source, target, "the downloaded file (" + Files.size(partial) + " bytes) " + rejection.get(), null);
            }
            if (acceptance.recordsAcceptedChecksum()) {
                ChecksumSidecar.of(target).write(sha256);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure(source, target, NetworkReason.of(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(source, target, "the download was interrupted", e);
        } finally {
            deleteQuietly(partial);
        }
    }

    /** {@code cause}: what Java said, for --verbose's stack trace; null when the download itself was refused. */
    private static BadInputException failure(CorpusSource source, Path target, String reason, Throwable cause) {
        return new BadInputException("could not download " + source.title() + " from " + source.uri()
                + " (" + reason + "); download it yourself and put the file at "
                + target.toAbsolutePath() + " (" + source.acceptance().requirement() + ")", cause);
    }

    private static String displayDir(Path target) {
        Path parent = target.getParent();
        return parent == null ? "." : parent.toString();
    }

    private static void deleteQuietly(Path partial) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // Nothing better to do: the name ends in .part, so it can never pass for the corpus.
        }
    }
}
