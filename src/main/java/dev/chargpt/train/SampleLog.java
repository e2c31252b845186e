package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run's samples.txt: each epoch's sample, under a line that says when it was written, appended
 * as the run goes. A resumed run first drops what was written after the checkpoint it resumes from,
 * so a sample is never there twice (as the loss history is made to match its checkpoint).
 *
 * <pre>
 * === epoch 2 of 3, step 1,960, validation loss 1.7497 nats/char, seed 1337000003 ===
 * KING RICHARD III: ...
 * </pre>
 */
final class SampleLog {
    private static final Pattern HEADER = Pattern.compile("(?m)^=== epoch \\d+.*?, step ([\\d,]+),");

    private final Path file;

    SampleLog(Path file) {
        this.file = file;
    }

    void append(int epoch, int epochs, boolean epochDone, long step, double validationLoss, long seed, String text) {
        String entry = String.format(Locale.ROOT, "=== epoch %d of %d%s, step %,d, validation loss %.4f nats/char, seed %d ===%n%s%n%n",
                epoch + 1, epochs, epochDone ? "" : " (part)", step, validationLoss, seed, text);
        write(entry.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Keeps the samples of steps up to {@code step}: those a run resumed from that step has already shown. */
    void keepUpTo(long step) {
        if (!Files.exists(file)) {
            return;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure("read", e);
        }
        Matcher header = HEADER.matcher(text);
        while (header.find()) {
            if (Long.parseLong(header.group(1).replace(",", "")) > step) {
                write(text.substring(0, header.start()).getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
                return;
            }
        }
    }

    private void write(byte[] bytes, StandardOpenOption... options) {
        try {
            Files.write(file, bytes, options);
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    private BadInputException failure(String what, IOException e) {
        return new BadInputException("cannot " + what + " the samples file " + file.toAbsolutePath() + " ("
                + OneLineReason.of(e) + "); free some disk space or fix its permissions, then resume the run");
    }
}
