package dev.chargpt.checkpoint;

import java.util.HashSet;
import java.util.Set;

/**
 * The entry names of one zip (a checkpoint or its {@code network.zip}) against the fixed set chargpt
 * writes, each name checked before its entry is read. So a path that climbs out of the archive, an
 * absolute path, a directory, a name given twice (zip readers differ in which copy they pick) or an
 * entry DL4J would act on (its {@code preprocessor.bin} is Java serialisation) never reaches a parser.
 */
final class ZipEntryNames {
    private final Set<String> allowed;
    private final String archive;
    private final Set<String> seen = new HashSet<>();

    /** @param archive how messages name the zip: "it" or "its network.zip" */
    ZipEntryNames(Set<String> allowed, String archive) {
        this.allowed = allowed;
        this.archive = archive;
    }

    void check(String name) throws CheckpointRefusal {
        String shown = "'" + name.replaceAll("\\p{Cntrl}", "?") + "'";
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("[A-Za-z]:.*")) {
            throw new CheckpointRefusal(archive + " holds an entry with an absolute path, " + shown);
        }
        if (name.replace('\\', '/').matches("(.*/)?\\.\\.(/.*)?")) {
            throw new CheckpointRefusal(archive + " holds an entry whose path leaves the archive, " + shown);
        }
        if (name.endsWith("/")) {
            throw new CheckpointRefusal(archive + " holds a directory entry, " + shown);
        }
        if (!allowed.contains(name)) {
            throw new CheckpointRefusal(archive + " holds an entry " + shown + " that chargpt never writes (it writes "
                    + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
        if (!seen.add(name)) {
            throw new CheckpointRefusal(archive + " holds the entry " + shown + " twice");
        }
    }
}
