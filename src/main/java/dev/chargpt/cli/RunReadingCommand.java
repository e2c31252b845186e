package dev.chargpt.cli;

import dev.chargpt.Setting;

/** A command that reads a trained run: its run directory is the model it reads, {@code --model}. */
interface RunReadingCommand extends Command {
    @Override
    default String flag(Setting setting) {
        return setting == Setting.RUN_DIRECTORY ? "--model" : SettingFlags.flag(setting);
    }
}
