package dev.chargpt.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The text the golden checkpoint was trained on: 6,000 characters of words drawn with a fixed seed
 * from a short list, so its vocabulary is small (17 characters) and no corpus text is committed.
 * The checkpoint names it by the relative path {@link #PATH}: Maven runs tests in the project
 * directory, so a resumed golden run finds it there once {@link #write} has put it back.
 */
final class GoldenCorpus {
    static final Path PATH = Path.of("target", "golden-corpus.txt");
    private static final String[] WORDS = {"to", "be", "or", "not", "that", "is", "the", "question", "a", "rose",
            "by", "name", "sweet"};

    private GoldenCorpus() {
    }

    static String text() {
        SplittableRandom random = new SplittableRandom(20261130L);
        StringBuilder text = new StringBuilder();
        while (text.length() < 6_000) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? "\n" : " ");
        }
        return text.substring(0, 6_000);
    }

    static Path write() throws IOException {
        Files.createDirectories(PATH.toAbsolutePath().getParent());
        return Files.writeString(PATH, text(), StandardCharsets.UTF_8);
    }
}
