package io.sealer.cluster.storage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sealer.core.task.SectorFileType;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of sector file a storage path holds, each in its own directory
 * ({@code <path>/<dir>/s-t0<miner>-<n>}), with the space-model overheads of docs/operator-guide-storage.md
 * ({@link SectorFileType}, shared with the scheduler).
 */
public enum FileType {
    UNSEALED(SectorFileType.UNSEALED, false),
    SEALED(SectorFileType.SEALED, false),
    CACHE(SectorFileType.CACHE, true),
    UPDATE(SectorFileType.UPDATE, false),
    UPDATE_CACHE(SectorFileType.UPDATE_CACHE, true);

    private final SectorFileType core;
    private final String dir;
    private final boolean directory;

    FileType(SectorFileType core, boolean directory) {
        this.core = core;
        this.dir = core.dir();
        this.directory = directory;
    }

    /** The same type as the scheduler names it. */
    public SectorFileType core() {
        return core;
    }

    public static FileType of(SectorFileType t) {
        return valueOf(t.name());
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
        return core.spaceNeeded(sectorSize, finalized);
    }

    /** Parses a directory name such as {@code sealed}; anything else names the valid choices. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
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
