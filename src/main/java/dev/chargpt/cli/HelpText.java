package dev.chargpt.cli;

import org.apache.commons.cli.HelpFormatter;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collection;

/** The program's help and each command's help, with worked examples. */
final class HelpText {

    static final int WIDTH = 100;

    private HelpText() {
    }

    static void program(Collection<Command> commands, PrintStream out) {
        out.println("chargpt: a character-level GPT with hand-written attention, trained on Shakespeare with Deeplearning4j");
        out.println();
        out.println("usage: chargpt <command> [options]");
        out.println("       chargpt <command> --help    the options and examples of one command");
        out.println("       chargpt --version");
        out.println();
        out.println("Commands:");
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Command command : commands) {
            out.printf("  %-" + width + "s   %s%n", command.name(), command.summary());
        }
        out.println();
        out.println("Every command also takes --help, and --verbose to print the stack trace of an error.");
        out.println();
        out.println("Examples:");
        printExamples(out, java.util.List.of(
                new Command.Example("chargpt train",
                        "train the cpu-small model on tiny Shakespeare (downloaded once into data/)"),
                new Command.Example("chargpt train --out models/my-run --epochs 2",
                        "a shorter run, written to models/my-run"),
                new Command.Example("chargpt sample --model models/my-run --prompt \"ROMEO:\" --length 300",
                        "write 300 characters that follow the prompt"),
                new Command.Example("chargpt eval --model models/my-run",
                        "the loss on the validation text, in nats and bits per character"),
                new Command.Example("chargpt chart --model models/my-run",
                        "draw charts/my-run/loss.png again from the run's loss history"),
                new Command.Example("chargpt info",
                        "version, Java, ND4J backend and device, threads, cached corpora")));
        out.println();
        out.println("Exit codes: 0 success, 2 usage error or bad input, 1 unexpected error; 130 stopped by");
        out.println("Ctrl-C, 143 by SIGTERM (train saves its latest checkpoint first).");
    }

    static void command(Command command, PrintStream out) {
        out.println("usage: chargpt " + command.name() + " [options]");
        out.println();
        out.println(command.description());
        out.println();
        out.println("Options:");
        HelpFormatter formatter = new HelpFormatter();
        formatter.setOptionComparator(null); // the order they are defined in, which groups them
        PrintWriter writer = new PrintWriter(out, true);
        formatter.printOptions(writer, WIDTH, command.options(), 2, 3);
        writer.flush();
        out.println();
        out.println("Examples:");
        printExamples(out, command.examples());
    }

    private static void printExamples(PrintStream out, Collection<Command.Example> examples) {
        for (Command.Example example : examples) {
            out.println("  " + example.commandLine());
            out.println("      " + example.explanation());
        }
    }
}
