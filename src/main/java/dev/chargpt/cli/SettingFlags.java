package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

import java.util.Locale;
import java.util.function.Function;

/**
 * The flag of each {@link Setting}, the one place where a field becomes a command-line word:
 * {@code BLOCK_SIZE} is {@code --block-size}. A command that spells a setting differently says so
 * in {@link Command#flag} (the run directory is {@code train --out} but {@code sample --model}).
 */
final class SettingFlags {
    private SettingFlags() {
    }

    static String flag(Setting setting) {
        return "--" + switch (setting) {
            case RUN_DIRECTORY -> "out";
            default -> setting.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    /** The message of {@code problem} with every setting it mentions named by {@code flags}. */
    static String message(BadInputException problem, Function<Setting, String> flags) {
        return Setting.render(problem.template(), flags);
    }
}
