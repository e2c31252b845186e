package dev.chargpt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Docker images' entrypoint (src/main/sh/image-entrypoint) passes JAVA_OPTS to java after the
 * image's own options, as ./chargpt does, so that -e JAVA_OPTS=-Xmx2g raises the heap: a JVM reads
 * JAVA_TOOL_OPTIONS before its command line, so there the image's -Xmx640m would win. Run with
 * printf standing in for java, under the system's sh (dash on Debian, as in the images).
 */
class ImageEntrypointTest {
    private static final List<String> IMAGE_JAVA = List.of("-Djava.awt.headless=true", "-Xmx640m", "-XX:+UseSerialGC",
            "-Xmn64m", "-jar", "/app/chargpt.jar", "train", "--out", "models/a b");

    private static List<String> arguments(String javaOpts) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "src/main/sh/image-entrypoint", "printf", "%s\\n"));
        command.addAll(IMAGE_JAVA);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_OPTS");
        env.put("OPENBLAS_CORETYPE", "Haswell"); // the kernels' choice is not what this test is about
        if (javaOpts != null) {
            env.put("JAVA_OPTS", javaOpts);
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void withoutJavaOptsTheImagesCommandIsUnchanged() throws Exception {
        assertEquals(IMAGE_JAVA, arguments(null));
    }

    @Test
    void javaOptsGoAfterTheImagesOwnOptionsJustBeforeTheJar() throws Exception {
        assertEquals(List.of("-Djava.awt.headless=true", "-Xmx640m", "-XX:+UseSerialGC", "-Xmn64m", "-Xmx2g", "-Dnote=*",
                "-jar", "/app/chargpt.jar", "train", "--out", "models/a b"), arguments("-Xmx2g -Dnote=*"));
    }

    @Test
    void aCollectorInJavaOptsReplacesTheSerialOne() throws Exception {
        List<String> args = arguments("-XX:+UseG1GC");
        assertTrue(!args.contains("-XX:+UseSerialGC") && args.contains("-XX:+UseG1GC"), args.toString());
    }
}
