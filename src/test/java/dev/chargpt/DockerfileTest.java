package dev.chargpt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * No Docker engine runs where this project is built, so the Dockerfile is checked by reading it:
 * its stages, what the runtime images run, and that every {@code docker build} and
 * {@code docker run} line in the docs (docs/gpu-and-docker.md, README.md, the Dockerfile's own
 * comments) uses a target the Dockerfile defines and an image tag one of those build lines makes.
 */
class DockerfileTest {
    static final Path DOCKERFILE = Path.of("Dockerfile");
    static final Path GPU_DOC = Path.of("docs/gpu-and-docker.md");
    static final Path README = Path.of("README.md");
    static final String CUDA_TARGET = "cuda";
    static final List<String> VOLUMES = List.of("/app/data", "/app/models", "/app/charts");
    /** The build stages' mvn (src/main/sh/image-maven: the optional trust store) and the images' entrypoint. */
    static final String MAVEN = "image-maven";
    static final String ENTRYPOINT = "/app/image-entrypoint";

    static Dockerfile dockerfile;

    @BeforeAll
    static void parse() throws IOException {
        dockerfile = Dockerfile.parse(Files.readString(DOCKERFILE));
    }

    // ---- the Dockerfile itself

    @Test
    void isMultiStageWithTheRuntimesCopyingTheJarFromBuildStages() {
        assertTrue(dockerfile.stages.size() >= 3, "stages: " + dockerfile.stageNames());
        for (Stage runtime : List.of(dockerfile.stage(CUDA_TARGET), dockerfile.defaultStage())) {
            Stage builder = dockerfile.stage(jarSourceStage(runtime));
            assertTrue(builder.base.startsWith("maven:3.8-eclipse-temurin-17"), builder.name + " builds on " + builder.base);
            assertTrue(dockerfile.stages.indexOf(builder) < dockerfile.stages.indexOf(runtime));
        }
    }

    @Test
    void theBuildStagesCacheTheDependenciesBeforeCopyingTheSources() {
        for (Stage runtime : List.of(dockerfile.stage(CUDA_TARGET), dockerfile.defaultStage())) {
            Stage builder = dockerfile.stage(jarSourceStage(runtime));
            int pom = builder.indexOf("COPY", a -> a.startsWith("pom.xml "));
            int parent = builder.indexOf("COPY", a -> a.startsWith("platform/pom.xml "));
            int goOffline = builder.indexOf("RUN", a -> a.contains(MAVEN + " ") && a.contains("dependency:go-offline"));
            int sources = builder.indexOf("COPY", a -> a.startsWith("src "));
            int packaging = builder.indexOf("RUN", a -> a.contains(MAVEN + " ") && a.contains(" package"));
            assertTrue(pom >= 0 && parent >= 0 && Math.max(pom, parent) < goOffline && goOffline < sources && sources < packaging,
                    builder.name + ": copy the poms, go offline, copy src, package, in that order");
        }
    }

    @Test
    void theCudaTargetBuildsWithTheCudaProfileOnACuda116Base() {
        Stage cuda = dockerfile.stage(CUDA_TARGET);
        assertTrue(cuda.base.startsWith("nvidia/cuda:11.6"), "cuda image base: " + cuda.base);
        String packaging = dockerfile.stage(jarSourceStage(cuda)).find("RUN", a -> a.contains(" package")).orElseThrow();
        assertTrue(packaging.contains("-P cuda"), packaging);
        assertTrue(cuda.find("COPY", a -> a.startsWith("--from=jre ") && a.contains("/opt/java/openjdk")).isPresent(),
                "the cuda image gets the Java 17 runtime");
        assertTrue(cuda.find("ENV", a -> a.contains("NVIDIA_REQUIRE_CUDA=\"cuda>=11.6\"")).isPresent());
    }

    /** The CPU image runs java directly, so it repeats the launcher's malloc setting: the same value. */
    @Test
    void theCpuImageMapsLargeBlocksAsTheLauncherDoes() throws IOException {
        Matcher launcher = Pattern.compile("export MALLOC_MMAP_THRESHOLD_=(\\d+)").matcher(Files.readString(Path.of("chargpt")));
        assertTrue(launcher.find(), "./chargpt exports MALLOC_MMAP_THRESHOLD_");
        String threshold = "MALLOC_MMAP_THRESHOLD_=" + launcher.group(1);
        assertTrue(dockerfile.defaultStage().find("ENV", a -> a.contains(threshold)).isPresent(), "the CPU image sets " + threshold);
    }

    @Test
    void theDefaultTargetIsTheCpuImage() {
        Stage cpu = dockerfile.defaultStage();
        assertEquals("eclipse-temurin:17-jre", cpu.base);
        String packaging = dockerfile.stage(jarSourceStage(cpu)).find("RUN", a -> a.contains(" package")).orElseThrow();
        assertFalse(packaging.contains("-P"), "the CPU jar is built with the default profile: " + packaging);
    }

    @Test
    void bothImagesRunTheShadedJarHeadlessWithFontsVolumesAndTrainByDefault() throws Exception {
        String jarName = shadedJarName();
        for (Stage runtime : List.of(dockerfile.stage(CUDA_TARGET), dockerfile.defaultStage())) {
            List<String> entrypoint = jsonArray(runtime.find("ENTRYPOINT", a -> true).orElseThrow());
            assertEquals(List.of(ENTRYPOINT, "java"), entrypoint.subList(0, 2));
            assertTrue(runtime.find("COPY", a -> a.equals("src/main/sh/image-entrypoint src/main/sh/openblas-coretype /app/")).isPresent(),
                    runtime.name + " copies the entrypoint and the launcher's openblas-coretype beside it");
            assertTrue(entrypoint.contains("-Djava.awt.headless=true"), entrypoint.toString());
            int jar = entrypoint.indexOf("-jar");
            assertTrue(jar > 0 && jar == entrypoint.size() - 2, "the jar is the last argument: " + entrypoint);
            String jarPath = entrypoint.get(jar + 1);
            assertEquals(jarName, Path.of(jarPath).getFileName().toString(), runtime.name);
            String copy = runtime.find("COPY", a -> a.endsWith(" " + jarPath)).orElseThrow(() -> new AssertionError(
                    runtime.name + " copies nothing to " + jarPath));
            assertTrue(copy.contains("/target/" + jarName + " "), copy);

            assertEquals(List.of("train"), jsonArray(runtime.find("CMD", a -> true).orElseThrow()));
            assertEquals(new LinkedHashSet<>(VOLUMES), new LinkedHashSet<>(jsonArray(runtime.find("VOLUME", a -> true).orElseThrow())));
            assertEquals(Optional.of("/app"), runtime.find("WORKDIR", a -> true));
            assertTrue(runtime.find("RUN", a -> a.contains("fontconfig") && a.contains("fonts-dejavu-core")).isPresent(), runtime.name);
            assertTrue(runtime.find("ENV", a -> a.contains("OMP_NUM_THREADS=1") && a.contains("OPENBLAS_NUM_THREADS=1")).isPresent(), runtime.name);
        }
    }

    /** Offline, from any bases: no frontend to fetch, the bases are arguments with the public images as defaults. */
    @Test
    void theBasesAreBuildArgumentsAndNoFrontendIsFetched() throws IOException {
        String text = Files.readString(DOCKERFILE);
        assertFalse(text.lines().anyMatch(l -> l.matches("#\\s*syntax\\s*=.*")), "a # syntax line makes BuildKit pull its frontend");
        for (String line : List.of("ARG MAVEN_IMAGE=maven:3.8-eclipse-temurin-17", "ARG JRE_IMAGE=eclipse-temurin:17-jre",
                "ARG CUDA_IMAGE=nvidia/cuda:11.6.2-base-ubuntu20.04")) {
            assertTrue(text.lines().anyMatch(line::equals), "Dockerfile lacks: " + line);
        }
        assertTrue(text.lines().filter(l -> l.startsWith("FROM ")).allMatch(l -> l.startsWith("FROM ${")), "every FROM names an ARG");
    }

    /** Every mvn of the build stages may use the trust store secret, which no layer keeps. */
    @Test
    void everyMavenStepMountsTheOptionalTrustStore() throws IOException {
        for (Stage builder : List.of(dockerfile.stage("build"), dockerfile.stage("build-cuda"))) {
            List<Instruction> maven = builder.instructions.stream()
                    .filter(i -> i.keyword().equals("RUN") && i.arguments().contains(MAVEN + " ")).toList();
            assertEquals(2, maven.size(), builder.name);
            for (Instruction run : maven) {
                assertTrue(run.arguments().startsWith("--mount=type=secret,id=truststore "), run.arguments());
            }
            assertTrue(builder.find("COPY", a -> a.equals("src/main/sh/" + MAVEN + " /usr/local/bin/" + MAVEN)).isPresent(), builder.name);
        }
        String script = Files.readString(Path.of("src/main/sh/" + MAVEN));
        assertTrue(script.contains("/run/secrets/truststore") && script.contains("-Djavax.net.ssl.trustStore="), script);
    }

    /** The entrypoint sets OPENBLAS_CORETYPE as ./chargpt does, with the same script, unless the user set it. */
    @Test
    void theEntrypointPicksOpenBlasKernelsUnlessTheUserDid() throws Exception {
        String picked = shell(Map.of(), "sh", "src/main/sh/openblas-coretype").trim();
        String unset = shell(Map.of(), "sh", "src/main/sh/image-entrypoint", "sh", "-c", "echo \"${OPENBLAS_CORETYPE:-}\"").trim();
        assertEquals(picked, unset);
        String given = shell(Map.of("OPENBLAS_CORETYPE", "Prescott"), "sh", "src/main/sh/image-entrypoint", "sh", "-c",
                "echo \"$OPENBLAS_CORETYPE\"").trim();
        assertEquals("Prescott", given);
        assertTrue(Files.readString(Path.of("chargpt")).contains("sh src/main/sh/openblas-coretype"), "the launcher uses the same script");
    }

    private static String shell(Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("OPENBLAS_CORETYPE");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }

    @Test
    void theBuildContextHoldsOnlyThePomAndTheSources() throws IOException {
        List<String> patterns = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (String path : List.of("pom.xml", "platform/pom.xml", "src/main/java/dev/chargpt/cli/Main.java")) {
            assertTrue(inContext(patterns, path), path + " must reach the build");
        }
        for (String path : List.of("target/chargpt.jar", "data/tinyshakespeare.txt", "models/run/latest.zip", ".git/HEAD")) {
            assertFalse(inContext(patterns, path), path + " must stay out of the build context");
        }
    }

    // ---- the docker lines in the docs

    @Test
    void theGpuNoteShowsBothBuildsAndBothRuns() throws IOException {
        List<String> lines = dockerLines(Files.readString(GPU_DOC)).stream().map(DockerLine::text).toList();
        String volumes = "-v \"$PWD/data:/app/data\" -v \"$PWD/models:/app/models\" -v \"$PWD/charts:/app/charts\"";
        for (String expected : List.of(
                "docker build -t chargpt .",
                "docker build --target cuda -t chargpt:cuda .",
                "docker run --rm " + volumes + " chargpt train",
                "docker run --rm --gpus all " + volumes + " chargpt:cuda train")) {
            assertTrue(lines.contains(expected), "docs/gpu-and-docker.md lacks: " + expected);
        }
    }

    @Test
    void everyDockerLineUsesATargetAndTagTheDockerfileMakes() throws IOException {
        List<DockerLine> lines = new ArrayList<>();
        lines.addAll(dockerLines(Files.readString(GPU_DOC)));
        lines.addAll(dockerLines(dockerfile.comments));
        if (Files.exists(README)) {
            lines.addAll(dockerLines(Files.readString(README)));
        }
        Map<String, String> targetOfTag = new HashMap<>();
        for (DockerLine line : lines) {
            if (line instanceof DockerBuild build) {
                String target = build.target == null ? dockerfile.defaultStage().name : build.target;
                assertTrue(dockerfile.stageNames().contains(target), "no stage '" + target + "' for: " + build.text);
                assertTrue(build.context.equals("."), "build from the project folder: " + build.text);
                for (String tag : build.tags) {
                    String before = targetOfTag.put(imageName(tag), target);
                    assertTrue(before == null || before.equals(target), "tag " + tag + " is built from two targets");
                }
            }
        }
        assertFalse(targetOfTag.isEmpty(), "no docker build line found");
        int runs = 0;
        for (DockerLine line : lines) {
            if (line instanceof DockerRun run) {
                runs++;
                String target = targetOfTag.get(imageName(run.image));
                assertNotNull(target, "image '" + run.image + "' is built by no docker build line: " + run.text);
                assertEquals(target.equals(CUDA_TARGET), run.gpus, "--gpus all exactly for the CUDA image: " + run.text);
                for (String volume : run.volumes) {
                    String inContainer = volume.split(":")[1];
                    assertTrue(dockerfile.stage(target).volumes().contains(inContainer), "no VOLUME " + inContainer + ": " + run.text);
                }
            }
        }
        assertTrue(runs >= 2, "docker run lines found: " + runs);
    }

    @Test
    void theLineReaderUnderstandsWhatTheDocsWrite() {
        DockerRun run = new DockerRun("docker run --rm --gpus all -e OMP_NUM_THREADS=4 -v \"$PWD/data:/app/data\" chargpt:cuda train --preset gpu-baby");
        assertEquals("chargpt:cuda", run.image);
        assertTrue(run.gpus);
        assertEquals(List.of("$PWD/data:/app/data"), run.volumes);
        assertFalse(new DockerRun("docker run --rm chargpt info").gpus);
        DockerBuild build = new DockerBuild("docker build --target cuda --build-arg CUDA_IMAGE=ubuntu:22.04 -t chargpt:cuda .");
        assertEquals("cuda", build.target);
        assertEquals(List.of("chargpt:cuda"), build.tags);
        assertEquals(".", build.context);
        List<DockerLine> found = dockerLines("```\ndocker build -t x .\n# docker run --rm x\nnot docker\n`docker run --rm x info` runs it\n```\n");
        assertEquals(List.of("docker build -t x .", "docker run --rm x", "docker run --rm x info"), found.stream().map(DockerLine::text).toList());
    }

    // ---- helpers

    private static String jarSourceStage(Stage runtime) {
        String copy = runtime.find("COPY", a -> a.startsWith("--from=") && a.contains("/target/")).orElseThrow(
                () -> new AssertionError(runtime.name + " copies no jar from a build stage"));
        return copy.substring("--from=".length(), copy.indexOf(' '));
    }

    /** {@code <finalName>.jar} of the shade plugin: the jar the images run. */
    static String shadedJarName() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        String finalName = XPathFactory.newInstance().newXPath().evaluate(
                "/*[local-name()='project']/*[local-name()='build']/*[local-name()='plugins']/*[local-name()='plugin']"
                        + "[*[local-name()='artifactId']='maven-shade-plugin']//*[local-name()='finalName']", pom).trim();
        assertFalse(finalName.isEmpty(), "pom.xml's shade plugin names no finalName");
        return finalName + ".jar";
    }

    static List<String> jsonArray(String arguments) {
        String text = arguments.trim();
        assertTrue(text.startsWith("[") && text.endsWith("]"), "exec (JSON) form expected: " + text);
        List<String> items = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        while (m.find()) {
            items.add(m.group(1).replace("\\\"", "\""));
        }
        return items;
    }

    static boolean inContext(List<String> patterns, String path) {
        boolean included = true;
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            String p = (negated ? pattern.substring(1) : pattern).replaceAll("/+$", "");
            boolean matches = p.equals("*") || path.equals(p) || path.startsWith(p + "/");
            if (matches) {
                included = negated;
            }
        }
        return included;
    }

    static String imageName(String tag) {
        return tag.contains(":") ? tag : tag + ":latest";
    }

    static List<DockerLine> dockerLines(String text) {
        List<DockerLine> lines = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            int at = raw.indexOf("docker ");
            if (at < 0) {
                continue;
            }
            String line = raw.substring(at).replaceAll("`.*$", "").trim();
            if (line.startsWith("docker build ")) {
                lines.add(new DockerBuild(line));
            } else if (line.startsWith("docker run ")) {
                lines.add(new DockerRun(line));
            }
        }
        return lines;
    }

    /** Splits a shell line into words, keeping double-quoted parts together (quotes removed). */
    static List<String> tokens(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }

    sealed interface DockerLine permits DockerBuild, DockerRun {
        String text();
    }

    static final class DockerBuild implements DockerLine {
        final String text;
        final List<String> tags = new ArrayList<>();
        String target;
        String context;

        DockerBuild(String line) {
            text = line;
            List<String> words = tokens(line);
            for (int i = 2; i < words.size(); i++) {
                String w = words.get(i);
                switch (w) {
                    case "-t", "--tag" -> tags.add(words.get(++i));
                    case "--target" -> target = words.get(++i);
                    case "--build-arg", "-f", "--file", "--platform", "--secret" -> i++;
                    default -> {
                        if (w.startsWith("-")) {
                            fail("the test does not know docker build option " + w + ": " + text);
                        }
                        context = w;
                    }
                }
            }
            assertFalse(tags.isEmpty(), "an untagged build cannot be run by name: " + text);
            assertNotNull(context, "no build context: " + text);
        }

        @Override
        public String text() {
            return text;
        }
    }

    static final class DockerRun implements DockerLine {
        private static final Set<String> WITH_VALUE = Set.of("-v", "--volume", "-e", "--env", "--gpus", "--name", "-w",
                "--workdir", "-u", "--user", "--mount", "-m", "--memory", "--shm-size", "--entrypoint", "--network", "-p");
        private static final Set<String> FLAGS = Set.of("--rm", "-i", "-t", "-it", "-d", "--init");
        final String text;
        final List<String> volumes = new ArrayList<>();
        boolean gpus;
        String image;

        DockerRun(String line) {
            text = line;
            List<String> words = tokens(line);
            int i = 2;
            for (; i < words.size() && words.get(i).startsWith("-"); i++) {
                String w = words.get(i);
                if (WITH_VALUE.contains(w)) {
                    String value = words.get(++i);
                    if (w.equals("-v") || w.equals("--volume")) {
                        volumes.add(value);
                    }
                    gpus |= w.equals("--gpus");
                } else if (FLAGS.contains(w) || w.contains("=")) {
                    gpus |= w.startsWith("--gpus=");
                } else {
                    fail("the test does not know docker run option " + w + ": " + text);
                }
            }
            assertTrue(i < words.size(), "no image: " + text);
            image = words.get(i);
        }

        @Override
        public String text() {
            return text;
        }
    }

    // ---- a small Dockerfile reader: continuation lines, comments, stages, instructions

    record Instruction(String keyword, String arguments) {
    }

    static final class Stage {
        final String base;
        final String name;
        final List<Instruction> instructions = new ArrayList<>();

        Stage(String base, String name) {
            this.base = base;
            this.name = name;
        }

        Optional<String> find(String keyword, java.util.function.Predicate<String> arguments) {
            return instructions.stream().filter(i -> i.keyword.equals(keyword) && arguments.test(i.arguments))
                    .map(Instruction::arguments).findFirst();
        }

        int indexOf(String keyword, java.util.function.Predicate<String> arguments) {
            for (int i = 0; i < instructions.size(); i++) {
                if (instructions.get(i).keyword.equals(keyword) && arguments.test(instructions.get(i).arguments)) {
                    return i;
                }
            }
            return -1;
        }

        List<String> volumes() {
            return find("VOLUME", a -> true).map(DockerfileTest::jsonArray).orElse(List.of());
        }
    }

    static final class Dockerfile {
        final List<Stage> stages = new ArrayList<>();
        final String comments;

        private Dockerfile(String comments) {
            this.comments = comments;
        }

        static Dockerfile parse(String text) {
            StringBuilder comments = new StringBuilder();
            List<String> logical = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String raw : text.split("\\R")) {
                String line = raw.trim();
                if (line.startsWith("#")) {
                    comments.append(line.substring(1).trim()).append('\n');
                    continue; // comments may also sit between continuation lines
                }
                if (line.isEmpty() && current.length() == 0) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                current.append(line);
                logical.add(current.toString().trim());
                current.setLength(0);
            }
            Dockerfile file = new Dockerfile(comments.toString());
            Map<String, String> globalArgs = new LinkedHashMap<>();
            Pattern from = Pattern.compile("(?i)FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");
            for (String instruction : logical) {
                String keyword = instruction.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                String arguments = instruction.contains(" ") ? instruction.substring(instruction.indexOf(' ') + 1).trim() : "";
                if (keyword.equals("FROM")) {
                    Matcher m = from.matcher(instruction);
                    assertTrue(m.matches(), "FROM line: " + instruction);
                    String base = m.group(1);
                    for (Map.Entry<String, String> arg : globalArgs.entrySet()) {
                        base = base.replace("${" + arg.getKey() + "}", arg.getValue()).replace("$" + arg.getKey(), arg.getValue());
                    }
                    String name = m.group(2) == null ? String.valueOf(file.stages.size()) : m.group(2).toLowerCase(Locale.ROOT);
                    assertFalse(file.stageNames().contains(name), "two stages named " + name);
                    file.stages.add(new Stage(base, name));
                } else if (file.stages.isEmpty()) {
                    assertEquals("ARG", keyword, "only ARG may come before the first FROM: " + instruction);
                    String[] kv = arguments.split("=", 2);
                    globalArgs.put(kv[0], kv.length > 1 ? kv[1] : "");
                } else {
                    file.stages.get(file.stages.size() - 1).instructions.add(new Instruction(keyword, arguments));
                }
            }
            return file;
        }

        List<String> stageNames() {
            return stages.stream().map(s -> s.name).toList();
        }

        Stage stage(String name) {
            return stages.stream().filter(s -> s.name.equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no stage '" + name + "' in " + stageNames()));
        }

        /** What {@code docker build} without {@code --target} builds: the last stage. */
        Stage defaultStage() {
            return stages.get(stages.size() - 1);
        }
    }
}
