package dev.chargpt.dl4j;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark build's half of the DL4J upgrade checklist (Dl4jInternalsTest has the main build's). */
@Tag("spark")
class Dl4jInternalsSparkTest {
    @Test
    void everyMemberTheSparkBuildUsesIsInThisDl4j() {
        List<String> missing = Dl4jInternals.missing(Dl4jInternals.Build.SPARK);
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }
}
