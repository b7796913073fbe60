package io.sealer.core.sched;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.sealer.core.JsonSerializable;
import io.sealer.core.task.SectorFileType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which workers may take a task (docs/scheduling.md), as data that crosses nodes. Beyond the
 * task type and resources, a selector says what the task needs of the worker's storage, as
 * Lotus's selectors do:
 * <ul>
 * <li>TASK_TYPE: nothing (Commit2 reads no sector file).</li>
 * <li>ALLOCATE: a path of the worker's node that can take new {@code types} ({@code path}:
 * a sealing or a storage path) with the space they need (AddPiece, PreCommit1).</li>
 * <li>EXISTING: the worker's node holds {@code types} of the sector; with {@code allowFetch}
 * also a node that could fetch them (PreCommit2); holders are preferred.</li>
 * <li>MOVE: a storage path of the worker's node that can take {@code types} (Finalize's move to
 * long-term storage); a node that already holds them is preferred. With {@code holdersOnly}
 * (the miner's DisallowRemoteFinalize) only a node that already holds some file of the sector
 * qualifies, and it still needs the storage path: nobody pulls the data remotely.</li>
 * <li>SECTOR_AFFINITY: workers that hold the sector's files are preferred and exclude all
 * others (without a storage index, and in the simulator).</li>
 * </ul>
 */
public record SelectorSpec(Kind kind, Set<SectorFileType> types, PathKind path, boolean allowFetch,
        boolean holdersOnly) implements JsonSerializable {
    public enum Kind { TASK_TYPE, SECTOR_AFFINITY, ALLOCATE, EXISTING, MOVE }

    /** What a path is for: sealing scratch space (CanSeal) or long-term storage (CanStore). */
    public enum PathKind { SEALING, STORAGE }

    public static final SelectorSpec TASK_TYPE = new SelectorSpec(Kind.TASK_TYPE);
    public static final SelectorSpec SECTOR_AFFINITY = new SelectorSpec(Kind.SECTOR_AFFINITY);

    @JsonCreator
    public SelectorSpec {
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        path = path == null ? PathKind.SEALING : path;
    }

    public SelectorSpec(Kind kind) {
        this(kind, Set.of(), PathKind.SEALING, false, false);
    }

    /** New {@code types} go to a path of kind {@code path} with the space for them. */
    public static SelectorSpec allocate(Set<SectorFileType> types, PathKind path) {
        return new SelectorSpec(Kind.ALLOCATE, types, path, false, false);
    }

    /** Where {@code types} of the sector are, or (with {@code allowFetch}) where they could be fetched to. */
    public static SelectorSpec existing(Set<SectorFileType> types, boolean allowFetch) {
        return new SelectorSpec(Kind.EXISTING, types, PathKind.SEALING, allowFetch, false);
    }

    /** A storage path that can take {@code types} of the sector. */
    public static SelectorSpec move(Set<SectorFileType> types) {
        return new SelectorSpec(Kind.MOVE, types, PathKind.STORAGE, false, false);
    }

    /**
     * This selector with remote finalize disallowed: a MOVE then accepts only nodes that already
     * hold the sector; other kinds are returned unchanged.
     */
    public SelectorSpec withRemoteFinalizeDisallowed() {
        return kind == Kind.MOVE ? new SelectorSpec(kind, types, path, allowFetch, true) : this;
    }

    /** Whether the workers this selector accepts depend on the sector (not only on its type and size). */
    public boolean perSector() {
        return kind != Kind.TASK_TYPE && kind != Kind.ALLOCATE;
    }
}
