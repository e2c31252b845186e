package dev.chargpt.platform;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A jar built for another machine ({@code -Djavacpp.platform=...}) holds that platform's ND4J, OpenBLAS
 * and JavaCPP natives and no other platform's (issue 36): macOS and Windows cannot be run here, so their
 * jars are read. Each build downloads the platform's natives from Maven Central (100+ MB) and takes
 * about a minute on 2 cores, in a copy of the project: tagged, not in the default run.
 * {@code mvn -B test -Dsurefire.groups=platforms -Dsurefire.excludedGroups=}
 */
@Tag("platforms")
class PlatformJarTest {
    /** The native libraries' folders in the jar: ND4J's, OpenBLAS's and JavaCPP's, one per platform. */
    private static final Pattern NATIVE = Pattern.compile(
            "(org/nd4j/linalg/cpu/nativecpu/bindings|org/bytedeco/openblas|org/bytedeco/javacpp)/([a-z]+-[a-z0-9_]+)/[^/]+");

    @TempDir
    Path project;

    /** The platform and the libraries its jar must hold: ND4J's, OpenBLAS's and JavaCPP's, each in its folder. */
    @ParameterizedTest
    @CsvSource({
            "macosx-x86_64, libjnind4jcpu.dylib libnd4jcpu.dylib, libjniopenblas.dylib, libjnijavacpp.dylib",
            "macosx-arm64, libjnind4jcpu.dylib libnd4jcpu.dylib, libjniopenblas.dylib, libjnijavacpp.dylib",
            "windows-x86_64, jnind4jcpu.dll libnd4jcpu.dll, jniopenblas.dll libopenblas.dll, jnijavacpp.dll",
            "linux-arm64, libjnind4jcpu.so libnd4jcpu.so, libjniopenblas.so, libjnijavacpp.so"})
    void aJarBuiltForAPlatformHoldsItsNativesAndNoOthers(String platform, String nd4j, String openblas, String javacpp)
            throws Exception {
        Path jar = build(platform);
        Set<String> platforms = new TreeSet<>();
        Set<String> libraries = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().forEach(entry -> {
                Matcher m = NATIVE.matcher(entry.getName());
                if (m.matches()) {
                    platforms.add(m.group(2));
                    libraries.add(entry.getName());
                }
            });
        }
        assertEquals(Set.of(platform), platforms, "native folders in the jar for " + platform);
        List<String> expected = new ArrayList<>();
        for (String name : nd4j.split(" ")) {
            expected.add("org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + "/" + name);
        }
        for (String name : openblas.split(" ")) {
            expected.add("org/bytedeco/openblas/" + platform + "/" + name);
        }
        expected.add("org/bytedeco/javacpp/" + platform + "/" + javacpp);
        for (String library : expected) {
            assertTrue(libraries.contains(library), library + " in " + libraries);
        }
        System.out.printf("%s: %d MB jar, %d files in its ND4J, OpenBLAS and JavaCPP native folders, all %s%n",
                platform, Files.size(jar) / 1_000_000, libraries.size(), platform);
    }

    private Path build(String platform) throws IOException, InterruptedException {
        Files.copy(Path.of("pom.xml"), project.resolve("pom.xml"));
        Files.createDirectories(project.resolve("platform"));
        Files.copy(Path.of("platform/pom.xml"), project.resolve("platform/pom.xml"));
        try (Stream<Path> sources = Files.walk(Path.of("src/main"))) {
            for (Path source : sources.toList()) {
                Path copy = project.resolve(source.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path log = project.resolve("build.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-DskipTests", "-Djavacpp.platform=" + platform, "package")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = mvn.waitFor(20, TimeUnit.MINUTES);
        if (!ended) {
            mvn.destroyForcibly();
        }
        assertTrue(ended && mvn.exitValue() == 0, "mvn -Djavacpp.platform=" + platform + " package:\n" + Files.readString(log));
        return project.resolve("target/chargpt.jar");
    }
}
