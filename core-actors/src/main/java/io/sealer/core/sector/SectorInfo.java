package io.sealer.core.sector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sealer.core.JsonSerializable;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sector.SectorEvent.Piece;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything known about one sector, folded from its events with {@link #apply}: the state and
 * where it is within the state's tasks, what each stage produced (hex values and CIDs; large
 * outputs stay in the sector's files on the worker), failures counted per stage, the last error,
 * every state change with its time, and every task run with the worker it ran on. Immutable.
 *
 * <p>Failure counts are kept per stage (Packing, PreCommit1, PreCommit2, Committing,
 * FinalizeSector) and bound the redo loops: a stage's completion clears the counts of the
 * stages after it, never its own, and a route back to an earlier stage counts as a failure of
 * that stage. So PreCommit1 redone for a PreCommit2 that keeps failing still ends in removal.
 *
 * @param step index of the next task among the state's {@link SectorState#requiredTasks()}
 * @param dealPieces the deal pieces placed while the sector waited for deals, in sector order;
 *     they survive every route back (the data is the deal's, not a stage's output)
 */
public record SectorInfo(
        SectorId id,
        SealProof proof,
        boolean deals,
        SectorState state,
        int step,
        List<Piece> pieces,
        String commD,
        String commDCid,
        String ticket,
        String replicaId,
        String commR,
        String commRCid,
        String seed,
        long commit1Bytes,
        String proofSha256,
        List<StageFailures> failures,
        Failure lastFailure,
        List<StateChange> history,
        List<TaskRun> taskRuns,
        List<SectorEvent.DealPiece> dealPieces) implements JsonSerializable {

    /** How many times a stage failed (or was gone back to) since a stage before it last completed. */
    public record StageFailures(SectorState stage, int count) implements JsonSerializable {}

    /** A failed task: the stage it belonged to, the task, how it failed and the message. */
    public record Failure(SectorState stage, TaskType task, FailureKind kind, String message)
            implements JsonSerializable {}

    /** One state change; {@code from} is null for the sector's first state. */
    public record StateChange(Instant at, SectorState from, SectorState to, String event) implements JsonSerializable {}

    /** One task that ended, on which worker; {@code failure} is null when it succeeded. */
    public record TaskRun(Instant at, TaskType task, String worker, FailureKind failure) implements JsonSerializable {}

    public SectorInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        pieces = pieces == null ? List.of() : List.copyOf(pieces);
        failures = failures == null ? List.of() : List.copyOf(failures);
        history = history == null ? List.of() : List.copyOf(history);
        taskRuns = taskRuns == null ? List.of() : List.copyOf(taskRuns);
        dealPieces = dealPieces == null ? List.of() : List.copyOf(dealPieces);
    }

    /** A new sector in Packing. */
    public static SectorInfo start(SectorEvent.SectorStart e) {
        return new SectorInfo(e.id(), e.proof(), e.deals(), SectorState.PACKING, 0, List.of(), null, null, null, null,
                null, null, null, 0, null, List.of(), null,
                List.of(new StateChange(e.at(), null, SectorState.PACKING, eventName(e))), List.of(), List.of());
    }

    /** A new deal sector in WaitDeals, without pieces yet. */
    public static SectorInfo startWaitDeals(SectorEvent.SectorStartWaitDeals e) {
        return new SectorInfo(e.id(), e.proof(), true, SectorState.WAIT_DEALS, 0, List.of(), null, null, null, null,
                null, null, null, 0, null, List.of(), null,
                List.of(new StateChange(e.at(), null, SectorState.WAIT_DEALS, eventName(e))), List.of(), List.of());
    }

    /** Where a new piece of {@code paddedSize} would start in this sector, or empty when it does not fit. */
    public java.util.OptionalLong offsetForPiece(long paddedSize) {
        return PieceLayout.offsetFor(proof.sectorSize().bytes(), dealPieces, paddedSize);
    }

    /**
     * The sector after {@code event}.
     *
     * @throws SectorEventRejected if the current state does not accept the event
     */
    public SectorInfo apply(SectorEvent event) {
        SectorState next = SectorPlanner.next(state, event);
        Builder b = new Builder(this);
        if (event instanceof SectorEvent.TaskDone done) {
            if (nextTask() == null) {
                throw new SectorEventRejected(state, event, "all its tasks in this state are done");
            }
            b.runs.add(new TaskRun(done.at(), nextTask().type(), done.worker(), null));
            b.step = step + 1;
        }
        if (event instanceof SectorEvent.SectorPacked e) {
            b.pieces = e.pieces();
            b.commD = e.commD();
            b.commDCid = e.commDCid();
        } else if (event instanceof SectorEvent.SectorAddPiece e) {
            java.util.OptionalLong at = offsetForPiece(e.piece().paddedSize());
            if (at.isEmpty() || at.getAsLong() != e.piece().offset()) {
                throw new SectorEventRejected(state, event, at.isEmpty() ? "the piece does not fit"
                        : "the piece belongs at offset " + at.getAsLong() + ", not " + e.piece().offset());
            }
            b.dealPieces.add(e.piece());
        } else if (event instanceof SectorEvent.SectorTicket e) {
            b.ticket = e.ticket();
        } else if (event instanceof SectorEvent.SectorPreCommit1 e) {
            b.replicaId = e.replicaId();
        } else if (event instanceof SectorEvent.SectorPreCommit2 e) {
            b.commR = e.commR();
            b.commRCid = e.commRCid();
        } else if (event instanceof SectorEvent.SectorSeedReady e) {
            b.seed = e.seed();
        } else if (event instanceof SectorEvent.SectorCommit1 e) {
            b.commit1Bytes = e.commit1Bytes();
        } else if (event instanceof SectorEvent.SectorCommitted e) {
            b.proofSha256 = e.proofSha256();
        } else if (event instanceof SectorEvent.TaskFailed e) {
            b.runs.add(new TaskRun(e.at(), e.task(), e.worker(), e.kind()));
            b.lastFailure = new Failure(state, e.task(), e.kind(), e.error());
            b.countFailure(state);
        } else if (event instanceof SectorEvent.Retry && lastFailure != null
                && SectorPlanner.stageIndex(next) < SectorPlanner.stageIndex(lastFailure.stage())) {
            b.countFailure(next);
            b.dropOutputsFrom(next);
        }
        if (SectorPlanner.completes(state, event)) {
            b.clearFailuresAfter(state);
        }
        if (next != state) {
            b.history.add(new StateChange(event.at(), state, next, eventName(event)));
            b.step = 0;
        }
        b.state = next;
        return b.build();
    }

    /** The next task to run in the current state, or null when the state runs none (or all are done). */
    @JsonIgnore
    public StageTask nextTask() {
        List<StageTask> tasks = state.requiredTasks();
        return step < tasks.size() ? tasks.get(step) : null;
    }

    /** Failures counted for a stage. */
    public int failures(SectorState stage) {
        return failures.stream().filter(f -> f.stage() == stage).mapToInt(StageFailures::count).findFirst().orElse(0);
    }

    /** "PreCommit2 (PC2): message", or null when nothing failed. */
    @JsonIgnore
    public String lastError() {
        return lastFailure == null ? null
                : lastFailure.stage() + " (" + lastFailure.task().shortName() + "): " + lastFailure.message();
    }

    /** When the sector started. */
    @JsonIgnore
    public Instant startedAt() {
        return history.get(0).at();
    }

    /** From start to the last state change (to now, for a sector still on its way). */
    @JsonIgnore
    public Duration elapsed() {
        return Duration.between(startedAt(), history.get(history.size() - 1).at());
    }

    private static String eventName(SectorEvent e) {
        return e.getClass().getSimpleName();
    }

    /** Mutable copy used only inside {@link #apply}. */
    private static final class Builder {
        private final SectorInfo from;
        private SectorState state;
        private int step;
        private List<Piece> pieces;
        private String commD;
        private String commDCid;
        private String ticket;
        private String replicaId;
        private String commR;
        private String commRCid;
        private String seed;
        private long commit1Bytes;
        private String proofSha256;
        private final List<StageFailures> failures;
        private Failure lastFailure;
        private final List<StateChange> history;
        private final List<TaskRun> runs;
        private final List<SectorEvent.DealPiece> dealPieces;

        Builder(SectorInfo s) {
            from = s;
            state = s.state;
            step = s.step;
            pieces = s.pieces;
            commD = s.commD;
            commDCid = s.commDCid;
            ticket = s.ticket;
            replicaId = s.replicaId;
            commR = s.commR;
            commRCid = s.commRCid;
            seed = s.seed;
            commit1Bytes = s.commit1Bytes;
            proofSha256 = s.proofSha256;
            failures = new ArrayList<>(s.failures);
            lastFailure = s.lastFailure;
            history = new ArrayList<>(s.history);
            runs = new ArrayList<>(s.taskRuns);
            dealPieces = new ArrayList<>(s.dealPieces);
        }

        void countFailure(SectorState stage) {
            int n = from.failures(stage) + 1;
            failures.removeIf(f -> f.stage() == stage);
            failures.add(new StageFailures(stage, n));
        }

        void clearFailuresAfter(SectorState stage) {
            failures.removeIf(f -> SectorPlanner.stageIndex(f.stage()) > SectorPlanner.stageIndex(stage));
        }

        /** A route back redoes {@code stage} and what follows it: their outputs are no longer valid. */
        void dropOutputsFrom(SectorState stage) {
            int i = SectorPlanner.stageIndex(stage);
            if (i <= SectorPlanner.stageIndex(SectorState.PACKING)) {
                pieces = List.of();
                commD = null;
                commDCid = null;
            }
            if (i <= SectorPlanner.stageIndex(SectorState.PRE_COMMIT_1)) {
                replicaId = null;
            }
            if (i <= SectorPlanner.stageIndex(SectorState.PRE_COMMIT_2)) {
                commR = null;
                commRCid = null;
                seed = null;
            }
            if (i <= SectorPlanner.stageIndex(SectorState.COMMITTING)) {
                commit1Bytes = 0;
                proofSha256 = null;
            }
        }

        SectorInfo build() {
            return new SectorInfo(from.id, from.proof, from.deals, state, step, pieces, commD, commDCid, ticket,
                    replicaId, commR, commRCid, seed, commit1Bytes, proofSha256, failures, lastFailure, history, runs,
                    dealPieces);
        }
    }
}
