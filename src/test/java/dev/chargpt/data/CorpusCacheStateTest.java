package dev.chargpt.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusCacheStateTest {

    @TempDir
    Path dataDir;

    private Path tinyFile() {
        return dataDir.resolve(NamedCorpus.TINY.fileName());
    }

    @Test
    void absentCorpusSaysWhereItComesFrom() {
        CorpusCacheState state = CorpusCacheState.inspect(dataDir, NamedCorpus.TINY);

        assertEquals(CorpusCacheState.Status.ABSENT, state.status());
        assertEquals(tinyFile(), state.file());
        assertTrue(state.detail().contains(NamedCorpus.TINY.url().toString()), state.detail());
    }

    @Test
    void theRealTinyShakespeareIsVerified() throws IOException {
        Files.copy(SharedCorpora.tiny(), tinyFile());

        CorpusCacheState state = CorpusCacheState.inspect(dataDir, NamedCorpus.TINY);

        assertEquals(CorpusCacheState.Status.VERIFIED, state.status(), state.detail());
        assertEquals(1_115_394, state.sizeBytes());
    }

    @Test
    void aTruncatedCopyIsUnusableAndLeftAlone() throws IOException {
        byte[] real = Files.readAllBytes(SharedCorpora.tiny());
        Files.write(tinyFile(), java.util.Arrays.copyOf(real, real.length / 2));

        CorpusCacheState state = CorpusCacheState.inspect(dataDir, NamedCorpus.TINY);

        assertEquals(CorpusCacheState.Status.UNUSABLE, state.status());
        assertTrue(state.detail().startsWith("is corrupt or a different version"), state.detail());
        assertEquals(real.length / 2, Files.size(tinyFile()));
    }

    @Test
    void completeWorksAreCheckedAgainstTheEditionRulesWithoutRecordingAChecksum() throws IOException {
        Files.copy(SharedCorpora.complete(), dataDir.resolve(NamedCorpus.COMPLETE.fileName()));

        CorpusCacheState state = CorpusCacheState.inspect(dataDir, NamedCorpus.COMPLETE);

        assertEquals(CorpusCacheState.Status.VERIFIED, state.status(), state.detail());
        try (var files = Files.list(dataDir)) {
            assertEquals(1, files.count(), "inspecting must not write the .sha256 record");
        }
    }

    @Test
    void aChangedCompleteWorksIsCaughtByItsRecordedChecksum() throws IOException {
        Path complete = Files.copy(SharedCorpora.complete(), dataDir.resolve(NamedCorpus.COMPLETE.fileName()));
        Files.writeString(dataDir.resolve(complete.getFileName() + ".sha256"), "0".repeat(64) + "  " + complete.getFileName() + "\n");

        CorpusCacheState state = CorpusCacheState.inspect(dataDir, NamedCorpus.COMPLETE);

        assertEquals(CorpusCacheState.Status.UNUSABLE, state.status());
        assertTrue(state.detail().startsWith("has changed since it was accepted"), state.detail());
    }

    @Test
    void aDirectoryInItsPlaceIsUnusable() throws IOException {
        Files.createDirectory(tinyFile());

        assertEquals(CorpusCacheState.Status.UNUSABLE, CorpusCacheState.inspect(dataDir, NamedCorpus.TINY).status());
    }
}
