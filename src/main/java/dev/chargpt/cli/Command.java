package dev.chargpt.cli;

import dev.chargpt.Setting;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code chargpt} command: its options (defined once, used both to parse and to print the
 * help), its help text, and the step that turns parsed options into a validated {@link Invocation}.
 * Parsing and validation are plain Java, so {@code --help} and usage errors never load ND4J.
 */
interface Command {

    /** The word after {@code chargpt}. */
    String name();

    /** One line for the program's command list. */
    String summary();

    /** A few sentences at the top of the command's help. */
    String description();

    /** The options this command accepts, including {@code --help} and {@code --verbose}. */
    Options options();

    /** Worked examples for the help, each a full command line and what it does. */
    List<Example> examples();

    /**
     * Checks the parsed options and binds them into what will run.
     *
     * @throws dev.chargpt.BadInputException naming the flag and the fix when a value is impossible
     */
    Invocation bind(CommandLine line);

    /** How this command spells {@code setting} on its command line, for messages that mention it. */
    default String flag(Setting setting) {
        return SettingFlags.flag(setting);
    }

    /** A command line and what it does, for the help. */
    record Example(String commandLine, String explanation) {
    }

    /** A validated command, ready to run. */
    interface Invocation {

        /**
         * Whether running touches ND4J: then {@link Main} first checks the thread variables and the
         * device (the CUDA build refuses a GPU it cannot run on) and applies the thread settings.
         */
        boolean usesNd4j();

        /** Where the command writes, named in the advice when the disk fills up; may be null. */
        default java.nio.file.Path writesTo() {
            return null;
        }

        /** What runs, for a message about memory: "training cpu-small"; empty when nothing says more than the command. */
        default String work() {
            return "";
        }

        /** What to do after freeing space on a full disk: "run again", or "run again with --resume ...". */
        default String afterFreeingSpace() {
            return "run again";
        }

        void run(PrintStream out) throws Exception;
    }
}
