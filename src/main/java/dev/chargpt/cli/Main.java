package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.device.DeviceCheck;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.ParseException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chargpt <command> [options]}: finds the command, parses and validates its options, and
 * only then applies the ND4J thread settings and runs it. Help, version and usage errors never
 * load ND4J (several seconds of native start-up), so they answer at once.
 */
public final class Main {

    private static final List<String> HELP = List.of("--help", "-h");

    private final Map<String, Command> commands = new LinkedHashMap<>();

    private Main() {
        for (Command command : List.of(new TrainCommand(), new SampleCommand(), new EvalCommand(),
                new ChartCommand(), new AttentionCommand(), new InfoCommand(), new UiCommand(), new ServeCommand())) {
            commands.put(command.name(), command);
        }
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one command line.
     *
     * @return the exit code: 0 success, 2 usage error or bad input, 1 anything unexpected
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--" + Flags.VERBOSE);
        return new Main().dispatch(args, out, err, verbose);
    }

    private int dispatch(String[] args, PrintStream out, PrintStream err, boolean verbose) {
        if (args.length == 0 || HELP.contains(args[0])) {
            HelpText.program(commands.values(), out);
            return ErrorReport.OK;
        }
        if (args[0].equals("--version")) {
            out.println("chargpt " + ChargptVersion.text());
            return ErrorReport.OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            return report(ErrorReport.usage(unknownCommand(args[0]), "chargpt"), null, err, verbose);
        }
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.stream(options).anyMatch(HELP::contains)) {
            HelpText.command(command, out);
            return ErrorReport.OK;
        }

        Command.Invocation invocation;
        try {
            invocation = bind(command, options);
        } catch (ParseException e) {
            return report(ErrorReport.parseError(e, command), e, err, verbose);
        } catch (BadInputException e) {
            return report(ErrorReport.usage(SettingFlags.message(e, command::flag), "chargpt " + command.name()), e, err, verbose);
        }

        try {
            if (invocation.usesNd4j()) {
                ThreadEnvironment.current().check(); // ND4J cannot even load with OMP_NUM_THREADS=x
                DeviceCheck.requireUsableDevice(); // the CUDA build refuses a GPU it cannot run on, before ND4J starts
                NativeRuntime.configure(); // before anything else touches ND4J
            }
            invocation.run(out);
            out.flush();
            return ErrorReport.OK;
        } catch (Throwable e) { // one line and an exit code for everything, even an Error from native code
            out.flush();
            return report(ErrorReport.failure(e, invocation, command::flag), e, err, verbose);
        }
    }

    /**
     * Parses and validates a command's options (everything after the command's name). Plain Java:
     * nothing here loads ND4J.
     *
     * @throws ParseException    for what Commons CLI refuses: an unknown option, a missing value...
     * @throws BadInputException for a value the command refuses, naming the flag
     */
    static Command.Invocation bind(Command command, String[] options) throws ParseException {
        // No partial matching: --top would otherwise be --top-k or --top-p, depending on the day.
        CommandLine line = DefaultParser.builder().setAllowPartialMatching(false).build()
                .parse(command.options(), options);
        if (!line.getArgList().isEmpty()) {
            throw new BadInputException("unexpected argument '" + line.getArgList().get(0) + "' for chargpt "
                    + command.name() + "; every value follows its option, as in --prompt \"ROMEO:\"");
        }
        return command.bind(line);
    }

    private String unknownCommand(String word) {
        if (word.startsWith("-")) {
            return "'" + word + "' is not a command; put the command first: chargpt <command> [options], with one of "
                    + String.join(", ", commands.keySet());
        }
        String suggestion = commands.keySet().stream()
                .filter(name -> editDistance(name, word) <= 2)
                .findFirst()
                .map(name -> "did you mean " + name + "? ")
                .orElse("");
        return "unknown command '" + word + "'; " + suggestion + "the commands are " + String.join(", ", commands.keySet());
    }

    private static int report(ErrorReport.Outcome outcome, Throwable cause, PrintStream err, boolean verbose) {
        err.println(outcome.line());
        if (verbose && cause != null) {
            cause.printStackTrace(err);
        }
        err.flush();
        return outcome.exitCode();
    }

    /** Levenshtein distance, for "did you mean train?". */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
