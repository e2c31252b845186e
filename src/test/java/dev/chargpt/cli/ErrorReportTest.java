package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorReportTest {

    /** What a training run would say about where it writes and how to continue. */
    private static final Command.Invocation TRAINING = new Command.Invocation() {
        @Override
        public boolean usesNd4j() {
            return true;
        }

        @Override
        public Path writesTo() {
            return Path.of("/runs/r1");
        }

        @Override
        public String work() {
            return "training cpu-small";
        }

        @Override
        public String afterFreeingSpace() {
            return "run again with --resume --out /runs/r1";
        }

        @Override
        public void run(PrintStream out) {
        }
    };

    @Test
    void diskFullNamesTheFileTheSpaceToFreeAndHowToContinue() {
        Throwable failure = new UncheckedIOException("cannot append to loss history /runs/r1/history.jsonl",
                new FileSystemException("/runs/r1/history.jsonl", null, "No space left on device"));

        ErrorReport.Outcome outcome = ErrorReport.failure(failure, TRAINING, SettingFlags::flag);

        assertEquals(1, outcome.exitCode());
        assertEquals("chargpt: no space left on device: cannot append to loss history /runs/r1/history.jsonl;"
                + " free space on /runs/r1 and run again with --resume --out /runs/r1", outcome.line());
    }

    @Test
    void diskFullWithoutAFileNameUsesWhereTheCommandWrites() {
        Throwable failure = new RuntimeException(new IOException("No space left on device"));

        ErrorReport.Outcome outcome = ErrorReport.failure(failure, TRAINING, SettingFlags::flag);

        assertEquals("chargpt: no space left on device: a write failed;"
                + " free space on /runs/r1 and run again with --resume --out /runs/r1", outcome.line());
    }

    @Test
    void otherWriteFailuresAreOneLine() {
        Throwable failure = new UncheckedIOException("cannot write chart /ro/loss.png",
                new java.nio.file.AccessDeniedException("/ro/loss.png"));

        ErrorReport.Outcome outcome = ErrorReport.failure(failure, TRAINING, SettingFlags::flag);

        assertEquals(1, outcome.exitCode());
        assertEquals("chargpt: cannot write chart /ro/loss.png (permission denied);"
                + " check that the path exists, is writable and its disk has free space", outcome.line());
    }

    @Test
    void badInputIsExitTwoEvenWhenWrapped() {
        ErrorReport.Outcome outcome = ErrorReport.failure(
                new IllegalStateException("listener failed", new BadInputException("the prompt has characters\nnot in the vocabulary")),
                TRAINING, SettingFlags::flag);

        assertEquals(new ErrorReport.Outcome(2, "chargpt: the prompt has characters not in the vocabulary"), outcome);
    }

    @Test
    void anythingElseIsUnexpected() {
        ErrorReport.Outcome outcome = ErrorReport.failure(new IllegalStateException("weights are NaN"), TRAINING, SettingFlags::flag);

        assertEquals(new ErrorReport.Outcome(1, "chargpt: unexpected error: weights are NaN"
                + " (run with --verbose for the stack trace)"), outcome);
    }

    @Test
    void anUnexpectedErrorWithOnlyJavasWordsPointsToVerbose() {
        Throwable failure = new IllegalStateException(new NullPointerException());
        ErrorReport.Outcome outcome = ErrorReport.failure(failure, TRAINING, SettingFlags::flag);

        assertEquals(new ErrorReport.Outcome(1, "chargpt: unexpected error: chargpt has no words for it"
                + " (run with --verbose for the stack trace)"), outcome);
    }

    @Test
    void anUnexpectedErrorNamesItsRootCause() {
        Throwable failure = new ExceptionInInitializerError(new RuntimeException("ND4J is probably missing dependencies",
                new NumberFormatException("For input string: \"x\"")));

        assertEquals("chargpt: unexpected error: ND4J is probably missing dependencies; caused by:"
                + " For input string: \"x\" (run with --verbose for the stack trace)",
                ErrorReport.failure(failure, TRAINING, SettingFlags::flag).line());
    }

    /** What ND4J threw on linux-arm64 without libgomp1 (issue 36): one line that names the package. */
    @Test
    void aMissingSystemLibraryIsOneLineNamingThePackage() {
        Throwable failure = new ExceptionInInitializerError(new RuntimeException("ND4J is probably missing dependencies. For more"
                + " information, please refer to: https://deeplearning4j.konduit.ai/nd4j/backend",
                new UnsatisfiedLinkError("/tmp/javacpp/1.5.7/org/nd4j/linux-arm64/libjnind4jcpu.so: libgomp.so.1:"
                        + " cannot open shared object file: No such file or directory")));

        assertEquals(new ErrorReport.Outcome(1, "chargpt: ND4J's native libraries need the system library libgomp.so.1,"
                + " which is not installed; install libgomp1 (Debian/Ubuntu: apt-get install libgomp1) and run again"),
                ErrorReport.failure(failure, TRAINING, SettingFlags::flag));
        Throwable mac = new UnsatisfiedLinkError("dlopen(libjnind4jcpu.dylib, 0x0001): Library not loaded: @rpath/libomp.dylib");
        assertEquals("chargpt: ND4J's native libraries need the system library libomp.dylib, which is not installed;"
                + " install the system package that provides it and run again", ErrorReport.failure(mac, TRAINING, SettingFlags::flag).line());
    }

    @Test
    void outOfMemoryNamesWhatRanAndAdvisesMoreHeapOrASmallerBatch() {
        ErrorReport.Outcome outcome = ErrorReport.failure(new OutOfMemoryError("Java heap space"), TRAINING, SettingFlags::flag);

        assertEquals(1, outcome.exitCode());
        assertEquals("chargpt: out of memory while training cpu-small (Java heap space); give Java more, for example"
                + " JAVA_OPTS=-Xmx2g ./chargpt ..., or use a smaller --batch-size or --block-size", outcome.line());
    }

    @Test
    void nd4jReachingThePlansCapIsOutOfMemoryToo() {
        Throwable failure = new RuntimeException("Op [matmul] execution failed",
                new RuntimeException("Requested amount exceeds HOST device limits"));
        ErrorReport.Outcome outcome = ErrorReport.failure(failure, TRAINING, SettingFlags::flag);

        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.line().startsWith("chargpt: out of memory while training cpu-small (Requested amount exceeds HOST"),
                outcome.line());
    }
}
