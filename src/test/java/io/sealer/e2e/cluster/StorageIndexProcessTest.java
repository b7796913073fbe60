package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.cluster.sectors.api.SectorRow;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.cluster.storage.index.StorageApi;
import io.sealer.cli.SealerCli;
import io.sealer.e2e.support.NodeProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The storage index on real processes: a miner (sealing nothing itself) and a worker both
 * started with --no-local-storage get their paths from `storage attach` while they run; `storage
 * list` shows every node's paths, a path of another node cannot be attached again, and a 2 KiB
 * sector seals to Proving on the worker's attached path with its files declared in `storage find`.
 */
class StorageIndexProcessTest {
    private static final Duration SEALING = Duration.ofSeconds(180);
    private static final Duration INDEXED = Duration.ofSeconds(60);

    @TempDir
    Path parentCache;

    @TempDir
    Path tmp;

    @Test
    void pathsAttachedToRunningNodesAreIndexedAndASectorSealsOnThem() throws Exception {
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_2KIB);
        try (SealingCluster nodes = new SealingCluster(tmp, parentCache)) {
            sealOnAttachedPaths(nodes);
        }
    }

    private static String ok(String... args) {
        return SealingCluster.sealer(args);
    }

    private void sealOnAttachedPaths(SealingCluster nodes) throws Exception {
        SealingCluster.Miner m = nodes.miner("2KiB", "--no-local-storage");
        Path minerRepo = m.repo();
        NodeProcess miner = m.process();
        ApiInfo api = m.api();
        Path workerRepo = nodes.repo("wa");
        NodeProcess worker = nodes.worker("wa", m, Map.of(), "--no-local-storage");
        assertTrue(ok("storage", "list", "--repo", minerRepo.toString()).contains("No storage paths"),
                "--no-local-storage: no default path anywhere");

        Path seal = Files.createDirectories(tmp.resolve("seal"));
        assertTrue(ok("worker", "storage", "attach", "--repo", workerRepo.toString(), "--init", "--seal", seal.toString())
                .startsWith("Attached " + seal.toRealPath()));
        Path store = Files.createDirectories(tmp.resolve("store"));
        assertTrue(ok("storage", "attach", "--repo", minerRepo.toString(), "--init", "--store", "--weight", "5",
                store.toString()).startsWith("Attached " + store.toRealPath()));

        ApiClient client = new ApiClient(api, "the miner", Duration.ofSeconds(10));
        StorageApi.Listing listing = awaitPaths(client, 2);
        StorageApi.PathEntry workerPath = listing.paths().stream().filter(p -> p.node().startsWith("wa:")).findFirst()
                .orElseThrow(() -> new AssertionError("the worker's path is not listed: " + listing));
        assertTrue(workerPath.seal() && !workerPath.store() && workerPath.healthy(), workerPath.toString());
        assertTrue(workerPath.urls().get(0).matches("http://127\\.0\\.0\\.1:\\d+/remote"), workerPath.urls().toString());
        String text = ok("storage", "list", "--repo", minerRepo.toString());
        assertTrue(text.contains("Node wa:") && text.contains(workerPath.id()) && text.contains("Use: Seal\n")
                && text.contains("Weight: 5; Use: Store"), text);

        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, SealerCli.execute(cl, Map.of(), "storage", "attach", "--repo", minerRepo.toString(), seal.toString()));
        assertEquals("sealer: storage path " + seal + " (ID " + workerPath.id()
                + ") is already attached elsewhere in the index", err.toString().strip());

        ok("sectors", "pledge", "--repo", minerRepo.toString());
        SectorDetail sector = awaitProving(client);
        assertTrue(sector.history().stream().flatMap(e -> e.tasks().stream())
                .anyMatch(t -> "PC1".equals(t.task()) && "wa".equals(t.worker())), "PreCommit1 ran on the worker");

        StorageApi.SectorLocations where = awaitDeclared(client, sector.number(), Set.of("sealed", "cache"));
        Set<String> ids = listing.paths().stream().map(StorageApi.PathEntry::id).collect(Collectors.toSet());
        assertTrue(where.files().stream().allMatch(f -> ids.contains(f.storageId())), where.toString());
        String found = ok("storage", "find", Long.toString(sector.number()), "--repo", minerRepo.toString());
        assertTrue(found.contains("sealed") && found.contains("cache") && found.contains("/remote/sealed/s-t01000-"
                + sector.number()), found);
        for (NodeProcess p : List.of(miner, worker)) {
            assertFalse(p.output().stream().anyMatch(l -> l.contains("Exception") || l.contains("\tat ")),
                    "a node printed a stack trace");
        }
    }

    private static StorageApi.Listing awaitPaths(ApiClient client, int count) throws Exception {
        long deadline = System.nanoTime() + INDEXED.toNanos();
        StorageApi.Listing l = null;
        while (System.nanoTime() < deadline) {
            l = client.get("/api/v0/storage/list", StorageApi.Listing.class);
            if (l.paths().size() == count && l.paths().stream().allMatch(StorageApi.PathEntry::healthy)) {
                return l;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the index did not list " + count + " healthy paths within " + INDEXED + ": " + l);
    }

    private static SectorDetail awaitProving(ApiClient client) throws Exception {
        long deadline = System.nanoTime() + SEALING.toNanos();
        List<SectorRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = client.get("/api/v0/sectors", SectorList.class).sectors();
            if (rows.size() == 1 && "Proving".equals(rows.get(0).state())) {
                return client.get("/api/v0/sectors/" + rows.get(0).number(), SectorDetail.class);
            }
            assertFalse(rows.stream().anyMatch(r -> r.state().startsWith("Fail")), "the sector failed: " + rows);
            Thread.sleep(500);
        }
        throw new AssertionError("the sector did not reach Proving within " + SEALING + ": " + rows);
    }

    private static StorageApi.SectorLocations awaitDeclared(ApiClient client, long sector, Set<String> types)
            throws Exception {
        long deadline = System.nanoTime() + INDEXED.toNanos();
        StorageApi.SectorLocations l = null;
        while (System.nanoTime() < deadline) {
            l = client.get("/api/v0/storage/find/" + sector, StorageApi.SectorLocations.class);
            if (l.files().stream().map(StorageApi.FileLocation::type).collect(Collectors.toSet()).containsAll(types)) {
                return l;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the index did not declare " + types + " of sector " + sector + ": " + l);
    }
}
