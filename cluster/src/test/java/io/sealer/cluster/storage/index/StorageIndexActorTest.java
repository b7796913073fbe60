package io.sealer.cluster.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.node.MembershipWatcher;
import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.FsStat;
import io.sealer.cluster.storage.MutableClock;
import io.sealer.cluster.storage.PathMeta;
import io.sealer.cluster.storage.SpaceModel;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.StorageView;
import io.sealer.core.task.SectorFileType;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The miner's storage index actor: reports, declarations, persistence across a restart, heartbeats, the Scheduler's view. */
class StorageIndexActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
            .withFallback(com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local")));
    private static final long GIB = 1L << 30;
    private static final SectorId S1 = new SectorId(1000, 1);
    private static final SectorId S2 = new SectorId(1000, 2);

    private final MutableClock clock = new MutableClock();
    private final TestProbe<Scheduler.Command> scheduler = KIT.createTestProbe();
    private final EventSourcedBehaviorTestKit<StorageIndexActor.Command, StorageIndexActor.Event, StorageIndexActor.State>
            index = EventSourcedBehaviorTestKit.create(KIT.system(), StorageIndexActor.create(1000, scheduler.ref(), clock));
    private final PathMeta seal = new PathMeta("seal-a", 10, true, false, 0, List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of());

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void clear() {
        index.clear();
    }

    private StorageIndexActor.PathReport report(PathMeta meta, String node) {
        return new StorageIndexActor.PathReport(new StorageIndex.PathRecord(meta, node, List.of("http://a:1/remote")),
                new FsStat(100 * GIB, 50 * GIB, GIB), null);
    }

    private StorageIndexActor.Ack nodeReport(String node, List<StorageIndexActor.PathReport> paths,
            List<StorageIndexActor.FoundFile> files, boolean full) {
        return index.<StorageIndexActor.Ack>runCommand(r -> new StorageIndexActor.NodeReport(node, "pekko://sealer@" + node
                + ":1", node, paths, files, full, r)).reply();
    }

    private StorageIndexActor.PathList list() {
        return index.<StorageIndexActor.PathList>runCommand(StorageIndexActor.ListPaths::new).reply();
    }

    private static StorageIndexActor.FoundFile found(SectorId s, FileType t) {
        return new StorageIndexActor.FoundFile(s, t, "seal-a");
    }

    @Test
    void aNodesReportAttachesItsPathsAndDeclaresWhatItFound() {
        assertNull(nodeReport("a", List.of(report(seal, "a")), List.of(found(S1, FileType.SEALED),
                found(S1, FileType.CACHE)), true).error());
        StorageIndexActor.PathList l = list();
        assertEquals(1, l.paths().size());
        assertTrue(l.paths().get(0).healthy());
        assertEquals(2, l.paths().get(0).files().size());
        assertEquals("a", l.hosts().get("a"));

        // a full report is the truth about the node's paths: what it no longer finds is dropped
        nodeReport("a", List.of(report(seal, "a")), List.of(found(S1, FileType.SEALED)), true);
        assertEquals(List.of(new StorageIndex.Declaration(S1, FileType.SEALED, "seal-a", true)),
                list().paths().get(0).files());
        // a heartbeat only adds
        nodeReport("a", List.of(report(seal, "a")), List.of(found(S2, FileType.UNSEALED)), false);
        assertEquals(2, list().paths().get(0).files().size());
    }

    @Test
    void aPathOfAnotherNodeIsRefused() {
        nodeReport("a", List.of(report(seal, "a")), List.of(), true);
        StorageIndexActor.Ack refused = nodeReport("b", List.of(report(seal, "b")), List.of(), true);
        assertEquals("storage path ID(s) seal-a are attached on another node", refused.error());
        assertEquals("a", list().paths().get(0).path().node());
        assertEquals("storage path ID seal-a is already attached on node a", index.<StorageIndexActor.Ack>runCommand(
                r -> new StorageIndexActor.CheckAttach("seal-a", "b", r)).reply().error());
        assertNull(index.<StorageIndexActor.Ack>runCommand(r -> new StorageIndexActor.CheckAttach("seal-a", "a", r))
                .reply().error());
    }

    @Test
    void declareAndDropSurviveARestartAndThePathWaitsForItsNextHeartbeat() {
        nodeReport("a", List.of(report(seal, "a")), List.of(), true);
        assertNull(index.<StorageIndexActor.Ack>runCommand(r -> new StorageIndexActor.Declare(S1, FileType.CACHE, "seal-a",
                true, r)).reply().error());
        index.<StorageIndexActor.Ack>runCommand(r -> new StorageIndexActor.Declare(S2, FileType.CACHE, "seal-a", true, r));
        index.<StorageIndexActor.Ack>runCommand(r -> new StorageIndexActor.Drop(S2, FileType.CACHE, "seal-a", r));
        assertEquals("unknown storage path ID nowhere", index.<StorageIndexActor.Ack>runCommand(
                r -> new StorageIndexActor.Declare(S1, FileType.SEALED, "nowhere", true, r)).reply().error());

        index.restart();
        StorageIndexActor.PathList after = list();
        assertEquals(1, after.paths().size());
        assertEquals(List.of(new StorageIndex.Declaration(S1, FileType.CACHE, "seal-a", true)),
                after.paths().get(0).files());
        assertFalse(after.paths().get(0).healthy(), "no heartbeat since the restart");
        assertEquals(0, locations(), "a path that has not reported is no source");

        nodeReport("a", List.of(report(seal, "a")), List.of(found(S1, FileType.CACHE)), true);
        assertTrue(list().paths().get(0).healthy());
        assertEquals(1, locations());
    }

    @Test
    void aDetachedNodesPathsAndTheirFilesAreGoneAcrossARestartUntilItReportsAgain() {
        PathMeta other = new PathMeta("seal-b", 10, true, false, 0, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
        nodeReport("a", List.of(report(seal, "a")), List.of(found(S1, FileType.CACHE)), true);
        nodeReport("b", List.of(report(other, "b")), List.of(), true);
        assertEquals(1, locations());

        assertNull(index.<StorageIndexActor.Ack>runCommand(r -> new StorageIndexActor.Detach("a", r)).reply().error());
        assertEquals(List.of("seal-b"), list().paths().stream().map(p -> p.path().id()).toList());
        assertEquals(0, locations(), "a detached path is no source");

        index.restart();
        assertEquals(List.of("seal-b"), list().paths().stream().map(p -> p.path().id()).toList(),
                "the detach is persisted");
        assertEquals(0, locations());

        nodeReport("a", List.of(report(seal, "a")), List.of(found(S1, FileType.CACHE)), true);
        assertEquals(2, list().paths().size(), "a new start attaches the path again");
        assertEquals(1, locations(), "and declares its files again");
    }

    private int locations() {
        return index.<StorageIndexActor.Locations>runCommand(r -> new StorageIndexActor.FindSector(S1,
                Set.of(FileType.CACHE), 2048, false, r)).reply().locations().size();
    }

    @Test
    void anUnreachableNodesPathsAreExcludedAtOnceUntilItReportsAgain() {
        nodeReport("a", List.of(report(seal, "a")), List.of(found(S1, FileType.CACHE)), true);
        assertEquals(1, locations());
        index.runCommand(new StorageIndexActor.NodeStatus("pekko://sealer@a:1", MembershipWatcher.Status.UNREACHABLE));
        assertFalse(list().paths().get(0).healthy());
        assertEquals("node a is unreachable or gone", list().paths().get(0).error());
        assertEquals(0, locations());
        nodeReport("a", List.of(report(seal, "a")), List.of(found(S1, FileType.CACHE)), false);
        assertEquals(1, locations());
    }

    @Test
    void theLocksOfANodeThatLeftAreReleased() {
        String gone = "pekko://sealer@a:1";
        assertTrue(tryLock(gone + "#1", Set.of(FileType.UNSEALED)));
        assertTrue(tryLock("pekko://sealer@b:1#2", Set.of(FileType.CACHE)));
        assertFalse(tryLock("pekko://sealer@b:1#3", Set.of(FileType.UNSEALED)), "held by a's task");
        index.runCommand(new StorageIndexActor.NodeStatus(gone, MembershipWatcher.Status.UNREACHABLE));
        assertFalse(tryLock("pekko://sealer@b:1#3", Set.of(FileType.UNSEALED)), "unreachable may come back");
        index.runCommand(new StorageIndexActor.NodeStatus(gone, MembershipWatcher.Status.REMOVED));
        assertTrue(tryLock("pekko://sealer@b:1#3", Set.of(FileType.UNSEALED)));
        assertFalse(tryLock("pekko://sealer@b:1#4", Set.of(FileType.CACHE)), "b's own lock stays");
    }

    private boolean tryLock(String holder, Set<FileType> write) {
        return index.<StorageIndexActor.Locked>runCommand(r -> new StorageIndexActor.TryLock(S1, Set.of(), write, holder, r))
                .reply().locked();
    }

    @Test
    void aPathThatMissesFiveHeartbeatsIsExcluded() {
        nodeReport("a", List.of(report(seal, "a")), List.of(), true);
        clock.advance(StorageIndex.STALE_AFTER.minusSeconds(1));
        assertTrue(list().paths().get(0).healthy());
        assertNull(index.<StorageIndexActor.Allocation>runCommand(r -> new StorageIndexActor.BestAllocation(1000,
                Set.of(FileType.UNSEALED), 2048, SpaceModel.PathType.SEALING, r)).reply().error());
        clock.advance(Duration.ofSeconds(2));
        assertFalse(list().paths().get(0).healthy());
        assertTrue(index.<StorageIndexActor.Allocation>runCommand(r -> new StorageIndexActor.BestAllocation(1000,
                Set.of(FileType.UNSEALED), 2048, SpaceModel.PathType.SEALING, r)).reply().error()
                .startsWith("no storage path with space"));
    }

    @Test
    void reservationsHoldSpaceUntilReleased() {
        PathMeta small = new PathMeta("seal-a", 10, true, false, 40_000, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
        nodeReport("a", List.of(new StorageIndexActor.PathReport(new StorageIndex.PathRecord(small, "a", List.of()),
                new FsStat(100 * GIB, 50 * GIB, 0), null)), List.of(), true);
        StorageIndexActor.Reserved first = index.<StorageIndexActor.Reserved>runCommand(r -> new StorageIndexActor.Reserve(
                "seal-a", Set.of(FileType.SEALED, FileType.CACHE), 2048, SpaceModel.PathType.SEALING, r)).reply();
        assertNull(first.error());
        assertTrue(index.<StorageIndexActor.Reserved>runCommand(r -> new StorageIndexActor.Reserve("seal-a",
                Set.of(FileType.SEALED, FileType.CACHE), 2048, SpaceModel.PathType.SEALING, r)).reply().error()
                .contains("available"), "MaxStorage leaves room for one");
        index.<StorageIndexActor.Ack>runCommand(r -> new StorageIndexActor.Release(first.reservation().id(), r));
        assertNull(index.<StorageIndexActor.Reserved>runCommand(r -> new StorageIndexActor.Reserve("seal-a",
                Set.of(FileType.SEALED, FileType.CACHE), 2048, SpaceModel.PathType.SEALING, r)).reply().error());
    }

    @Test
    void theSchedulerGetsAViewWithEachPathsNodeAddressAndFiles() {
        nodeReport("a", List.of(report(seal, "a")), List.of(found(S1, FileType.CACHE)), true);
        StorageView view = null;
        for (int i = 0; i < 5 && (view == null || view.paths().isEmpty()); i++) {
            view = ((Scheduler.StorageUpdated) scheduler.receiveMessage(Duration.ofSeconds(5))).view();
        }
        StorageView.PathInfo p = view.paths().get(0);
        assertEquals("pekko://sealer@a:1", p.node());
        assertTrue(p.canSeal() && !p.canStore() && p.healthy());
        assertEquals(50 * GIB, p.available());
        assertEquals(List.of(new StorageView.SectorFiles(S1, SectorFileType.CACHE, List.of("seal-a"))), view.files());
        assertEquals(EnumSet.noneOf(SectorFileType.class), EnumSet.copyOf(p.denied().isEmpty()
                ? EnumSet.noneOf(SectorFileType.class) : p.denied()));
    }
}
