package dev.chargpt.cli;

import dev.chargpt.Setting;
import org.apache.commons.cli.Option;

import java.nio.file.Path;

/**
 * A command that reads a trained run: {@code --model DIR} names it (its run directory, so that is the
 * flag of {@link Setting#RUN_DIRECTORY} here), and {@code --checkpoint best|latest} picks its checkpoint.
 */
interface RunReadingCommand extends Command {
    String BEST = "best";
    String LATEST = "latest";

    @Override
    default String flag(Setting setting) {
        return setting == Setting.RUN_DIRECTORY ? "--model" : SettingFlags.flag(setting);
    }

    /** {@code --model DIR}, required. */
    static Option modelOption() {
        return Flags.required("model", "DIR", "the run directory that chargpt train wrote (required)");
    }

    /** {@code --checkpoint best|latest}. */
    static Option checkpointOption() {
        return Flags.valued("checkpoint", "best|latest",
                "the checkpoint with the lowest validation loss, or the last one written (default: " + BEST + ")");
    }

    /** The run directory {@code --model} names, checked to exist. */
    static Path model(OptionValues values) {
        return InputPaths.runDirectory(values.path("model"), "model");
    }

    /** The checkpoint {@code --checkpoint} picks, {@code best} unless given. */
    static String checkpoint(OptionValues values) {
        return values.choice("checkpoint", BEST, BEST, LATEST);
    }
}
