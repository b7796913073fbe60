package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.ApiJson;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageIndexTest {
    private static final long GIB = 1L << 30;
    private static final long S32G = 32 * GIB;
    private static final SectorId SECTOR = new SectorId(1000, 1);
    private static final Set<FileType> SEALING = EnumSet.of(FileType.UNSEALED, FileType.SEALED, FileType.CACHE);

    private final MutableClock clock = new MutableClock();
    private final StorageIndex index = new StorageIndex(clock);

    private static PathMeta meta(long weight, boolean seal, boolean store, long max, List<String> groups,
            List<String> allowTo, List<String> deny) {
        return new PathMeta(UUID.randomUUID().toString(), weight, seal, store, max, groups, allowTo, List.of(), deny,
                List.of(), List.of());
    }

    private String attach(String node, PathMeta m, long free) throws StorageException {
        index.attach(new StorageIndex.PathRecord(m, node, List.of("http://" + node + ":2345/remote")),
                new FsStat(10_000 * GIB, free, 0));
        return m.id();
    }

    private String seal(String node, long weight, long free) throws StorageException {
        return attach(node, meta(weight, true, false, 0, List.of(), List.of(), List.of()), free);
    }

    @Test
    void theSpaceModelFollowsTheOverheads() {
        assertEquals(S32G + S32G + S32G * 141 / 10, SpaceModel.needed(SEALING, S32G, SpaceModel.PathType.SEALING));
        assertEquals(S32G + S32G / 10, SpaceModel.needed(EnumSet.of(FileType.SEALED, FileType.CACHE), S32G,
                SpaceModel.PathType.STORAGE));
        assertEquals(2 * 2048 * 21 / 10 / 2, SpaceModel.needed(EnumSet.of(FileType.UPDATE_CACHE), 2048,
                SpaceModel.PathType.SEALING));
        String table = SpaceModel.markdownTable();
        assertTrue(table.contains("| PreCommit1/2, Commit (unsealed, sealed, cache) | 32.2 KiB | 128.8 MiB | 8.05 GiB | 515.2 GiB"),
                table);
        assertTrue(table.contains("| Finalized (sealed, trimmed cache) | 2.199 KiB | 8.8 MiB | 563.2 MiB | 35.2 GiB | 70.4 GiB |"),
                table);
    }

    @Test
    void bestAllocationSortsByAvailableTimesWeightAndHonoursFlagsAndFilters() throws Exception {
        String small = seal("a", 10, 1000 * GIB);
        String heavy = seal("b", 30, 600 * GIB);
        String tooSmall = seal("c", 100, 500 * GIB);
        String store = attach("m", meta(10, false, true, 0, List.of(), List.of(), List.of()), 5000 * GIB);
        String noCache = attach("d", meta(50, true, false, 0, List.of(), List.of(), List.of("cache")), 5000 * GIB);
        assertEquals(List.of(heavy, small), ids(index.bestAllocation(1000, SEALING, S32G, SpaceModel.PathType.SEALING)));
        assertFalse(ids(index.bestAllocation(1000, SEALING, S32G, SpaceModel.PathType.SEALING)).contains(tooSmall));
        assertFalse(ids(index.bestAllocation(1000, SEALING, S32G, SpaceModel.PathType.SEALING)).contains(noCache));
        assertEquals(noCache, ids(index.bestAllocation(1000, EnumSet.of(FileType.SEALED), S32G,
                SpaceModel.PathType.SEALING)).get(0));
        assertEquals(List.of(store), ids(index.bestAllocation(1000, EnumSet.of(FileType.SEALED, FileType.CACHE), S32G,
                SpaceModel.PathType.STORAGE)));
    }

    @Test
    void maxStorageCapsAvailableAndReservationsHoldSpaceUntilReleased() throws Exception {
        PathMeta capped = meta(10, true, false, 800 * GIB, List.of(), List.of(), List.of());
        index.attach(new StorageIndex.PathRecord(capped, "a", List.of()), new FsStat(10_000 * GIB, 5000 * GIB, 100 * GIB));
        assertEquals(700 * GIB, index.available(capped.id()));
        String other = seal("b", 10, 900 * GIB);
        StorageIndex.Reservation r = index.reserve(capped.id(), SEALING, S32G, SpaceModel.PathType.SEALING);
        assertEquals(700 * GIB - r.bytes(), index.available(capped.id()));
        assertEquals(r.bytes(), index.paths().get(0).reserved());
        assertEquals(700 * GIB - r.bytes(), index.paths().get(0).available());
        assertEquals(List.of(other), ids(index.bestAllocation(1000, SEALING, S32G, SpaceModel.PathType.SEALING)));
        StorageException no = assertThrows(StorageException.class,
                () -> index.reserve(capped.id(), SEALING, S32G, SpaceModel.PathType.SEALING));
        assertTrue(no.getMessage().startsWith("storage path " + capped.id() + " has "), no.getMessage());
        index.release(r.id());
        index.release(r.id());
        assertEquals(700 * GIB, index.available(capped.id()));
    }

    @Test
    void pathsThatMissFiveHeartbeatsOrReportAnErrorAreExcluded() throws Exception {
        String a = seal("a", 10, 1000 * GIB);
        clock.advance(Duration.ofSeconds(50));
        assertTrue(index.healthy(a));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(index.healthy(a));
        StorageException none = assertThrows(StorageException.class,
                () -> index.bestAllocation(1000, SEALING, S32G, SpaceModel.PathType.SEALING));
        assertEquals("no storage path with space for [unsealed, sealed, cache] of a 32 GiB sector (sealing, needs 515.2 GiB)",
                none.getMessage());
        index.heartbeat(a, new FsStat(10_000 * GIB, 1000 * GIB, 0));
        assertTrue(index.healthy(a));
        index.heartbeatFailed(a, "input/output error");
        assertFalse(index.healthy(a));
        assertEquals("input/output error", index.paths().get(0).error());
        assertThrows(StorageException.class, () -> index.heartbeat("nope", new FsStat(0, 0, 0)));
    }

    @Test
    void findSectorListsHoldersAndFetchCandidatesUnderTheAllowToRule() throws Exception {
        String holder = attach("a", meta(10, true, false, 0, List.of("g1"), List.of("g2"), List.of()), 1000 * GIB);
        String inGroup = attach("b", meta(10, true, false, 0, List.of("g2"), List.of(), List.of()), 1000 * GIB);
        String outOfGroup = attach("c", meta(10, true, false, 0, List.of("g3"), List.of(), List.of()), 1000 * GIB);
        attach("d", meta(10, false, true, 0, List.of("g2"), List.of(), List.of()), 1000 * GIB);
        index.declare(SECTOR, FileType.SEALED, holder, true);
        index.declare(SECTOR, FileType.CACHE, holder, true);
        Set<FileType> sc = EnumSet.of(FileType.SEALED, FileType.CACHE);

        List<StorageIndex.SectorLocation> found = index.findSector(SECTOR, sc, S32G, false);
        assertEquals(1, found.size());
        assertEquals(20, found.get(0).weight(), "weight x matching types");
        assertTrue(found.get(0).primary());
        assertEquals(List.of("http://a:2345/remote/sealed/s-t01000-1"), found.get(0).urls(FileType.SEALED, SECTOR));

        List<StorageIndex.SectorLocation> fetch = index.findSector(SECTOR, sc, S32G, true);
        assertEquals(List.of(holder, inGroup), fetch.stream().map(l -> l.path().id()).toList());
        assertEquals(0, fetch.get(1).weight());

        String open = attach("e", meta(10, true, false, 0, List.of(), List.of(), List.of()), 1000 * GIB);
        index.declare(SECTOR, FileType.SEALED, open, false);
        List<String> unrestricted = index.findSector(SECTOR, sc, S32G, true).stream().map(l -> l.path().id()).toList();
        assertTrue(unrestricted.containsAll(List.of(holder, open, inGroup, outOfGroup)), unrestricted.toString());
    }

    @Test
    void theLocatorNamesNodesHoldingEveryRequestedTypeOnHealthyPaths() throws Exception {
        String a1 = seal("a", 10, GIB);
        String a2 = seal("a", 10, GIB);
        String b = seal("b", 5, GIB);
        index.declare(SECTOR, FileType.SEALED, a1, true);
        index.declare(SECTOR, FileType.CACHE, a2, true);
        index.declare(SECTOR, FileType.SEALED, b, false);
        assertEquals(List.of("a"), index.nodesHolding(SECTOR, EnumSet.of(FileType.SEALED, FileType.CACHE)));
        assertEquals(List.of("a", "b"), index.nodesHolding(SECTOR, EnumSet.of(FileType.SEALED)));
        index.drop(SECTOR, FileType.CACHE, a2);
        assertEquals(List.of(), index.nodesHolding(SECTOR, EnumSet.of(FileType.SEALED, FileType.CACHE)));
        clock.advance(Duration.ofMinutes(2));
        index.heartbeat(b, new FsStat(GIB, GIB, 0));
        assertEquals(List.of("b"), index.nodesHolding(SECTOR, EnumSet.of(FileType.SEALED)));
    }

    @Test
    void aPathIdAttachedOnAnotherNodeIsRefused() throws Exception {
        PathMeta m = meta(10, true, false, 0, List.of(), List.of(), List.of());
        attach("a", m, GIB);
        attach("a", m, GIB);
        assertEquals("storage path ID " + m.id() + " is already attached on node a",
                assertThrows(StorageException.class, () -> attach("b", m, GIB)).getMessage());
    }

    @Test
    void aSnapshotSurvivesJsonAndRestoresPathsAndDeclarations() throws Exception {
        String a = seal("a", 10, 1000 * GIB);
        String b = seal("b", 10, 1000 * GIB);
        index.declare(SECTOR, FileType.SEALED, a, true);
        index.declare(new SectorId(1000, 2), FileType.CACHE, b, false);
        index.detach(b);
        StorageIndex.Snapshot snap = index.snapshot();
        StorageIndex.Snapshot read = ApiJson.MAPPER.readValue(ApiJson.write(snap), StorageIndex.Snapshot.class);
        assertEquals(snap, read);
        StorageIndex restored = StorageIndex.restore(read, clock);
        assertEquals(snap, restored.snapshot());
        assertFalse(restored.healthy(a), "healthy only after its next heartbeat");
        assertEquals(List.of(), restored.nodesHolding(SECTOR, EnumSet.of(FileType.SEALED)));
        restored.heartbeat(a, new FsStat(GIB, GIB, 0));
        assertEquals(List.of("a"), restored.nodesHolding(SECTOR, EnumSet.of(FileType.SEALED)));
        assertEquals(1, restored.paths().get(0).files().size());
    }

    private static List<String> ids(List<StorageIndex.PathRecord> records) {
        return records.stream().map(StorageIndex.PathRecord::id).toList();
    }
}
