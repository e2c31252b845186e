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
        eachLine((where, code, i) -> assertFalse(BASH4.matcher(code.get(i)).find(), where + " needs bash 4: " + code.get(i)));
    }

    @Test
    void flockIsUsedOnlyWhereItIsThereAndProcIsNotNeeded() throws IOException {
        eachLine((where, code, i) -> {
            if (code.get(i).matches(".*\\bflock\\s+9.*")) {
                boolean guarded = code.get(i).contains("command -v flock");
                for (int j = i - 1; j >= Math.max(0, i - 3); j--) {
                    guarded |= code.get(j).trim().startsWith("if command -v flock");
                }
                assertTrue(guarded, where + " uses flock without checking for it");
            }
            assertFalse(code.get(i).contains("/proc/"), where + " reads /proc");
        });
        String coretype = Files.readString(Path.of("src/main/sh/openblas-coretype"));
        assertTrue(coretype.contains("/proc/cpuinfo 2>/dev/null"), "openblas-coretype prints nothing where there is no /proc");
    }

    /** A check of line {@code i} of a launcher's lines without their comments; {@code where} is file:line. */
    private interface LineCheck {
        void check(String where, List<String> code, int i);
    }

    private static void eachLine(LineCheck check) throws IOException {
        for (Path launcher : LAUNCHERS) {
            List<String> code = Files.readAllLines(launcher).stream().map(l -> l.replaceAll("^\\s*#.*", "")).toList();
            for (int i = 0; i < code.size(); i++) {
                check.check(launcher + ":" + (i + 1), code, i);
            }
        }
    }
}
