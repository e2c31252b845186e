package dev.chargpt.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.fixture.UiEndpoints;
import dev.chargpt.ui.UiSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overview page of a running short run in a real browser (Debian's chromium, headless): the
 * page's own JavaScript fetches the data and flot draws the score chart; its x-axis labels in the
 * DOM must reach the iterations the UI reported, so the chart has the run's points (an empty chart
 * has the axis -1..1); the update:parameter ratio chart's legend names the weights (<layer>_<name>_W),
 * so it has lines too. Leaves target/ui-overview.png. Tagged: run it with
 * {@code mvn test -Dsurefire.groups=browser -Dsurefire.excludedGroups=slow} (needs {@code chromium}).
 */
@Tag("browser")
class TrainingUiBrowserTest {
    private static final Pattern URL = Pattern.compile("training UI: (http://127\\.0\\.0\\.1:\\d+)/train/overview");
    private static final Pattern TICK = Pattern.compile("tickLabel\"[^>]*>([-0-9.,]+)<");
    private static final Pattern WEIGHT_LEGEND = Pattern.compile("legendLabel\"[^>]*>\\d+_\\w+_W<");

    @Test
    void theOverviewPageDrawsTheScoreChart(@TempDir Path work) throws Exception {
        Path corpus = SmallRuns.corpus(work);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        AtomicBoolean done = new AtomicBoolean();
        StopRequest whenSeen = () -> done.get() ? new StopRequest.Signal("the test", 0) : null;
        CompletableFuture<TrainingSummary> run = CompletableFuture.supplyAsync(() ->
                new TrainingRun(SmallRuns.settings(corpus, work.resolve("run"), work, 100, 2000L, false, 0, 1), out,
                        dev.chargpt.Setting::fieldName, whenSeen)
                        .watchedIn(new UiSettings("127.0.0.1", UiEndpoints.freePort(), 5)).withTerminal(false).run());
        String base = null;
        int lastIteration = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (lastIteration < 50 && System.nanoTime() < deadline && !run.isDone()) {
            Matcher m = URL.matcher(printed.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                base = m.group(1);
                JsonNode iterations = UiEndpoints.json(base + "/train/overview/data").path("scoresIter");
                lastIteration = iterations.size() == 0 ? -1 : iterations.get(iterations.size() - 1).asInt();
            }
            Thread.sleep(200);
        }
        assertTrue(lastIteration >= 50, "the UI reported iteration 50 while the run trained; printed:\n" + printed);

        Path screenshot = Path.of("target", "ui-overview.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium("--screenshot=" + screenshot, base + "/train/overview");
        String dom = chromium("--dump-dom", base + "/train/overview");
        done.set(true); // the run saves and stops, as after Ctrl-C
        run.handle((summary, e) -> null).get();

        int chart = dom.indexOf("id=\"scoreiterchart\"");
        assertTrue(chart >= 0, "the overview page has the score chart");
        int next = dom.indexOf("id=\"", chart + 20);
        List<Double> ticks = new ArrayList<>();
        Matcher tick = TICK.matcher(dom.substring(chart, next < 0 ? dom.length() : next));
        while (tick.find()) {
            ticks.add(Double.parseDouble(tick.group(1).replace(",", "")));
        }
        double highest = ticks.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        assertTrue(highest >= 25, "the score chart's labels reach the run's iterations (reported " + lastIteration
                + "), labels " + ticks);
        int ratios = dom.indexOf("id=\"updateRatioChart\"");
        assertTrue(ratios >= 0, "the overview page has the update:parameter ratio chart");
        int after = dom.indexOf("id=\"", ratios + 20);
        Matcher weight = WEIGHT_LEGEND.matcher(dom.substring(ratios, after < 0 ? dom.length() : after));
        assertTrue(weight.find(), "the ratio chart's legend names a weight (<layer>_<name>_W), so it has lines");
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page");
    }

    /** Runs headless chromium on {@code url} and returns what it printed (the DOM with --dump-dom). */
    private static String chromium(String what, String url) throws IOException, InterruptedException {
        Process browser = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1400,1000", "--virtual-time-budget=15000", what, url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] output = browser.getInputStream().readAllBytes();
        assertTrue(browser.waitFor(2, TimeUnit.MINUTES), "chromium finished");
        assertEquals(0, browser.exitValue(), "chromium's exit code");
        return new String(output, StandardCharsets.UTF_8);
    }
}
