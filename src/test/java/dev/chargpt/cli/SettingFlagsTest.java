package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingFlagsTest {
    private static final List<Command> COMMANDS = List.of(new TrainCommand(), new SampleCommand(), new EvalCommand(),
            new ChartCommand(), new AttentionCommand(), new InfoCommand(), new ServeCommand());

    @Test
    void everySettingIsAFlagOfSomeCommand() {
        for (Setting setting : Setting.values()) {
            String flag = SettingFlags.flag(setting).substring(2);
            assertTrue(COMMANDS.stream().anyMatch(c -> c.options().hasLongOption(flag)),
                    setting + " is " + SettingFlags.flag(setting) + ", which no command has");
        }
    }

    @Test
    void eachCommandNamesTheRunDirectoryByItsOwnFlag() {
        for (Command command : COMMANDS) {
            if (command instanceof InfoCommand) {
                continue; // reads no run
            }
            String flag = command.flag(Setting.RUN_DIRECTORY).substring(2);
            assertTrue(command.options().hasLongOption(flag), command.name() + " has no --" + flag);
        }
        assertEquals("--out", new TrainCommand().flag(Setting.RUN_DIRECTORY));
        assertEquals("--model", new SampleCommand().flag(Setting.RUN_DIRECTORY));
        assertEquals("--model", new AttentionCommand().flag(Setting.RUN_DIRECTORY));
    }

    @Test
    void aDomainMessageReachesTheUserWithTheCommandsFlags() {
        BadInputException problem = new BadInputException("pass a writable " + Setting.RUN_DIRECTORY);
        assertEquals("pass a writable --out", SettingFlags.message(problem, new TrainCommand()::flag));
        assertEquals("pass a writable --model", SettingFlags.message(problem, new EvalCommand()::flag));
    }
}
