package dev.chargpt.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;

/**
 * Builders for the option definitions of the commands. Options are long-only (no one-letter
 * aliases to remember or collide) except {@code -h}; every command also gets {@code --help} and
 * {@code --verbose}.
 */
final class Flags {

    static final String HELP = "help";
    static final String VERBOSE = "verbose";

    private Flags() {
    }

    /** An option that takes a value, shown as {@code --name ARG}. */
    static Option valued(String name, String argName, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argName).desc(description).build();
    }

    /** A required option that takes a value. */
    static Option required(String name, String argName, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argName).desc(description).required().build();
    }

    /** An on/off option. */
    static Option onOff(String name, String description) {
        return Option.builder().longOpt(name).desc(description).build();
    }

    /** Options of which at most one may be given. */
    static OptionGroup oneOf(Option... options) {
        OptionGroup group = new OptionGroup();
        for (Option option : options) {
            group.addOption(option);
        }
        return group;
    }

    /** Adds {@code --help} and {@code --verbose}, which every command has, after the command's own. */
    static Options withCommonOptions(Options options) {
        options.addOption(Option.builder("h").longOpt(HELP).desc("show this help and exit").build());
        options.addOption(onOff(VERBOSE, "on an error, print the stack trace too"));
        return options;
    }
}
