package dev.chargpt.data;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CorpusSplitTest {

    @Test
    void tinyShakespeareSplitsLikeNanoGpt() {
        String text = CorpusText.read(SharedCorpora.tiny());
        int[] ids = Vocabulary.of(text).encode(text);

        CorpusSplit split = CorpusSplit.of(ids);

        assertEquals(1_003_854, split.train().length);
        assertEquals(111_540, split.validation().length);
        assertEquals(ids[1_003_853], split.train()[1_003_853]);
        assertEquals(ids[1_003_854], split.validation()[0]);
    }

    @Test
    void firstNinetyPercentTrainTheRestValidate() {
        CorpusSplit split = CorpusSplit.of(IntStream.range(0, 15).toArray());
        assertArrayEquals(IntStream.range(0, 13).toArray(), split.train()); // (int) 13.5
        assertArrayEquals(new int[]{13, 14}, split.validation());
    }

    @Test
    void equalityIsByContents() {
        assertEquals(CorpusSplit.of(new int[]{1, 2, 3}), CorpusSplit.of(new int[]{1, 2, 3}));
        assertEquals(CorpusSplit.of(new int[]{1, 2, 3}).hashCode(), CorpusSplit.of(new int[]{1, 2, 3}).hashCode());
    }
}
