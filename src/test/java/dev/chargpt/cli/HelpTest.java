package dev.chargpt.cli;

import dev.chargpt.config.PlainNumber;
import dev.chargpt.config.Preset;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpTest {

    private static final List<String> COMMANDS = List.of("train", "sample", "eval", "chart", "attention", "info");

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", ""})
    void programHelpListsEveryCommandWithExamples(String flag) {
        CliRun run = flag.isEmpty() ? CliRun.of() : CliRun.of(flag);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        assertTrue(run.out().contains("usage: chargpt <command> [options]"), run::toString);
        for (String command : COMMANDS) {
            assertTrue(run.out().lines().anyMatch(line -> line.matches("  " + command + " +\\S.*")),
                    "no description line for " + command + ":\n" + run.out());
        }
        assertTrue(run.out().contains("Examples:\n  chargpt train"), run::toString);
        assertTrue(run.out().contains("Exit codes: 0 success, 2 usage error or bad input, 1 unexpected error; 130 stopped by\n"
                + "Ctrl-C, 143 by SIGTERM"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "sample", "eval", "chart", "attention", "info"})
    void commandHelpShowsEveryOptionAndExamplesOfThatCommand(String name) {
        CliRun run = CliRun.of(name, "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("usage: chargpt " + name + " [options]"), run::toString);
        Command command = commandNamed(name);
        for (Option option : command.options().getOptions()) {
            assertTrue(run.out().contains("--" + option.getLongOpt()), "help of " + name + " lacks --" + option.getLongOpt());
        }
        String examples = run.out().substring(run.out().indexOf("Examples:"));
        assertTrue(examples.contains("\n  chargpt " + name), "no example of " + name + ":\n" + run.out());
    }

    @Test
    void helpWinsOverOtherwiseInvalidOptions() {
        CliRun run = CliRun.of("sample", "--top-k", "x", "-h");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("--top-p"), run::toString);
    }

    @Test
    void trainHelpShowsDefaultsAndPresetValues() {
        String help = CliRun.of("train", "--help").out().replaceAll("\\s+", " "); // wherever the lines wrap

        assertTrue(help.contains("(default: tiny;"), help);
        assertTrue(help.contains("(default: cpu-small)"), help);
        assertTrue(help.contains("(default: 1337)"), help);
        assertTrue(help.contains("(default: 400)"), help);
        assertTrue(help.contains("transformer blocks (cpu-small: " + Preset.CPU_SMALL.layers + ", cpu-medium: "
                + Preset.CPU_MEDIUM.layers + ", gpu-baby: " + Preset.GPU_BABY.layers + ")"), help);
        assertTrue(help.contains("passes over the training text (cpu-small: " + Preset.CPU_SMALL.epochs + ", cpu-medium: "
                + Preset.CPU_MEDIUM.epochs + ", gpu-baby: " + Preset.GPU_BABY.epochs + ")"), help);
        assertTrue(help.contains("(every preset: 100)"), help); // warmup: one value is said once
    }

    @Test
    void numbersInTheHelpAreWrittenPlainly() {
        assertEquals("0.0001", PlainNumber.text(1e-4));
        assertEquals("0", PlainNumber.text(0.0));
        assertEquals("0.2", PlainNumber.text(0.2));
        assertEquals("128", PlainNumber.text(128));
    }

    @Test
    void versionIsOneLine() {
        CliRun run = CliRun.of("--version");

        assertEquals(0, run.exitCode());
        assertEquals("chargpt " + ChargptVersion.text() + System.lineSeparator(), run.out());
    }

    static Command commandNamed(String name) {
        return switch (name) {
            case "train" -> new TrainCommand();
            case "sample" -> new SampleCommand();
            case "eval" -> new EvalCommand();
            case "chart" -> new ChartCommand();
            case "attention" -> new AttentionCommand();
            case "info" -> new InfoCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
