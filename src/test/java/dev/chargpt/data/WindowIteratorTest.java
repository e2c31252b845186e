package dev.chargpt.data;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowIteratorTest {

    private static final int T = 8;
    private static final int B = 4;

    /** Token i has id i, so each window tells where it starts. */
    private static int[] positions(int n) {
        return IntStream.range(0, n).toArray();
    }

    @Test
    void batchesAreFloatTokenIdsOfShapeBatchByBlock() {
        WindowIterator it = new WindowIterator(positions(1000), T, B, 1);
        DataSet batch = it.next();

        assertArrayEquals(new long[]{B, T}, batch.getFeatures().shape());
        assertArrayEquals(new long[]{B, T}, batch.getLabels().shape());
        assertEquals(DataType.FLOAT, batch.getFeatures().dataType());
        assertEquals(DataType.FLOAT, batch.getLabels().dataType());
    }

    @Test
    void featuresAndLabelsComeFromTheTokenArrayShiftedByOne() {
        int[] tokens = new Random(3).ints(500, 0, 65).toArray();
        WindowIterator it = new WindowIterator(tokens, T, B, 7);
        WindowIterator whereFrom = new WindowIterator(positions(tokens.length), T, B, 7); // same seed: same windows

        while (it.hasNext()) {
            DataSet batch = it.next();
            float[][] features = batch.getFeatures().toFloatMatrix();
            float[][] labels = batch.getLabels().toFloatMatrix();
            float[][] starts = whereFrom.next().getFeatures().toFloatMatrix();
            for (int row = 0; row < B; row++) {
                int s = (int) starts[row][0];
                for (int t = 0; t < T; t++) {
                    assertEquals(tokens[s + t], (int) features[row][t]);
                    assertEquals(tokens[s + t + 1], (int) labels[row][t]);
                }
            }
        }
    }

    @Test
    void windowsAreContiguousRunsAndLabelsAreFeaturesShiftedByOne() {
        WindowIterator it = new WindowIterator(positions(1000), T, B, 5);
        while (it.hasNext()) {
            DataSet batch = it.next();
            float[][] f = batch.getFeatures().toFloatMatrix();
            float[][] l = batch.getLabels().toFloatMatrix();
            for (int row = 0; row < B; row++) {
                for (int t = 0; t < T; t++) {
                    assertEquals(f[row][0] + t, f[row][t]);
                    assertEquals(f[row][t] + 1, l[row][t]);
                }
            }
        }
    }

    @Test
    void eachEpochCoversTheArrayOnceWithDistinctWindowsAtOnePhase() {
        int n = T * (B * 10 + 1) + 3; // W = (n - T) / T = 40 windows: exactly 10 batches, none dropped
        WindowIterator it = new WindowIterator(positions(n), T, B, 11);
        assertEquals(10, it.batchesPerEpoch());
        Set<Integer> phases = new HashSet<>();

        for (int epoch = 0; epoch < 12; epoch++) {
            it.startEpoch(epoch);
            List<Integer> starts = startsOfEpoch(it);
            int phase = it.phaseOffset();
            phases.add(phase);

            assertEquals(40, starts.size());
            assertEquals(40, new HashSet<>(starts).size(), "windows are distinct");
            Set<Integer> expected = new TreeSet<>();
            for (int k = 0; k < 40; k++) {
                expected.add(phase + k * T);
            }
            assertEquals(expected, new TreeSet<>(starts), "non-overlapping stride-T windows from the phase offset");
            assertTrue(phase + 40 * T <= n - 1, "the last label is inside the array");
        }
        assertTrue(phases.size() > 3, "the phase offset changes between epochs: " + phases);
    }

    @Test
    void theLastPartialBatchIsDropped() {
        int n = T * 11 + T; // W = 11 windows, B = 4: two batches, 3 windows dropped
        WindowIterator it = new WindowIterator(positions(n), T, B, 0);
        assertEquals(2, it.batchesPerEpoch());
        assertEquals(8, startsOfEpoch(it).size());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void sameSeedAndEpochGiveTheSameOrderOthersDiffer() {
        int[] tokens = positions(2000);
        WindowIterator a = new WindowIterator(tokens, T, B, 42);
        WindowIterator b = new WindowIterator(tokens, T, B, 42);
        WindowIterator otherSeed = new WindowIterator(tokens, T, B, 43);

        a.startEpoch(3);
        b.startEpoch(3);
        otherSeed.startEpoch(3);
        List<Integer> epoch3 = startsOfEpoch(a);
        assertEquals(epoch3, startsOfEpoch(b));
        assertNotEquals(epoch3, startsOfEpoch(otherSeed));

        a.startEpoch(4);
        assertNotEquals(epoch3, startsOfEpoch(a));
    }

    @Test
    void resetRestartsTheCurrentEpoch() {
        WindowIterator it = new WindowIterator(positions(2000), T, B, 9);
        it.startEpoch(2);
        List<Integer> first = startsOfEpoch(it);
        it.reset();
        assertEquals(2, it.epoch());
        assertEquals(0, it.position());
        assertEquals(first, startsOfEpoch(it));
    }

    @Test
    void restoreMidEpochYieldsExactlyTheRemainingBatches() {
        int[] tokens = positions(3000);
        WindowIterator uninterrupted = new WindowIterator(tokens, T, B, 77);
        uninterrupted.startEpoch(5);
        List<DataSet> all = new ArrayList<>();
        while (uninterrupted.hasNext()) {
            all.add(uninterrupted.next());
        }

        WindowIterator resumed = new WindowIterator(tokens, T, B, 77); // a fresh process, in epoch 0
        resumed.restore(5, 17);
        assertEquals(5, resumed.epoch());
        assertEquals(17, resumed.position());
        for (int i = 17; i < all.size(); i++) {
            DataSet batch = resumed.next();
            assertEquals(all.get(i).getFeatures(), batch.getFeatures(), "features of batch " + i);
            assertEquals(all.get(i).getLabels(), batch.getLabels(), "labels of batch " + i);
            assertEquals(i + 1, resumed.position());
        }
        assertFalse(resumed.hasNext());
    }

    @Test
    void restorePastTheEndOfAnEpochIsRefused() {
        WindowIterator it = new WindowIterator(positions(1000), T, B, 1);
        BadInputException e = assertThrows(BadInputException.class, () -> it.restore(1, it.batchesPerEpoch() + 1));
        assertTrue(e.getMessage().contains("batchSize 4"), e.getMessage());
        it.restore(1, it.batchesPerEpoch()); // the end of an epoch is a valid place to stop
        assertFalse(it.hasNext());
    }

    @Test
    void tooShortForOneBatchSaysWhatIsNeeded() {
        BadInputException e = assertThrows(BadInputException.class, () -> new WindowIterator(positions(100), 64, 12, 0));
        assertEquals("too little text for one batch: 100 characters, but blockSize 64 with batchSize 12 needs at least"
                + " 832 ((batch size + 1) x block size); use a longer corpus or lower blockSize / batchSize", e.getMessage());
    }

    @Test
    void justLongEnoughGivesOneBatch() {
        assertEquals(1, new WindowIterator(positions((B + 1) * T), T, B, 0).batchesPerEpoch());
        assertThrows(BadInputException.class, () -> new WindowIterator(positions((B + 1) * T - 1), T, B, 0));
    }

    @Test
    void sizesBelowOneAreRefused() {
        assertTrue(assertThrows(BadInputException.class, () -> new WindowIterator(positions(100), 0, 1, 0))
                .getMessage().startsWith("blockSize must be at least 1"));
        assertTrue(assertThrows(BadInputException.class, () -> new WindowIterator(positions(100), 1, 0, 0))
                .getMessage().startsWith("batchSize must be at least 1"));
    }

    @Test
    void iteratorContract() {
        WindowIterator it = new WindowIterator(positions(1000), T, B, 1);
        assertTrue(it.resetSupported());
        assertFalse(it.asyncSupported());
        assertEquals(B, it.batch());
        assertEquals(T, it.blockSize());
        assertEquals(T, it.inputColumns());
        assertEquals(-1, it.totalOutcomes());
        assertEquals(B, it.next(B).getFeatures().rows());
        assertThrows(UnsupportedOperationException.class, () -> it.next(B + 1));

        it.setPreProcessor(batch -> batch.getFeatures().muli(0));
        assertEquals(0.0, it.next().getFeatures().sumNumber().doubleValue());
        assertTrue(it.getPreProcessor() != null);
    }

    @Test
    void tinyShakespeareTrainingSplitWithCpuSmallSettings() {
        String text = CorpusText.read(SharedCorpora.tiny());
        CorpusSplit split = CorpusSplit.of(Vocabulary.of(text).encode(text));
        WindowIterator train = new WindowIterator(split.train(), 64, 12, 1337);
        // (1,003,854 - 64) / 64 = 15,684 windows; / 12 = 1,307 batches
        assertEquals(1_307, train.batchesPerEpoch());
    }

    private static List<Integer> startsOfEpoch(WindowIterator it) {
        List<Integer> starts = new ArrayList<>();
        while (it.hasNext()) {
            float[][] features = it.next().getFeatures().toFloatMatrix();
            for (float[] row : features) {
                starts.add((int) row[0]);
            }
        }
        return starts;
    }
}
