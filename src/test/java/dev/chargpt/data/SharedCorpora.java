package dev.chargpt.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the real corpora: outside the repository (they are not ours to commit), in
 * {@code ../shared/data} by default or wherever {@code -Dchargpt.sharedData} says.
 */
final class SharedCorpora {

    private SharedCorpora() {
    }

    static Path dir() {
        return Path.of(System.getProperty("chargpt.sharedData", "../shared/data"));
    }

    static Path tiny() {
        return existing(NamedCorpus.TINY.fileName());
    }

    static Path complete() {
        return existing(NamedCorpus.COMPLETE.fileName());
    }

    private static Path existing(String fileName) {
        Path file = dir().resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test corpus not found: " + file.toAbsolutePath()
                    + " (set -Dchargpt.sharedData to the directory holding " + fileName + ")");
        }
        return file;
    }
}
