package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;
import dev.chargpt.Setting;
import dev.chargpt.train.TrainingStopped;
import org.apache.commons.cli.AlreadySelectedException;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.MissingOptionException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import static dev.chargpt.OneLineReason.oneLine;

/**
 * Turns whatever went wrong into the one line the user sees and the exit code: 2 for a usage
 * error or bad input (the user can fix the command or the file), 1 for anything else. Every line
 * starts with "chargpt: " and names the problem and what to do about it.
 */
final class ErrorReport {

    static final int OK = 0;
    static final int UNEXPECTED = 1;
    static final int USAGE = 2;

    private static final String[] DISK_FULL = {"No space left on device", "Disk quota exceeded"};

    /** The line for stderr and the exit code. */
    record Outcome(int exitCode, String line) {
    }

    private ErrorReport() {
    }

    /** A problem with the command line itself; {@code helpCommand} is "chargpt" or "chargpt train". */
    static Outcome usage(String problem, String helpCommand) {
        return new Outcome(USAGE, "chargpt: " + oneLine(problem) + " (see " + helpCommand + " --help)");
    }

    /** What Commons CLI refused, said in the words of this program. */
    static Outcome parseError(ParseException e, Command command) {
        String help = "chargpt " + command.name();
        if (e instanceof UnrecognizedOptionException unknown) {
            return usage("unknown option '" + unknown.getOption() + "' for " + help, help);
        }
        if (e instanceof MissingArgumentException missing) {
            return usage(display(missing.getOption()) + " needs a value", help);
        }
        if (e instanceof MissingOptionException missing) {
            List<String> names = new ArrayList<>();
            for (Object key : missing.getMissingOptions()) {
                names.add(key instanceof OptionGroup group ? groupText(group) : display(command.options(), key.toString()));
            }
            return usage(help + " needs " + String.join(" and ", names), help);
        }
        if (e instanceof AlreadySelectedException clash) {
            OptionGroup group = clash.getOptionGroup();
            String first = group == null || group.getSelected() == null ? "another option" : "--" + group.getSelected();
            return usage("--" + clash.getOption().getLongOpt() + " cannot be used together with " + first
                    + "; give only one of them", help);
        }
        return usage(e.getMessage(), help);
    }

    /** A failure while running a validated command; {@code flags} names the settings its messages mention. */
    static Outcome failure(Throwable failure, Command.Invocation invocation, Function<Setting, String> flags) {
        TrainingStopped stopped = find(failure, TrainingStopped.class);
        if (stopped != null) {
            return new Outcome(stopped.exitCode(), "chargpt: " + oneLine(Setting.render(stopped.template(), flags)));
        }
        BadInputException badInput = find(failure, BadInputException.class);
        if (badInput != null) {
            return new Outcome(USAGE, "chargpt: " + oneLine(SettingFlags.message(badInput, flags)));
        }
        Optional<String> missingLibrary = MissingSystemLibrary.line(failure);
        if (missingLibrary.isPresent()) {
            return new Outcome(UNEXPECTED, missingLibrary.get());
        }
        Throwable diskFull = diskFull(failure);
        if (diskFull != null) {
            return new Outcome(UNEXPECTED, diskFullLine(failure, diskFull, invocation));
        }
        IOException io = find(failure, IOException.class);
        if (io != null) {
            return new Outcome(UNEXPECTED, "chargpt: " + ioProblem(failure, io)
                    + "; check that the path exists, is writable and its disk has free space");
        }
        Throwable memory = outOfMemory(failure);
        if (memory != null) {
            String work = invocation == null || invocation.work().isEmpty() ? "" : " while " + invocation.work();
            String detail = plainMessage(memory);
            return new Outcome(UNEXPECTED, "chargpt: out of memory" + work + (detail == null ? "" : " (" + detail + ")")
                    + "; give Java more, for example JAVA_OPTS=-Xmx2g ./chargpt ..., or use a smaller --batch-size or --block-size");
        }
        return unexpected(failure);
    }

    /**
     * Something chargpt has no words for: the outermost and the innermost message that are plain
     * words (the outer one says what was being done, the innermost why); Java's class names, and
     * messages made of them, only with --verbose.
     */
    static Outcome unexpected(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = plainMessage(t);
            if (message != null && !messages.contains(message)) {
                messages.add(message);
            }
        }
        String said = messages.isEmpty() ? "chargpt has no words for it"
                : messages.size() == 1 ? messages.get(0)
                : messages.get(0) + "; caused by: " + messages.get(messages.size() - 1);
        return new Outcome(UNEXPECTED, "chargpt: unexpected error: " + said + " (run with --verbose for the stack trace)");
    }

    /** {@code t}'s own message on one line, or null when it has none or it names Java classes. */
    private static String plainMessage(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() || OneLineReason.speaksJava(message) ? null : oneLine(message);
    }

    private static String diskFullLine(Throwable failure, Throwable diskFull, Command.Invocation invocation) {
        Path file = diskFull instanceof FileSystemException fs && fs.getFile() != null ? Path.of(fs.getFile()) : null;
        Path where = file != null ? file.toAbsolutePath().getParent() : invocation.writesTo();
        String whatFailed = file != null ? "cannot write " + file : "a write failed";
        if (failure != diskFull && failure.getMessage() != null
                && !failure.getMessage().equals(String.valueOf(failure.getCause()))) {
            whatFailed = oneLine(failure.getMessage()); // says what was being written: "cannot append to loss history ..."
        }
        // the reason leads, once: "no space left on device" or "disk quota exceeded"
        return "chargpt: " + OneLineReason.of(diskFull) + ": " + whatFailed + "; free space on "
                + (where == null ? "the disk of the current directory" : where.toAbsolutePath().toString())
                + " and " + invocation.afterFreeingSpace();
    }

    private static String ioProblem(Throwable failure, IOException io) {
        String reason = OneLineReason.of(io);
        if (failure instanceof UncheckedIOException && failure.getMessage() != null
                && !failure.getMessage().equals(io.toString())) {
            return oneLine(failure.getMessage()) + " (" + reason + ")";
        }
        return "reading or writing a file failed: " + reason;
    }

    /**
     * The Java heap running out, or ND4J's arrays reaching the cap the run's memory plan set (libnd4j
     * says "Requested amount exceeds HOST device limits"); null for anything else.
     */
    private static Throwable outOfMemory(Throwable failure) {
        return first(failure, t -> t instanceof OutOfMemoryError || String.valueOf(t.getMessage()).contains("exceeds HOST"));
    }

    /** The innermost exception that says the disk is full (outer ones often only repeat its text). */
    private static Throwable diskFull(Throwable failure) {
        Throwable found = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
            if (text != null) {
                for (String marker : DISK_FULL) {
                    if (text.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT))) {
                        found = t;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return found;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        return type.cast(first(failure, type::isInstance));
    }

    /** The outermost throwable of {@code failure}'s cause chain that {@code matches}; null if none does. */
    private static Throwable first(Throwable failure, java.util.function.Predicate<Throwable> matches) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (matches.test(t)) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String display(Option option) {
        return "--" + option.getLongOpt() + (option.hasArg() ? " " + option.getArgName() : "");
    }

    private static String display(Options options, String key) {
        Option option = options.getOption(key);
        return option == null ? "--" + key : display(option);
    }

    private static String groupText(OptionGroup group) {
        List<String> names = new ArrayList<>();
        group.getOptions().forEach(option -> names.add(display(option)));
        return "one of " + String.join(", ", names);
    }
}
