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
import static io.sealer.core.sector.SectorState.WAIT_SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sector.SectorEvent.Piece;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sector state machine as a table, in the style of Lotus's fsm_test.go: each scenario is a
 * list of steps (an event, or "take the planner's failure route"), each followed by the state
 * the sector must be in.
 */
class SectorPlannerTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private static final Duration BACKOFF = Duration.ofSeconds(5);
    private static final SectorPlanner PLANNER = new SectorPlanner(2, BACKOFF);
    private static final String HEX = "ab".repeat(32);

    /** A sector and a clock, stepped by events or by the planner's route out of a failure state. */
    private static final class Walk {
        SectorInfo s = SectorInfo.start(new SectorEvent.SectorStart(T0, new SectorId(1000, 1),
                SealProof.STACKED_DRG_2KIB_V1_1, false));
        Instant now = T0;
        SectorPlanner.Recovery lastRecovery;

        Walk then(SectorEvent e, SectorState expected) {
            s = s.apply(e);
            assertEquals(expected, s.state(), "after " + e);
            return this;
        }

        Walk recover(SectorState expected) {
            lastRecovery = PLANNER.recover(s);
            now = now.plus(lastRecovery.after());
            return then(lastRecovery.event(now), expected);
        }

        Instant tick() {
            now = now.plusSeconds(1);
            return now;
        }

        Walk fail(TaskType task, FailureKind kind, SectorState expected) {
            return then(SectorPlanner.taskFailed(s, task, "w1", kind, task.shortName() + " broke", tick()), expected);
        }

        Walk packed() {
            return then(new SectorEvent.SectorPacked(tick(), "w1", List.of(new Piece(HEX, 2048)), HEX, "baga"),
                    GET_TICKET);
        }

        Walk ticket() {
            return then(new SectorEvent.SectorTicket(tick(), HEX), PRE_COMMIT_1);
        }

        Walk pc1() {
            return then(new SectorEvent.SectorPreCommit1(tick(), "w1", HEX), PRE_COMMIT_2);
        }

        Walk pc2() {
            return then(new SectorEvent.SectorPreCommit2(tick(), "w2", HEX, "bagb"), WAIT_SEED);
        }

        Walk seed() {
            return then(new SectorEvent.SectorSeedReady(tick(), HEX), COMMITTING);
        }

        Walk c1() {
            return then(new SectorEvent.SectorCommit1(tick(), "w2", 1234), COMMITTING);
        }

        Walk c2() {
            return then(new SectorEvent.SectorCommitted(tick(), "gpu", HEX), FINALIZE_SECTOR);
        }

        Walk trimmed() {
            return then(new SectorEvent.SectorCacheTrimmed(tick(), "w2", 99), FINALIZE_SECTOR);
        }

        Walk finalized() {
            return then(new SectorEvent.SectorFinalized(tick(), "store", 0), PROVING);
        }

        Walk untilProvingFromPreCommit1() {
            return pc1().pc2().seed().c1().c2().trimmed().finalized();
        }
    }

    @Test
    void happyPathStepByStep() {
        Walk w = new Walk();
        assertEquals(PACKING, w.s.state());
        assertEquals(TaskType.AP, w.s.nextTask().type());
        w.packed();
        assertNull(w.s.nextTask(), "GetTicket runs no task");
        w.ticket();
        assertEquals(TaskType.PC1, w.s.nextTask().type());
        w.pc1();
        assertEquals(TaskType.PC2, w.s.nextTask().type());
        w.pc2();
        assertNull(w.s.nextTask(), "WaitSeed runs no task");
        w.seed();
        assertEquals(TaskType.C1, w.s.nextTask().type());
        w.c1();
        assertEquals(TaskType.C2, w.s.nextTask().type(), "Commit2 follows Commit1 in Committing");
        w.c2();
        assertEquals(TaskType.FIN, w.s.nextTask().type(), "FUS is optional");
        w.trimmed();
        assertEquals(TaskType.GET, w.s.nextTask().type(), "the move to long-term storage follows the trim");
        w.finalized();
        assertTrue(w.s.state().terminal());

        SectorInfo s = w.s;
        assertEquals(HEX, s.ticket());
        assertEquals(HEX, s.seed());
        assertEquals("baga", s.commDCid());
        assertEquals("bagb", s.commRCid());
        assertEquals(1234, s.commit1Bytes());
        assertEquals(HEX, s.proofSha256());
        assertEquals(List.of(PACKING, GET_TICKET, PRE_COMMIT_1, PRE_COMMIT_2, WAIT_SEED, COMMITTING, FINALIZE_SECTOR,
                PROVING), s.history().stream().map(SectorInfo.StateChange::to).toList());
        assertEquals(List.of("w1", "w1", "w2", "w2", "gpu", "w2", "store"),
                s.taskRuns().stream().map(SectorInfo.TaskRun::worker).toList());
        assertEquals(List.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2, TaskType.FIN,
                TaskType.GET),
                s.taskRuns().stream().map(SectorInfo.TaskRun::task).toList());
        assertEquals(Duration.ofSeconds(9), s.elapsed());
        assertNull(s.lastError());
    }

    @Test
    void happyPathIsTheLotusOrder() {
        assertEquals(List.of(PACKING, GET_TICKET, PRE_COMMIT_1, PRE_COMMIT_2, WAIT_SEED, COMMITTING, FINALIZE_SECTOR,
                PROVING), SectorPlanner.happyPath());
    }

    @Test
    void preCommit2FailingMoreThanThreeTimesGoesBackToPreCommit1() {
        Walk w = new Walk().packed().ticket().pc1();
        for (int i = 1; i <= 3; i++) {
            w.fail(TaskType.PC2, FailureKind.TEMPORARY, SEAL_PRE_COMMIT_2_FAILED).recover(PRE_COMMIT_2);
            assertEquals(BACKOFF.multipliedBy(i), w.lastRecovery.after(), "backoff grows with the failures");
        }
        w.fail(TaskType.PC2, FailureKind.TEMPORARY, SEAL_PRE_COMMIT_2_FAILED).recover(PRE_COMMIT_1);
        assertEquals(4, w.s.failures(PRE_COMMIT_2));
        assertEquals(1, w.s.failures(PRE_COMMIT_1), "going back counts against PreCommit1");
        assertNull(w.s.commR());
        w.pc1();
        assertEquals(0, w.s.failures(PRE_COMMIT_2), "a fresh PreCommit1 gives PreCommit2 fresh tries");
        w.pc2().seed().c1().c2().finalized();
        assertEquals("PreCommit2 (PC2): PC2 broke", w.s.lastError());
    }

    @Test
    void preCommit1FailingMoreThanThreeTimesRemovesTheSector() {
        Walk w = new Walk().packed().ticket();
        for (int i = 0; i < 3; i++) {
            w.fail(TaskType.PC1, FailureKind.TEMPORARY, SEAL_PRE_COMMIT_1_FAILED).recover(PRE_COMMIT_1);
        }
        w.fail(TaskType.PC1, FailureKind.TEMPORARY, SEAL_PRE_COMMIT_1_FAILED).recover(REMOVING)
                .then(new SectorEvent.SectorRemoved(w.tick()), REMOVED);
        assertEquals(Duration.ZERO, w.lastRecovery.after());
        assertTrue(w.lastRecovery.reason().startsWith("PreCommit1 failed too often"), w.lastRecovery.reason());
    }

    @Test
    void aPreCommit2ThatNeverWorksEndsInRemovalNotALoop() {
        Walk w = new Walk().packed().ticket();
        for (int round = 0; round < 20 && w.s.state() != REMOVING; round++) {
            w.pc1();
            while (w.s.state() == PRE_COMMIT_2) {
                w.fail(TaskType.PC2, FailureKind.TEMPORARY, SEAL_PRE_COMMIT_2_FAILED);
                w.recover(PLANNER.recover(w.s).target());
            }
        }
        assertEquals(REMOVING, w.s.state());
        assertEquals(3, w.s.failures(PRE_COMMIT_1));
    }

    /**
     * One failure of one task in each stage, by failure kind: the failure state it leads to and
     * where the route out of it goes (a stage to seal again from, or the end).
     */
    @ParameterizedTest(name = "{1} in {0} -> {2}: temporary -> {3}, missing input -> {4}, bad output -> {5}, "
            + "permanent -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
            # stage         | task | failure state            | TEMPORARY       | MISSING_INPUT   | BAD_OUTPUT   | PERMANENT
            PACKING         | AP   | ADD_PIECE_FAILED         | PACKING         | PACKING         | PACKING      | FAILED_UNRECOVERABLE
            PRE_COMMIT_1    | PC1  | SEAL_PRE_COMMIT_1_FAILED | PRE_COMMIT_1    | PACKING         | PACKING      | FAILED_UNRECOVERABLE
            PRE_COMMIT_2    | PC2  | SEAL_PRE_COMMIT_2_FAILED | PRE_COMMIT_2    | PRE_COMMIT_1    | PRE_COMMIT_1 | FAILED_UNRECOVERABLE
            COMMITTING      | C1   | COMPUTE_PROOF_FAILED     | COMMITTING      | PRE_COMMIT_2    | PRE_COMMIT_1 | FAILED_UNRECOVERABLE
            COMMITTING      | C2   | COMPUTE_PROOF_FAILED     | COMMITTING      | COMMITTING      | PRE_COMMIT_1 | FAILED_UNRECOVERABLE
            FINALIZE_SECTOR | FIN  | FINALIZE_FAILED          | FINALIZE_SECTOR | PRE_COMMIT_2    | PRE_COMMIT_1 | FAILED_UNRECOVERABLE
            """)
    void failureRoutes(SectorState stage, TaskType task, SectorState failedState, SectorState temporary,
            SectorState missingInput, SectorState badOutput, SectorState permanent) {
        Map<FailureKind, SectorState> routes = Map.of(FailureKind.TEMPORARY, temporary,
                FailureKind.MISSING_INPUT, missingInput, FailureKind.BAD_OUTPUT, badOutput,
                FailureKind.PERMANENT, permanent);
        for (FailureKind kind : FailureKind.values()) {
            failureRoute(stage, task, kind, failedState, routes.get(kind));
        }
    }

    private static void failureRoute(SectorState stage, TaskType task, FailureKind kind, SectorState failedState,
            SectorState routeTo) {
        Walk w = reach(stage);
        if (task == TaskType.C2) {
            w.c1();
        }
        w.fail(task, kind, failedState).recover(routeTo);
        assertEquals(kind == FailureKind.PERMANENT ? Duration.ZERO : BACKOFF, w.lastRecovery.after(), kind.name());
        assertEquals(stage, w.s.lastFailure().stage());
        assertEquals(kind, w.s.lastFailure().kind());
        assertEquals(0, w.s.step(), "a state is entered at its first task");
        if (routeTo.kind() == SectorState.Kind.STAGE) {
            // the sector seals from wherever it was sent back to
            while (w.s.state() != PROVING) {
                step(w);
            }
        }
    }

    @Test
    void stagesOtherThanPreCommitFailForGoodAfterTheirRetries() {
        Walk w = reach(FINALIZE_SECTOR);
        for (int i = 0; i < 2; i++) {
            w.fail(TaskType.FIN, FailureKind.TEMPORARY, FINALIZE_FAILED).recover(FINALIZE_SECTOR);
        }
        w.fail(TaskType.FIN, FailureKind.TEMPORARY, FINALIZE_FAILED).recover(FAILED_UNRECOVERABLE);
        assertTrue(w.lastRecovery.reason().startsWith("FinalizeSector failed too often"), w.lastRecovery.reason());
        assertTrue(w.s.state().terminal());
    }

    @Test
    void anEventTheStateDoesNotAcceptIsRejected() {
        Walk w = new Walk().packed().ticket().pc1();
        SectorEventRejected e = assertThrows(SectorEventRejected.class,
                () -> w.s.apply(new SectorEvent.SectorTicket(w.tick(), HEX)));
        assertEquals("a sector in PreCommit2 does not accept SectorTicket (it accepts SectorPreCommit2, "
                + "SectorSealPreCommit2Failed, SectorRemove)", e.getMessage());
        assertEquals(PRE_COMMIT_2, w.s.state());
        assertThrows(SectorEventRejected.class, () -> new Walk().s.apply(new SectorEvent.SectorRemoved(T0)));
        SectorInfo afterCommit2 = reach(COMMITTING).c1().s.apply(new SectorEvent.SectorCommit1(T0, "w", 1));
        assertEquals("a sector in Committing does not accept SectorCommit1 (all its tasks in this state are done)",
                assertThrows(SectorEventRejected.class,
                        () -> afterCommit2.apply(new SectorEvent.SectorCommit1(T0, "w", 1))).getMessage());
        assertThrows(IllegalStateException.class, () -> PLANNER.recover(w.s), "not in a failure state");
    }

    @Test
    void everyAcceptedEventLeadsWhereTheTableSaysAndEveryStateIsReachable() {
        Map<Class<? extends SectorEvent>, SectorEvent> samples = samples();
        Set<Class<?>> permitted = new HashSet<>();
        collectPermitted(SectorEvent.class, permitted);
        permitted.remove(SectorEvent.SectorStart.class);
        permitted.remove(SectorEvent.SectorStartWaitDeals.class);
        assertEquals(permitted, samples.keySet(), "one sample per event");

        Map<SectorState, SectorInfo> reached = new EnumMap<>(SectorState.class);
        Set<Class<? extends SectorEvent>> used = new HashSet<>();
        Deque<SectorInfo> todo = new ArrayDeque<>(List.of(new Walk().s, SectorInfo.startWaitDeals(
                new SectorEvent.SectorStartWaitDeals(T0, new SectorId(1000, 2), SealProof.STACKED_DRG_2KIB_V1_1))));
        while (!todo.isEmpty()) {
            SectorInfo s = todo.poll();
            if (reached.putIfAbsent(s.state(), s) != null) {
                continue;
            }
            Map<Class<? extends SectorEvent>, SectorState> accepted = SectorPlanner.accepted(s.state());
            for (SectorEvent e : samples.values()) {
                if (accepted.containsKey(e.getClass())) {
                    SectorInfo next = s.apply(e);
                    assertEquals(accepted.get(e.getClass()), next.state(), s.state() + " + " + e);
                    used.add(e.getClass());
                    todo.add(next);
                } else {
                    assertThrows(SectorEventRejected.class, () -> s.apply(e), s.state() + " must reject " + e);
                }
            }
        }
        assertEquals(EnumSet.allOf(SectorState.class), reached.keySet(),
                "every state is reachable from Packing or WaitDeals");
        assertEquals(samples.keySet(), used, "every event is accepted by some state");
    }

    private static void collectPermitted(Class<?> c, Set<Class<?>> out) {
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                collectPermitted(sub, out);
            }
        } else if (!c.isInterface()) {
            out.add(c);
        }
    }

    /** One event of every kind but SectorStart and SectorStartWaitDeals. */
    static Map<Class<? extends SectorEvent>, SectorEvent> samples() {
        List<SectorEvent> all = new ArrayList<>(List.of(
                new SectorEvent.SectorAddPiece(T0, PieceLayoutTest.piece(128, 0)),
                new SectorEvent.SectorStartPacking(T0, "full"),
                new SectorEvent.SectorPacked(T0, "w", List.of(), HEX, "c"),
                new SectorEvent.SectorTicket(T0, HEX),
                new SectorEvent.SectorPreCommit1(T0, "w", HEX),
                new SectorEvent.SectorPreCommit2(T0, "w", HEX, "c"),
                new SectorEvent.SectorSeedReady(T0, HEX),
                new SectorEvent.SectorCommit1(T0, "w", 1),
                new SectorEvent.SectorCommitted(T0, "w", HEX),
                new SectorEvent.SectorCacheTrimmed(T0, "w", 1),
                new SectorEvent.SectorFinalized(T0, "w", 1),
                new SectorEvent.SectorAddPieceFailed(T0, TaskType.AP, "w", FailureKind.TEMPORARY, "x"),
                new SectorEvent.SectorSealPreCommit1Failed(T0, TaskType.PC1, "w", FailureKind.TEMPORARY, "x"),
                new SectorEvent.SectorSealPreCommit2Failed(T0, TaskType.PC2, "w", FailureKind.TEMPORARY, "x"),
                new SectorEvent.SectorComputeProofFailed(T0, TaskType.C1, "w", FailureKind.TEMPORARY, "x"),
                new SectorEvent.SectorFinalizeFailed(T0, TaskType.FIN, "w", FailureKind.TEMPORARY, "x"),
                new SectorEvent.SectorRetryPacking(T0, "r"),
                new SectorEvent.SectorRetrySealPreCommit1(T0, "r"),
                new SectorEvent.SectorRetrySealPreCommit2(T0, "r"),
                new SectorEvent.SectorRetryComputeProof(T0, "r"),
                new SectorEvent.SectorRetryFinalize(T0, "r"),
                new SectorEvent.SectorFatalError(T0, "r"),
                new SectorEvent.SectorRemove(T0, "r"),
                new SectorEvent.SectorRemoved(T0)));
        Map<Class<? extends SectorEvent>, SectorEvent> m = new LinkedHashMap<>();
        all.forEach(e -> m.put(e.getClass(), e));
        return m;
    }

    /** A fresh sector walked along the happy path until it is in {@code stage}. */
    private static Walk reach(SectorState stage) {
        Walk w = new Walk();
        while (w.s.state() != stage) {
            step(w);
        }
        return w;
    }

    /** One happy-path step from wherever the sector is. */
    private static void step(Walk w) {
        switch (w.s.state()) {
            case PACKING -> w.packed();
            case GET_TICKET -> w.ticket();
            case PRE_COMMIT_1 -> w.pc1();
            case PRE_COMMIT_2 -> w.pc2();
            case WAIT_SEED -> w.seed();
            case COMMITTING -> {
                if (w.s.nextTask().type() == TaskType.C1) {
                    w.c1();
                } else {
                    w.c2();
                }
            }
            case FINALIZE_SECTOR -> {
                if (w.s.nextTask().type() == TaskType.FIN) {
                    w.trimmed();
                } else {
                    w.finalized();
                }
            }
            default -> throw new AssertionError("not on the happy path: " + w.s.state());
        }
    }
}
