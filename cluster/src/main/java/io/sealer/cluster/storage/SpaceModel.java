package io.sealer.cluster.storage;

import io.sealer.core.resources.Bytes;
import io.sealer.core.task.SectorSize;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How much disk a sector's files need: per file type, {@code overhead x sector size / 10}, with
 * the sealing overheads while a sector is being sealed (the cache needs 14.1 x the sector size)
 * and the finalized ones once it is stored (the trimmed cache needs 0.1 x).
 */
public final class SpaceModel {
    /** What an allocation is for: sealing scratch space (CanSeal paths) or long-term storage (CanStore paths). */
    public enum PathType { SEALING, STORAGE }

    /** A stage of a sector's life and the files it has on disk then. */
    public record Stage(String name, PathType pathType, Set<FileType> types) {}

    /** The stages the docs' table shows. */
    public static final List<Stage> STAGES = List.of(
            new Stage("AddPiece (unsealed)", PathType.SEALING, EnumSet.of(FileType.UNSEALED)),
            new Stage("PreCommit1/2, Commit (unsealed, sealed, cache)", PathType.SEALING,
                    EnumSet.of(FileType.UNSEALED, FileType.SEALED, FileType.CACHE)),
            new Stage("Finalized (sealed, trimmed cache)", PathType.STORAGE, EnumSet.of(FileType.SEALED, FileType.CACHE)),
            new Stage("Finalized, unsealed copy kept", PathType.STORAGE,
                    EnumSet.of(FileType.UNSEALED, FileType.SEALED, FileType.CACHE)));

    private SpaceModel() {}

    /** Bytes needed for {@code types} of a sector of {@code sectorSize} bytes in a path of {@code pathType}. */
    public static long needed(Set<FileType> types, long sectorSize, PathType pathType) {
        long sum = 0;
        for (FileType t : types) {
            sum = Math.addExact(sum, t.spaceNeeded(sectorSize, pathType == PathType.STORAGE));
        }
        return sum;
    }

    /** A Markdown table: disk needed per sector at each stage, for every sector size. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| Stage |");
        for (SectorSize s : SectorSize.values()) {
            b.append(' ').append(s.label()).append(" |");
        }
        b.append("\n|---|").append("---:|".repeat(SectorSize.values().length)).append('\n');
        for (Stage st : STAGES) {
            b.append("| ").append(st.name()).append(" |");
            for (SectorSize s : SectorSize.values()) {
                b.append(' ').append(Bytes.format(needed(st.types(), s.bytes(), st.pathType()))).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
