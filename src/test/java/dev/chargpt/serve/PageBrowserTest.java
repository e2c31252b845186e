package dev.chargpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.fixture.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page of {@code chargpt serve} in a real browser (Debian's chromium, headless, driven with real
 * mouse and key events): it writes {@code sample}'s text for the same seed, a clicked character shows
 * every layer and head with weights that sum to 1, an oversized request shows the server's sentence,
 * whitespace and non-ASCII characters come out as they are, and a narrow window does not scroll
 * sideways. The model is trained here, for a few steps, on text with accents, CJK and an emoji.
 * Leaves target/serve-page.png. Tagged: run it with
 * {@code mvn test -Dsurefire.groups=browser -Dsurefire.excludedGroups=slow} (needs {@code chromium}).
 */
@Tag("browser")
class PageBrowserTest {
    private static final String CORPUS = "the café by the sea — naïve 東京 😀 tea\nthe sea, the tea; the café.\n";
    private static final String PROMPT = "the café 東京😀\nthe sea";

    private static Path work;
    private static ServerUnderTest served;
    private static HeadlessChromium browser;

    @BeforeAll
    static void trainServeAndOpen() throws Exception {
        work = Files.createTempDirectory("chargpt-serve-page");
        Path corpus = work.resolve("corpus.txt");
        Files.writeString(corpus, CORPUS.repeat(60), StandardCharsets.UTF_8);
        Path run = work.resolve("models").resolve("page");
        ServerUnderTest.chargpt("train", "--corpus", corpus.toString(), "--out", run.toString(), "--data-dir",
                work.resolve("data").toString(), "--charts-dir", work.resolve("charts").toString(), "--layers", "2",
                "--heads", "2", "--width", "16", "--block-size", "16", "--batch-size", "4", "--max-steps", "6",
                "--sample-length", "0");
        served = new ServerUnderTest(run, new ServeLimits(300, 200, 2));
        browser = HeadlessChromium.start(1200, 900);
        browser.open(served.base);
        browser.waitFor("document.body.dataset.state === 'ready'");
    }

    @AfterAll
    static void close() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (served != null) {
            served.close();
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @Test
    void itWritesSamplesTextThenShowsEveryHeadOfAClickedCharacter() throws IOException {
        generate(PROMPT, "120", "42");

        String written = browser.eval("[...document.querySelectorAll('#text .ch.gen')].map(s => s.dataset.c).join('')").asText();
        String sample = ServerUnderTest.chargpt("sample", "--model", served.run.toString(), "--prompt", PROMPT,
                "--length", "120", "--seed", "42");
        assertEquals(sample, PROMPT + written + "\n", "the page's text is sample's for the same seed");
        String prompt = browser.eval("[...document.querySelectorAll('#text .ch.prompt')].map(s => s.dataset.c).join('')").asText();
        assertEquals(PROMPT, prompt, "the prompt, character for character");
        assertEquals("↵\n", browser.eval("document.querySelector('#text .ch.nl').textContent").asText(), "a line break shows");
        assertEquals("·", browser.eval("document.querySelector('#text .ch[data-c=\" \"]').textContent").asText(), "a space shows");
        assertEquals("😀", browser.eval("document.querySelector('#text .ch[data-i=\"11\"]').textContent").asText(),
                "an emoji is one character, drawn as itself");

        browser.click("#text .ch[data-i='30']");
        browser.waitFor("document.getElementById('inspector').dataset.ready === 'true'");
        assertEveryHeadSumsToOne(30);

        browser.press("ArrowRight", 39);
        browser.waitFor("document.querySelector('#text .ch.selected').dataset.i === '31'"
                + " && document.getElementById('inspector').dataset.ready === 'true'");
        assertEveryHeadSumsToOne(31);
        assertTrue(browser.eval("document.getElementById('loss').textContent").asText().matches("(?s).*\\d\\.\\d\\d bits.*came next.*"),
                "the loss of the next character, in bits");
        assertEquals(1, browser.eval("document.querySelectorAll('#likeliest li.came').length").asInt(), "the sampled one is marked");
        assertTrue(browser.eval("document.querySelectorAll('#text .ch.shaded').length").asInt() > 1, "a head drawn over the text");
        browser.screenshot(Path.of("target", "serve-page.png"), true);
    }

    @Test
    void anOversizedRequestShowsTheServersSentence() {
        generate("the sea", "100000", "1");

        String error = browser.eval("document.getElementById('error').textContent").asText();
        assertTrue(error.contains("length must be 1 to 300 characters (this server's cap), got 100000"), error);
        assertTrue(error.contains("(HTTP 400)"), error);
    }

    @Test
    void aNarrowWindowDoesNotScrollSideways() throws IOException {
        generate(PROMPT, "60", "3");
        browser.click("#text .ch[data-i='20']");
        browser.waitFor("document.getElementById('inspector').dataset.ready === 'true'");
        browser.size(360, 800);
        try {
            browser.eval("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))");
            browser.screenshot(Path.of("target", "serve-page-narrow.png"), false);
            int width = browser.eval("document.documentElement.scrollWidth").asInt();
            String wide = browser.eval("'inner ' + innerWidth + ' client ' + document.documentElement.clientWidth + ' body '"
                    + " + document.body.scrollWidth + ': ' + [...document.querySelectorAll('body *')].filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth)"
                    + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + '/' + e.scrollWidth + '/' + e.clientWidth)"
                    + ".slice(0, 12).join(', ')").asText();
            assertTrue(width <= 360, "the page is " + width + " pixels wide in a 360-pixel window: " + wide);
        } finally {
            browser.size(1200, 900);
        }
    }

    /** Types the settings in, as a person would, and presses Generate; waits for the end of the text or an error. */
    private static void generate(String prompt, String length, String seed) {
        browser.eval("document.getElementById('prompt').value = " + quoted(prompt) + ";"
                + "document.getElementById('length').value = " + quoted(length) + ";"
                + "document.getElementById('seed').value = " + quoted(seed) + ";"
                + "document.getElementById('pace').value = '0'; true");
        browser.eval("document.body.dataset.state = 'ready'");
        browser.click("#generate");
        browser.waitFor("['done', 'error'].includes(document.body.dataset.state)");
    }

    /** Every layer's every head has a box, and the weights it draws for the selected position sum to 1. */
    private static void assertEveryHeadSumsToOne(int position) {
        JsonNode heads = browser.eval("[...document.querySelectorAll('#heads .head')].map(h => ({layer: +h.dataset.layer,"
                + " head: +h.dataset.head, sum: [...h.querySelectorAll('.w')].reduce((s, w) => s + Number(w.dataset.w), 0),"
                + " last: h.querySelector('.w.query') === h.querySelector('.w:last-child')}))");
        assertEquals(4, heads.size(), "2 layers x 2 heads: " + heads);
        for (int i = 0; i < 4; i++) {
            JsonNode head = heads.get(i);
            assertEquals(i / 2, head.get("layer").asInt());
            assertEquals(i % 2, head.get("head").asInt());
            assertEquals(1.0, head.get("sum").asDouble(), 1e-5, "position " + position + ": " + head);
            assertTrue(head.get("last").asBoolean(), "the window ends at the selected character");
        }
    }

    private static String quoted(String text) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(text).toString();
    }
}
