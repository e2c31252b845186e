package dev.chargpt.serve;

import dev.chargpt.fixture.HeadlessChromium;

import java.nio.file.Path;

/**
 * The README's pictures of the page (docs/images/serve-*.png), taken from a running
 * {@code chargpt serve} in headless chromium: a text written with a fixed seed, one character
 * clicked, wide and narrow. Not a test: {@code java -cp target/chargpt.jar:target/test-classes
 * dev.chargpt.serve.PagePictures http://127.0.0.1:8000/ docs/images "PROMPT" SEED LENGTH POSITION}.
 */
public final class PagePictures {
    private PagePictures() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path out = Path.of(args[1]);
        String prompt = args[2];
        String seed = args[3];
        String length = args[4];
        int position = Integer.parseInt(args[5]);
        try (HeadlessChromium browser = HeadlessChromium.start(1280, 900)) {
            browser.open(url);
            browser.waitFor("document.body.dataset.state === 'ready'");
            browser.eval("document.getElementById('prompt').value = " + json(prompt) + ";"
                    + "document.getElementById('seed').value = " + json(seed) + ";"
                    + "document.getElementById('length').value = " + json(length) + ";"
                    + "document.getElementById('pace').value = '200'; true");
            browser.click("#generate");
            browser.waitFor("document.querySelectorAll('#text .ch.gen').length >= " + Integer.parseInt(length) / 2);
            browser.screenshot(out.resolve("serve-writing.png"), false);
            browser.waitFor("document.body.dataset.state === 'done'");
            browser.click("#text .ch[data-i='" + position + "']");
            browser.waitFor("document.getElementById('inspector').dataset.ready === 'true'");
            browser.screenshot(out.resolve("serve-page.png"), true);
            browser.size(390, 844);
            browser.eval("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))");
            browser.eval("document.getElementById('inspector').scrollIntoView(); true");
            browser.screenshot(out.resolve("serve-narrow.png"), false);
        }
    }

    private static String json(String text) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(text).toString();
    }
}
