package io.sealer.cluster.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.chain.DevChain;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sector.SectorEvent;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorPlanner;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Sector entity over the in-memory journal, every command, event and state serialized:
 * the happy path to Proving, the same call submitted again after a restart, an outcome for a
 * call the sector no longer waits for acknowledged and ignored, and a failure route retried
 * under a new call id after its backoff.
 */
class SectorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
            .withFallback(ConfigFactory.parseString("""
                    pekko.actor.provider = local
                    pekko.actor.serialize-messages = on
                    """)).withFallback(ConfigFactory.load()));
    private static final SealProof PROOF = SealProof.STACKED_DRG_2KIB_V1;

    private final TestProbe<Scheduler.Command> scheduler = KIT.createTestProbe();
    private final TestProbe<TaskOutcome> outcomes = KIT.createTestProbe();
    private final List<UUID> acks = new ArrayList<>();

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private EventSourcedBehaviorTestKit<Sector.Command, SectorEvent, Sector.State> sector(long number) {
        return sector(number, Duration.ofMinutes(1));
    }

    private EventSourcedBehaviorTestKit<Sector.Command, SectorEvent, Sector.State> sector(long number,
            Duration resubmitEvery) {
        return sector(number, resubmitEvery, Duration.ofHours(1));
    }

    private EventSourcedBehaviorTestKit<Sector.Command, SectorEvent, Sector.State> sector(long number,
            Duration resubmitEvery, Duration waitDeals) {
        Sector.Deps deps = new Sector.Deps(new SectorPlanner(2, Duration.ofMillis(50)), scheduler.getRef(),
                outcomes.getRef(), new DevChain("devnet", Duration.ofMillis(100)), resubmitEvery, waitDeals, false,
                false);
        return EventSourcedBehaviorTestKit.create(KIT.system(), Sector.create(new SectorId(1000, number), deps));
    }

    /** The next task the sector submits (acknowledgements on the way are collected). */
    private Scheduler.Schedule nextSchedule() {
        while (true) {
            Scheduler.Command m = scheduler.receiveMessage(Duration.ofSeconds(5));
            if (m instanceof Scheduler.Schedule s) {
                return s;
            }
            if (m instanceof Scheduler.Acknowledge a) {
                acks.add(a.schedId());
            }
        }
    }

    private static TaskOutcome done(Scheduler.Schedule s) {
        Map<String, String> out = switch (s.request().type()) {
            case AP -> Map.of("commD", "aa", "commDCid", "baga6ea4seaqaa");
            case PC1 -> Map.of("replicaId", "bb");
            case PC2 -> Map.of("commR", "cc", "commRCid", "bagboea4b5abcc");
            case C1 -> Map.of("commit1Bytes", "1024");
            case C2 -> Map.of("proofSha256", "dd");
            case FIN -> Map.of("finalizeFreedBytes", "0");
            default -> Map.of();
        };
        return TaskOutcome.success(s.request().schedId(), "w1", out).withCallId(s.request().callId());
    }

    private static SectorInfo start(EventSourcedBehaviorTestKit<Sector.Command, SectorEvent, Sector.State> kit) {
        var r = kit.<Sector.Status>runCommand(to -> new Sector.Start(PROOF, false, to));
        assertTrue(r.event() instanceof SectorEvent.SectorStart);
        return r.reply().info();
    }

    /** Starts the sector and completes its AddPiece; returns that call. */
    private Scheduler.Schedule packed(EventSourcedBehaviorTestKit<Sector.Command, SectorEvent, Sector.State> kit) {
        start(kit);
        Scheduler.Schedule ap = nextSchedule();
        kit.runCommand(new Sector.TaskEnded(done(ap)));
        return ap;
    }

    @Test
    void aSectorRunsItsTasksToProvingAndAcknowledgesEachOutcome() {
        var kit = sector(1);
        start(kit);
        List<TaskType> ran = new ArrayList<>();
        while (true) {
            Scheduler.Schedule s = nextSchedule();
            ran.add(s.request().type());
            assertEquals(outcomes.getRef(), s.replyTo(), "the outcome goes to the router, never to the entity");
            kit.runCommand(new Sector.TaskEnded(done(s)));
            if (s.request().type() == TaskType.GET) {
                break;
            }
        }
        assertEquals(List.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2, TaskType.FIN,
                TaskType.GET), ran);
        SectorInfo info = kit.getState().info();
        assertEquals(SectorState.PROVING, info.state());
        assertNotNull(info.ticket(), "drawn in GetTicket");
        assertNotNull(info.seed(), "arrived after WaitSeed");
        while (acks.size() < 7) {
            acks.add(((Scheduler.Acknowledge) scheduler.receiveMessage(Duration.ofSeconds(5))).schedId());
        }
        assertEquals(7, acks.stream().distinct().count(), "every outcome acknowledged once");
        scheduler.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void afterARestartTheSectorSubmitsTheSameCallAgain() {
        var kit = sector(2);
        packed(kit);
        Scheduler.Schedule pc1 = nextSchedule();
        assertEquals("s-t01000-2.PreCommit1.2", pc1.request().callId());

        var restarted = kit.restart();
        assertEquals(SectorState.PRE_COMMIT_1, restarted.state().info().state());
        Scheduler.Schedule again = nextSchedule();
        assertEquals(pc1.request().callId(), again.request().callId());
        assertEquals(pc1.request().schedId(), again.request().schedId());
        assertEquals(pc1.request().params().get("ticket"), again.request().params().get("ticket"));
    }

    @Test
    void aWaitingSectorSubmitsItsCallAgainForASchedulerThatLostIt() {
        var kit = sector(5, Duration.ofMillis(100));
        start(kit);
        Scheduler.Schedule first = nextSchedule();
        Scheduler.Schedule again = nextSchedule();
        assertEquals(first.request(), again.request());
        kit.runCommand(new Sector.TaskEnded(done(again)));
        assertEquals("s-t01000-5.PreCommit1.2", nextSchedule().request().callId());
    }

    @Test
    void anOutcomeTheSectorDoesNotWaitForIsAcknowledgedAndIgnored() {
        var kit = sector(3);
        Scheduler.Schedule ap = packed(kit);
        nextSchedule();
        acks.clear();

        var duplicate = kit.runCommand(new Sector.TaskEnded(done(ap)));
        assertTrue(duplicate.hasNoEvents());
        assertEquals(SectorState.PRE_COMMIT_1, duplicate.state().info().state());
        assertEquals(new Scheduler.Acknowledge(ap.request().schedId()), scheduler.receiveMessage());
    }

    @Test
    void aTemporaryFailureIsRetriedUnderANewCallIdAfterItsBackoff() {
        var kit = sector(4);
        start(kit);
        Scheduler.Schedule ap = nextSchedule();
        TaskOutcome failed = TaskOutcome.failure(ap.request().schedId(), "w1", FailureKind.TEMPORARY, "disk full")
                .withCallId(ap.request().callId());
        var r = kit.runCommand(new Sector.TaskEnded(failed));
        assertTrue(r.event() instanceof SectorEvent.SectorAddPieceFailed);
        assertEquals(SectorState.ADD_PIECE_FAILED, r.state().info().state());

        Scheduler.Schedule retry = nextSchedule();
        assertEquals(TaskType.AP, retry.request().type());
        assertNotEquals(ap.request().callId(), retry.request().callId());
        assertEquals(SectorState.PACKING, kit.getState().info().state());
        assertEquals(List.of(ap.request().schedId()), acks);
    }

    // ---- deal sectors ------------------------------------------------------------------------

    private static Sector.PieceToPlace piece(long dataSize, long paddedSize, String cid) {
        return new Sector.PieceToPlace("ab".repeat(32), cid, dataSize, paddedSize, 42);
    }

    private static Sector.PieceAdded add(EventSourcedBehaviorTestKit<Sector.Command, SectorEvent, Sector.State> kit,
            Sector.PieceToPlace p, boolean open) {
        return kit.<Sector.PieceAdded>runCommand(to -> new Sector.AddPiece(p, open, PROOF, to)).reply();
    }

    @Test
    void aDealSectorTakesPiecesUntilItIsFullThenPacksThemWithDealPriority() {
        var kit = sector(20, Duration.ofMinutes(1), Duration.ofHours(1));
        assertEquals("no sector 20", add(kit, piece(1000, 1024, "bagaone"), false).refused());
        var first = kit.<Sector.PieceAdded>runCommand(to -> new Sector.AddPiece(piece(1000, 1024, "bagaone"), true,
                PROOF, to));
        assertEquals(List.of(SectorEvent.SectorStartWaitDeals.class, SectorEvent.SectorAddPiece.class),
                first.events().stream().map(Object::getClass).toList());
        assertEquals(new Sector.PieceAdded(20, 0, false, null), first.reply());
        scheduler.expectNoMessage(Duration.ofMillis(300));
        assertEquals("sector 20 has no room for a 2048-byte piece", add(kit, piece(2032, 2048, "bagabig"), false)
                .refused());
        assertEquals(new Sector.PieceAdded(20, 1024, true, null), add(kit, piece(500, 1024, "bagatwo"), false));

        Scheduler.Schedule ap = nextSchedule();
        assertEquals(TaskType.AP, ap.request().type());
        assertEquals(io.sealer.core.sched.TaskRequest.DEAL_PRIORITY, ap.request().priority());
        assertEquals(List.of("bagaone", "bagatwo"), io.sealer.cluster.sealing.PieceParams
                .decode(ap.request().params().get(io.sealer.cluster.sealing.PieceParams.KEY)).stream()
                .map(SectorEvent.DealPiece::cid).toList());
        assertEquals("sector 20 is in Packing, not waiting for deals", add(kit, piece(10, 128, "bagathree"), false)
                .refused());
        kit.runCommand(new Sector.TaskEnded(done(ap)));
        // the ticket is drawn at once (GetTicket advances by a message to itself), then PreCommit1 is asked for
        assertEquals(TaskType.PC1, nextSchedule().request().type(), "the ticket is drawn at once");
        SectorInfo info = kit.restart().state().info();
        assertEquals(SectorState.PRE_COMMIT_1, info.state());
        assertEquals(List.of(0L, 1024L), info.dealPieces().stream().map(SectorEvent.DealPiece::offset).toList(),
                "the pieces survive a restart");
        assertEquals(List.of(1024L, 1024L), info.pieces().stream().map(SectorEvent.Piece::paddedSize).toList());
    }

    @Test
    void aDealSectorSealsWhenItsWaitForDealsRunsOut() {
        var kit = sector(21, Duration.ofMinutes(1), Duration.ofMillis(400));
        add(kit, piece(100, 128, "bagaone"), true);
        Scheduler.Schedule ap = nextSchedule();
        assertEquals(TaskType.AP, ap.request().type());
        assertEquals(SectorState.PACKING, kit.getState().info().state());
    }

    @Test
    void anOperatorStartsSealingADealSectorThatWaitsForDeals() {
        var kit = sector(22, Duration.ofMinutes(1), Duration.ofHours(1));
        assertEquals("no sector 22", kit.<SectorsService.SealResult>runCommand(Sector.StartSealing::new).reply()
                .refused());
        add(kit, piece(100, 128, "bagaone"), true);
        assertTrue(kit.<SectorsService.SealResult>runCommand(Sector.StartSealing::new).reply().started());
        assertEquals(TaskType.AP, nextSchedule().request().type());
        assertEquals("sector 22 is in Packing, not waiting for deals",
                kit.<SectorsService.SealResult>runCommand(Sector.StartSealing::new).reply().refused());
    }
}
