package io.sealer.cluster.storage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of sector file a storage path holds, each in its own directory
 * ({@code <path>/<dir>/s-t0<miner>-<n>}), with the space-model overheads of docs/operator-guide-storage.md:
 * the space a type needs is {@code overhead x sector size / 10}, while sealing or once finalized.
 */
public enum FileType {
    UNSEALED("unsealed", false, 10, 10),
    SEALED("sealed", false, 10, 10),
    CACHE("cache", true, 141, 1),
    UPDATE("update", false, 10, 10),
    UPDATE_CACHE("update-cache", true, 21, 1);

    private final String dir;
    private final boolean directory;
    private final int sealingOverhead;
    private final int finalizedOverhead;

    FileType(String dir, boolean directory, int sealingOverhead, int finalizedOverhead) {
        this.dir = dir;
        this.directory = directory;
        this.sealingOverhead = sealingOverhead;
        this.finalizedOverhead = finalizedOverhead;
    }

    /** The directory name under a storage path, and the name in sectorstore.json and URLs. */
    @JsonValue
    public String dir() {
        return dir;
    }

    /** Whether a sector's file of this type is a directory (served as a tar stream). */
    public boolean isDirectory() {
        return directory;
    }

    /** Bytes this type needs for a sector of {@code sectorSize}, while sealing or once finalized. */
    public long spaceNeeded(long sectorSize, boolean finalized) {
        return Math.multiplyExact(sectorSize, finalized ? finalizedOverhead : sealingOverhead) / 10;
    }

    /** Parses a directory name such as {@code sealed}; anything else names the valid choices. */
    @JsonCreator
    public static FileType parse(String text) {
        for (FileType t : values()) {
            if (t.dir.equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown file type '" + text + "' (expected " + names() + ")");
    }

    /** "unsealed, sealed, cache, update, update-cache". */
    public static String names() {
        return Arrays.stream(values()).map(FileType::dir).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return dir;
    }
}
