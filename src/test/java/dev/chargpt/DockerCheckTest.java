package dev.chargpt;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU image built and run for real, by scripts/docker-check.sh (a clean clone of HEAD, so commit
 * first): skipped when no Docker daemon answers. About 5 minutes on 2 cores with the bases at hand:
 * tagged, not in the default run. {@code mvn -B test -Dsurefire.groups=docker -Dsurefire.excludedGroups=}
 * (DOCKER names the client, as for the script).
 */
@Tag("docker")
class DockerCheckTest {

    @Test
    void theScriptBuildsAndRunsTheCpuImage() throws Exception {
        String docker = System.getenv().getOrDefault("DOCKER", "docker");
        Assumptions.assumeTrue(answers(docker), "no Docker daemon answers to '" + docker + " info'");
        Path log = Files.createTempFile("docker-check", ".log");
        Process check = new ProcessBuilder("scripts/docker-check.sh").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = check.waitFor(40, TimeUnit.MINUTES);
        if (!ended) {
            check.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertTrue(ended && check.exitValue() == 0, "scripts/docker-check.sh:\n" + output);
        assertTrue(output.contains("docker-check: all checks passed"), output);
    }

    private static boolean answers(String docker) {
        try {
            Process info = new ProcessBuilder(docker, "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return info.waitFor(30, TimeUnit.SECONDS) && info.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
