package dev.chargpt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingTest {

    @Test
    void aSettingIsNamedByItsField() {
        assertEquals("blockSize", Setting.BLOCK_SIZE.fieldName());
        assertEquals("epochs", Setting.EPOCHS.fieldName());
        assertEquals("minLearningRate", Setting.MIN_LEARNING_RATE.fieldName());
    }

    @Test
    void renderReplacesMentionsAndLeavesOtherBracesAlone() {
        String text = Setting.HEADS + " must divide " + Setting.WIDTH + "; expected '{' or {unknown}";
        assertEquals("--heads must divide --width; expected '{' or {unknown}",
                Setting.render(text, s -> "--" + s.name().toLowerCase()));
    }

    @Test
    void anExceptionShowsFieldNamesAndKeepsItsTemplateForTheCommandLine() {
        BadInputException e = new BadInputException(Setting.BATCH_SIZE + " must be at least 1, got 0");
        assertEquals("batchSize must be at least 1, got 0", e.getMessage());
        assertEquals("{batchSize} must be at least 1, got 0", e.template());
    }
}
