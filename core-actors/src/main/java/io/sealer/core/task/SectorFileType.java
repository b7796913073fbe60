package io.sealer.core.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kinds of file a sector has on a storage path, with the space each needs
 * ({@code overhead x sector size / 10}) while the sector is being sealed and once it is
 * finalized: the cache needs 14.1 x the sector size while sealing, 0.1 x once trimmed; sealed
 * and unsealed copies 1 x each. The scheduler's storage-aware selectors and the storage index
 * use the same figures.
 */
public enum SectorFileType {
    UNSEALED("unsealed", 10, 10),
    SEALED("sealed", 10, 10),
    CACHE("cache", 141, 1),
    UPDATE("update", 10, 10),
    UPDATE_CACHE("update-cache", 21, 1);

    private final String dir;
    private final int sealingOverhead;
    private final int finalizedOverhead;

    SectorFileType(String dir, int sealingOverhead, int finalizedOverhead) {
        this.dir = dir;
        this.sealingOverhead = sealingOverhead;
        this.finalizedOverhead = finalizedOverhead;
    }

    /** The directory name under a storage path ({@code sealed}); also the wire name. */
    @JsonValue
    public String dir() {
        return dir;
    }

    /** Bytes this type needs for a sector of {@code sectorSize}, while sealing or once finalized. */
    public long spaceNeeded(long sectorSize, boolean finalized) {
        return Math.multiplyExact(sectorSize, finalized ? finalizedOverhead : sealingOverhead) / 10;
    }

    /** Bytes {@code types} need together (see {@link #spaceNeeded}). */
    public static long spaceNeeded(Iterable<SectorFileType> types, long sectorSize, boolean finalized) {
        long sum = 0;
        for (SectorFileType t : types) {
            sum = Math.addExact(sum, t.spaceNeeded(sectorSize, finalized));
        }
        return sum;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SectorFileType fromDir(String dir) {
        for (SectorFileType t : values()) {
            if (t.dir.equals(dir)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown sector file type '" + dir + "'");
    }

    @Override
    public String toString() {
        return dir;
    }
}
