package dev.chargpt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launchers run on macOS's bash 3.2, without flock and without /proc (issue 36): none of bash 4's
 * syntax, flock only where it is checked for first. Read, since no bash 3.2 runs here.
 */
class LauncherPortabilityTest {
    static final List<Path> LAUNCHERS = List.of(Path.of("chargpt"), Path.of("scripts/chargpt-spark"));

    /** Bash 4 and later: case changes, associative arrays, mapfile/readarray, |&, &>>, ;;&, coproc, ${var@Q}. */
    private static final Pattern BASH4 = Pattern.compile(
            "\\$\\{[^}]*(,,|\\^\\^|@[QEPAa])\\}|declare -A|local -A|\\bmapfile\\b|\\breadarray\\b|\\|&|&>>|;;&|\\bcoproc\\b");

    @Test
    void theLaunchersUseNoBash4Syntax() throws IOException {
        for (Path launcher : LAUNCHERS) {
            List<String> lines = Files.readAllLines(launcher);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceAll("^\\s*#.*", "");
                assertFalse(BASH4.matcher(code).find(), launcher + ":" + (i + 1) + " needs bash 4: " + lines.get(i));
            }
        }
    }

    @Test
    void flockIsUsedOnlyWhereItIsThereAndProcIsNotNeeded() throws IOException {
        for (Path launcher : LAUNCHERS) {
            List<String> lines = Files.readAllLines(launcher);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceAll("^\\s*#.*", "");
                if (code.matches(".*\\bflock\\s+9.*")) {
                    boolean guarded = code.contains("command -v flock");
                    for (int j = i - 1; j >= Math.max(0, i - 3); j--) {
                        guarded |= lines.get(j).trim().startsWith("if command -v flock");
                    }
                    assertTrue(guarded, launcher + ":" + (i + 1) + " uses flock without checking for it");
                }
                assertFalse(code.contains("/proc/"), launcher + ":" + (i + 1) + " reads /proc");
            }
        }
        String coretype = Files.readString(Path.of("src/main/sh/openblas-coretype"));
        assertTrue(coretype.contains("/proc/cpuinfo 2>/dev/null"), "openblas-coretype prints nothing where there is no /proc");
    }
}
