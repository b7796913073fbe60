package io.sealer.core.sector;

import static io.sealer.core.sched.SelectorSpec.TASK_TYPE;
import static io.sealer.core.task.SectorFileType.CACHE;
import static io.sealer.core.task.SectorFileType.SEALED;
import static io.sealer.core.task.SectorFileType.UNSEALED;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.SelectorSpec.PathKind;
import io.sealer.core.task.TaskType;
import java.util.EnumSet;
import java.util.List;

/**
 * The states of a sector, named as Lotus names them (docs/architecture.md, "Sector state
 * machine"), each with its stable wire name (what is persisted and crosses nodes; never the
 * ordinal) and the tasks it runs in order. Which event leads where is {@link SectorPlanner}'s
 * table; this enum only says what a state is.
 */
public enum SectorState {
    /**
     * A deal sector that takes pieces (each recorded as it is placed) until it is full, its
     * wait-deals delay runs out, or an operator starts it; nothing runs on a worker yet.
     */
    WAIT_DEALS("WaitDeals", Kind.CHAIN),
    /** Fills the sector with its pieces (zeros for committed capacity). */
    PACKING("Packing", Kind.STAGE, StageTask.required(TaskType.AP, TaskType.NOOP,
            SelectorSpec.allocate(EnumSet.of(UNSEALED), PathKind.SEALING))),
    /** Draws the sealing ticket from the chain, just before PreCommit1. */
    GET_TICKET("GetTicket", Kind.CHAIN),
    /** Writes sealed and cache next to the unsealed copy (fetched first when it is elsewhere). */
    PRE_COMMIT_1("PreCommit1", Kind.STAGE, StageTask.required(TaskType.PC1, TaskType.GET,
            SelectorSpec.allocate(EnumSet.of(SEALED, CACHE), PathKind.SEALING))),
    /** Runs where the PreCommit1 layers are, or fetches them to a worker with room. */
    PRE_COMMIT_2("PreCommit2", Kind.STAGE, StageTask.required(TaskType.PC2, TaskType.GET,
            SelectorSpec.existing(EnumSet.of(CACHE, SEALED), true))),
    /** Waits for the chain's interactive seed after pre-commit. */
    WAIT_SEED("WaitSeed", Kind.CHAIN),
    /**
     * Commit1 then Commit2. Commit1 prefers the workers holding sealed and cache but may fetch
     * them (a worker taking no Commit1, as with --no-default, leaves it to the miner's own
     * worker); Commit2 reads only Commit1's output and runs anywhere.
     */
    COMMITTING("Committing", Kind.STAGE,
            StageTask.required(TaskType.C1, TaskType.GET, SelectorSpec.existing(EnumSet.of(SEALED, CACHE), true)),
            StageTask.required(TaskType.C2, TaskType.NOOP, TASK_TYPE)),
    /** Drops what proving does not need (FUS trims the unsealed copy, GET moves to long-term storage). */
    FINALIZE_SECTOR("FinalizeSector", Kind.STAGE,
            StageTask.optional(TaskType.FUS, TaskType.GET, SelectorSpec.existing(EnumSet.of(UNSEALED), false)),
            StageTask.required(TaskType.FIN, TaskType.GET, SelectorSpec.existing(EnumSet.of(CACHE), false)),
            StageTask.required(TaskType.GET, TaskType.GET, SelectorSpec.move(EnumSet.of(SEALED, CACHE)))),
    /** Sealed and committed. */
    PROVING("Proving", Kind.END),

    ADD_PIECE_FAILED("AddPieceFailed", Kind.FAILED),
    SEAL_PRE_COMMIT_1_FAILED("SealPreCommit1Failed", Kind.FAILED),
    SEAL_PRE_COMMIT_2_FAILED("SealPreCommit2Failed", Kind.FAILED),
    COMPUTE_PROOF_FAILED("ComputeProofFailed", Kind.FAILED),
    FINALIZE_FAILED("FinalizeFailed", Kind.FAILED),
    /** A failure no retry can fix; the sector stays here until it is removed. */
    FAILED_UNRECOVERABLE("FailedUnrecoverable", Kind.END),
    REMOVING("Removing", Kind.CHAIN),
    REMOVED("Removed", Kind.END);

    /** What a sector does in a state. */
    public enum Kind {
        /** Runs its tasks through the scheduler. */
        STAGE,
        /** Waits for something outside the workers (the chain, a removal). */
        CHAIN,
        /** Waits out a backoff, then takes the failure route the planner picks. */
        FAILED,
        /** Nothing more happens without an operator. */
        END
    }

    private final String wireName;
    private final Kind kind;
    private final List<StageTask> tasks;

    SectorState(String wireName, Kind kind, StageTask... tasks) {
        this.wireName = wireName;
        this.kind = kind;
        this.tasks = List.of(tasks);
    }

    /** "PreCommit1": the Lotus name, persisted and shown to operators. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Kind kind() {
        return kind;
    }

    /** The tasks this state runs, in order (optional ones included); empty for states that run none. */
    public List<StageTask> tasks() {
        return tasks;
    }

    /** The tasks the sealing pipeline runs in this state, in order. */
    public List<StageTask> requiredTasks() {
        return tasks.stream().filter(t -> !t.optional()).toList();
    }

    /** Whether the sector's life ends here for the pipeline (Proving, FailedUnrecoverable, Removed). */
    public boolean terminal() {
        return kind == Kind.END;
    }

    @Override
    public String toString() {
        return wireName;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SectorState fromWireName(String name) {
        for (SectorState s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sector state '" + name + "'");
    }
}
