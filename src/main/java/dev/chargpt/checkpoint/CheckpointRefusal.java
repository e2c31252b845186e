package dev.chargpt.checkpoint;

import java.io.IOException;

/**
 * The checkpoint holds something chargpt never writes: an unknown or misplaced entry, an entry
 * larger than its run implies, a class name or an array size outside what chargpt's networks have.
 * Such a file is refused before DL4J or ND4J parse any of it. The message names the problem and,
 * where it is not "use a checkpoint written by chargpt", the fix; {@link CheckpointFile} adds the file.
 *
 * <p>An {@link IOException}, so that the readers, which already throw it, pass it on unchanged.
 */
final class CheckpointRefusal extends IOException {
    private static final String USE_CHARGPT_CHECKPOINT = "use a checkpoint written by chargpt";

    private final String fix;

    CheckpointRefusal(String problem) {
        this(problem, USE_CHARGPT_CHECKPOINT);
    }

    CheckpointRefusal(String problem, String fix) {
        super(problem);
        this.fix = fix;
    }

    String fix() {
        return fix;
    }
}
