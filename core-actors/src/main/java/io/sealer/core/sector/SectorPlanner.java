package io.sealer.core.sector;

import static io.sealer.core.sector.SectorState.ADD_PIECE_FAILED;
import static io.sealer.core.sector.SectorState.COMMITTING;
import static io.sealer.core.sector.SectorState.COMPUTE_PROOF_FAILED;
import static io.sealer.core.sector.SectorState.FAILED_UNRECOVERABLE;
import static io.sealer.core.sector.SectorState.FINALIZE_FAILED;
import static io.sealer.core.sector.SectorState.FINALIZE_SECTOR;
import static io.sealer.core.sector.SectorState.GET_TICKET;
import static io.sealer.core.sector.SectorState.PACKING;
import static io.sealer.core.sector.SectorState.PRE_COMMIT_1;
import static io.sealer.core.sector.SectorState.PRE_COMMIT_2;
import static io.sealer.core.sector.SectorState.PROVING;
import static io.sealer.core.sector.SectorState.REMOVED;
import static io.sealer.core.sector.SectorState.REMOVING;
import static io.sealer.core.sector.SectorState.SEAL_PRE_COMMIT_1_FAILED;
import static io.sealer.core.sector.SectorState.SEAL_PRE_COMMIT_2_FAILED;
import static io.sealer.core.sector.SectorState.WAIT_DEALS;
import static io.sealer.core.sector.SectorState.WAIT_SEED;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sector.SectorEvent.SectorAddPiece;
import io.sealer.core.sector.SectorEvent.SectorAddPieceFailed;
import io.sealer.core.sector.SectorEvent.SectorCacheTrimmed;
import io.sealer.core.sector.SectorEvent.SectorCommit1;
import io.sealer.core.sector.SectorEvent.SectorCommitted;
import io.sealer.core.sector.SectorEvent.SectorComputeProofFailed;
import io.sealer.core.sector.SectorEvent.SectorFatalError;
import io.sealer.core.sector.SectorEvent.SectorFinalizeFailed;
import io.sealer.core.sector.SectorEvent.SectorFinalized;
import io.sealer.core.sector.SectorEvent.SectorPacked;
import io.sealer.core.sector.SectorEvent.SectorPreCommit1;
import io.sealer.core.sector.SectorEvent.SectorPreCommit2;
import io.sealer.core.sector.SectorEvent.SectorRemove;
import io.sealer.core.sector.SectorEvent.SectorRemoved;
import io.sealer.core.sector.SectorEvent.SectorRetryComputeProof;
import io.sealer.core.sector.SectorEvent.SectorRetryFinalize;
import io.sealer.core.sector.SectorEvent.SectorRetryPacking;
import io.sealer.core.sector.SectorEvent.SectorRetrySealPreCommit1;
import io.sealer.core.sector.SectorEvent.SectorRetrySealPreCommit2;
import io.sealer.core.sector.SectorEvent.SectorSealPreCommit1Failed;
import io.sealer.core.sector.SectorEvent.SectorSealPreCommit2Failed;
import io.sealer.core.sector.SectorEvent.SectorSeedReady;
import io.sealer.core.sector.SectorEvent.SectorStartPacking;
import io.sealer.core.sector.SectorEvent.SectorTicket;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The sector state machine as pure policy (docs/architecture.md, "Sector state machine"): ONE
 * table of state -> accepted events -> next state, after Lotus's {@code fsmPlanners}, and the
 * failure routes a sector takes out of a {@code *Failed} state.
 *
 * <p>Failure routes, by how the task failed ({@link FailureKind}):
 * <ul>
 *   <li>TEMPORARY: the same stage again after {@code backoff x failures}; a stage that failed
 *       more than its limit escalates: PreCommit1 -> removed, PreCommit2 -> back to PreCommit1
 *       (the layers may be bad), any other stage -> FailedUnrecoverable.</li>
 *   <li>MISSING_INPUT: back to the stage that writes the missing file (PreCommit1 needs
 *       Packing's unsealed file, PreCommit2 PreCommit1's layers, Commit1 and Finalize
 *       PreCommit2's replica and trees, Commit2 Commit1's output).</li>
 *   <li>BAD_OUTPUT (for example a Commit1 output that does not verify): back to PreCommit1;
 *       PreCommit1 itself finds Packing's output bad (its comm_d does not match), so it goes
 *       back to Packing.</li>
 *   <li>PERMANENT (also a task no worker can ever run): FailedUnrecoverable at once.</li>
 * </ul>
 * Going back to a stage counts as a failure of that stage, so every loop ends. The limit is
 * Lotus's "more than 3 failures" for PreCommit1 and PreCommit2 and {@code retries} for the
 * other stages.
 */
public final class SectorPlanner {

    /** PreCommit1 and PreCommit2 escalate after more than this many failures, as in Lotus. */
    public static final int PRE_COMMIT_RETRIES = 3;

    /** How an accepted event moves the sector. */
    enum Route {
        /** The happy path: the state's work is done, on to the next state. */
        NEXT,
        /** One task of the state is done; the state's next task follows. */
        STEP,
        /** A task failed. */
        FAIL,
        /** Out of a failure state, or the sector's removal. */
        RECOVER
    }

    record Transition(SectorState to, Route route) {}

    private static final Map<SectorState, Map<Class<? extends SectorEvent>, Transition>> TABLE =
            new EnumMap<>(SectorState.class);

    static {
        state(WAIT_DEALS, step(SectorAddPiece.class), next(SectorStartPacking.class, PACKING));
        state(PACKING, next(SectorPacked.class, GET_TICKET), fail(SectorAddPieceFailed.class, ADD_PIECE_FAILED));
        state(GET_TICKET, next(SectorTicket.class, PRE_COMMIT_1));
        state(PRE_COMMIT_1, next(SectorPreCommit1.class, PRE_COMMIT_2),
                fail(SectorSealPreCommit1Failed.class, SEAL_PRE_COMMIT_1_FAILED));
        state(PRE_COMMIT_2, next(SectorPreCommit2.class, WAIT_SEED),
                fail(SectorSealPreCommit2Failed.class, SEAL_PRE_COMMIT_2_FAILED));
        state(WAIT_SEED, next(SectorSeedReady.class, COMMITTING));
        state(COMMITTING, step(SectorCommit1.class), next(SectorCommitted.class, FINALIZE_SECTOR),
                fail(SectorComputeProofFailed.class, COMPUTE_PROOF_FAILED));
        state(FINALIZE_SECTOR, step(SectorCacheTrimmed.class), next(SectorFinalized.class, PROVING),
                fail(SectorFinalizeFailed.class, FINALIZE_FAILED));
        state(PROVING);

        state(ADD_PIECE_FAILED, recover(SectorRetryPacking.class, PACKING), fatal());
        state(SEAL_PRE_COMMIT_1_FAILED, recover(SectorRetryPacking.class, PACKING),
                recover(SectorRetrySealPreCommit1.class, PRE_COMMIT_1), fatal());
        state(SEAL_PRE_COMMIT_2_FAILED, recover(SectorRetrySealPreCommit1.class, PRE_COMMIT_1),
                recover(SectorRetrySealPreCommit2.class, PRE_COMMIT_2), fatal());
        state(COMPUTE_PROOF_FAILED, recover(SectorRetrySealPreCommit1.class, PRE_COMMIT_1),
                recover(SectorRetrySealPreCommit2.class, PRE_COMMIT_2),
                recover(SectorRetryComputeProof.class, COMMITTING), fatal());
        state(FINALIZE_FAILED, recover(SectorRetrySealPreCommit1.class, PRE_COMMIT_1),
                recover(SectorRetrySealPreCommit2.class, PRE_COMMIT_2),
                recover(SectorRetryFinalize.class, FINALIZE_SECTOR), fatal());
        state(FAILED_UNRECOVERABLE);

        // Every sector can be removed (an operator's request, or the PreCommit1 failure route)
        // until its removal has begun.
        for (SectorState s : SectorState.values()) {
            if (s != REMOVING && s != REMOVED) {
                TABLE.get(s).put(SectorRemove.class, new Transition(REMOVING, Route.RECOVER));
            }
        }
        state(REMOVING, recover(SectorRemoved.class, REMOVED));
        state(REMOVED);
    }

    private static final List<SectorState> HAPPY_PATH = walkHappyPath();

    private final int retries;
    private final Duration backoff;

    /**
     * @param retries how many failures a stage other than PreCommit1/2 may have before it escalates
     * @param backoff the pause before a retry, times the stage's failures for a TEMPORARY one
     */
    public SectorPlanner(int retries, Duration backoff) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        }
        this.retries = retries;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    // ---- the table -------------------------------------------------------------------------

    /**
     * The state {@code event} leads to from {@code from}.
     *
     * @throws SectorEventRejected if {@code from} does not accept it
     */
    public static SectorState next(SectorState from, SectorEvent event) {
        Transition t = TABLE.get(from).get(event.getClass());
        if (t == null) {
            throw new SectorEventRejected(from, event);
        }
        return t.to();
    }

    /** The events a state accepts, each with the state it leads to. */
    public static Map<Class<? extends SectorEvent>, SectorState> accepted(SectorState s) {
        Map<Class<? extends SectorEvent>, SectorState> out = new LinkedHashMap<>();
        TABLE.get(s).forEach((e, t) -> out.put(e, t.to()));
        return Collections.unmodifiableMap(out);
    }

    static String acceptedNames(SectorState s) {
        return TABLE.get(s).keySet().stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
    }

    /** Whether {@code event} in {@code state} completes a stage (its last task is done). */
    static boolean completes(SectorState state, SectorEvent event) {
        Transition t = TABLE.get(state).get(event.getClass());
        return t != null && t.route() == Route.NEXT && state.kind() == SectorState.Kind.STAGE;
    }

    /**
     * The states a sector passes through when nothing fails, from Packing to Proving; the
     * order of the sealing tasks follows from it (the simulator's pipeline is built on it).
     */
    public static List<SectorState> happyPath() {
        return HAPPY_PATH;
    }

    /** Position of a state on the happy path; -1 for failure and removal states. */
    static int stageIndex(SectorState s) {
        return HAPPY_PATH.indexOf(s);
    }

    // ---- failure routes --------------------------------------------------------------------

    /** The event that records a failed task of the sector's current stage. */
    public static SectorEvent.TaskFailed taskFailed(SectorInfo s, TaskType task, String worker, FailureKind kind,
            String error, Instant at) {
        return switch (s.state()) {
            case PACKING -> new SectorAddPieceFailed(at, task, worker, kind, error);
            case PRE_COMMIT_1 -> new SectorSealPreCommit1Failed(at, task, worker, kind, error);
            case PRE_COMMIT_2 -> new SectorSealPreCommit2Failed(at, task, worker, kind, error);
            case COMMITTING -> new SectorComputeProofFailed(at, task, worker, kind, error);
            case FINALIZE_SECTOR -> new SectorFinalizeFailed(at, task, worker, kind, error);
            default -> throw new IllegalStateException("sector " + s.id() + " runs no task in " + s.state());
        };
    }

    /**
     * Where a sector in a failure state goes next, and after how long.
     *
     * @param target PACKING, PRE_COMMIT_1, PRE_COMMIT_2, COMMITTING or FINALIZE_SECTOR for a retry,
     *     REMOVING or FAILED_UNRECOVERABLE
     */
    public record Recovery(SectorState target, Duration after, String reason) {

        /** The event that takes the route. */
        public SectorEvent event(Instant at) {
            return switch (target) {
                case PACKING -> new SectorRetryPacking(at, reason);
                case PRE_COMMIT_1 -> new SectorRetrySealPreCommit1(at, reason);
                case PRE_COMMIT_2 -> new SectorRetrySealPreCommit2(at, reason);
                case COMMITTING -> new SectorRetryComputeProof(at, reason);
                case FINALIZE_SECTOR -> new SectorRetryFinalize(at, reason);
                case REMOVING -> new SectorRemove(at, reason);
                case FAILED_UNRECOVERABLE -> new SectorFatalError(at, reason);
                default -> throw new IllegalStateException("no route leads to " + target);
            };
        }

        /** Whether the sector goes back to a stage that runs tasks. */
        public boolean retries() {
            return target.kind() == SectorState.Kind.STAGE;
        }
    }

    /** The route out of the failure state {@code s} is in. */
    public Recovery recover(SectorInfo s) {
        if (s.state().kind() != SectorState.Kind.FAILED || s.lastFailure() == null) {
            throw new IllegalStateException("sector " + s.id() + " in " + s.state() + " is not in a failure state");
        }
        SectorInfo.Failure f = s.lastFailure();
        SectorState stage = f.stage();
        int n = s.failures(stage);
        String what = f.task().shortName() + " failed (" + kindName(f.kind()) + ", failure " + n + "): "
                + f.message();
        return switch (f.kind()) {
            case PERMANENT -> new Recovery(FAILED_UNRECOVERABLE, Duration.ZERO, f.task().shortName() + ": " + f.message());
            case TEMPORARY -> n > limit(stage) ? escalate(s, stage, what)
                    : new Recovery(stage, backoff.multipliedBy(n), what);
            case MISSING_INPUT -> backTo(s, stage, writerOfInputs(stage, f.task()), what);
            case BAD_OUTPUT -> backTo(s, stage, badOutputRedoneFrom(stage), what);
        };
    }

    private Recovery backTo(SectorInfo s, SectorState failed, SectorState target, String why) {
        if (target == failed) {
            return s.failures(failed) > limit(failed) ? escalate(s, failed, why) : new Recovery(failed, backoff, why);
        }
        if (s.failures(target) + 1 > limit(target)) {
            return escalate(s, target, why);
        }
        return new Recovery(target, backoff, why);
    }

    /** A stage that failed too often: PreCommit1 is removed, PreCommit2 redoes PreCommit1, the rest fail. */
    private Recovery escalate(SectorInfo s, SectorState stage, String why) {
        return switch (stage) {
            case PRE_COMMIT_1 -> new Recovery(REMOVING, Duration.ZERO, "PreCommit1 failed too often; " + why);
            case PRE_COMMIT_2 -> backTo(s, PRE_COMMIT_2, PRE_COMMIT_1, "PreCommit2 failed too often; " + why);
            default -> new Recovery(FAILED_UNRECOVERABLE, Duration.ZERO, stage + " failed too often; " + why);
        };
    }

    /** How many failures a stage may have before it escalates. */
    int limit(SectorState stage) {
        return stage == PRE_COMMIT_1 || stage == PRE_COMMIT_2 ? PRE_COMMIT_RETRIES : retries;
    }

    /** Where a stage that found bad output starts again: PreCommit1, or for PreCommit1 (and Packing) Packing. */
    static SectorState badOutputRedoneFrom(SectorState stage) {
        return stageIndex(stage) <= stageIndex(PRE_COMMIT_1) ? PACKING : PRE_COMMIT_1;
    }

    /** The stage that writes what a failed task of {@code stage} found missing. */
    static SectorState writerOfInputs(SectorState stage, TaskType task) {
        return switch (stage) {
            case PRE_COMMIT_1 -> PACKING;
            case PRE_COMMIT_2 -> PRE_COMMIT_1;
            case COMMITTING -> task == TaskType.C2 ? COMMITTING : PRE_COMMIT_2;
            case FINALIZE_SECTOR -> PRE_COMMIT_2;
            default -> stage;
        };
    }

    private static String kindName(FailureKind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    // ---- table construction ----------------------------------------------------------------

    private record Row(Class<? extends SectorEvent> event, Transition transition) {}

    private static void state(SectorState s, Row... rows) {
        Map<Class<? extends SectorEvent>, Transition> m = TABLE.computeIfAbsent(s, k -> new LinkedHashMap<>());
        for (Row r : rows) {
            Transition t = r.transition();
            m.put(r.event(), t.to() == null ? new Transition(s, t.route()) : t);
        }
    }

    private static Row next(Class<? extends SectorEvent> e, SectorState to) {
        return new Row(e, new Transition(to, Route.NEXT));
    }

    /** Stays in the state it is listed under. */
    private static Row step(Class<? extends SectorEvent> e) {
        return new Row(e, new Transition(null, Route.STEP));
    }

    private static Row fail(Class<? extends SectorEvent> e, SectorState to) {
        return new Row(e, new Transition(to, Route.FAIL));
    }

    private static Row recover(Class<? extends SectorEvent> e, SectorState to) {
        return new Row(e, new Transition(to, Route.RECOVER));
    }

    private static Row fatal() {
        return recover(SectorFatalError.class, FAILED_UNRECOVERABLE);
    }

    private static List<SectorState> walkHappyPath() {
        List<SectorState> path = new ArrayList<>();
        SectorState s = PACKING;
        while (s != null && !path.contains(s)) {
            path.add(s);
            SectorState from = s;
            s = TABLE.get(from).values().stream().filter(t -> t.route() == Route.NEXT).map(Transition::to)
                    .findFirst().orElse(null);
        }
        return List.copyOf(path);
    }
}
