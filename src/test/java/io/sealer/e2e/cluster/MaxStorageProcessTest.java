package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.e2e.support.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage path whose MaxStorage is too small for a sector's cache, on real processes: a
 * worker whose only seal path is capped at 16 KiB runs AddPiece there (the 2 KiB unsealed file
 * fits), but PreCommit1 (a 2 KiB sector's cache needs 28.2 KiB) waits with "no storage path
 * with space" in `sealing why` and writes nothing; once a path with room is attached to the
 * running worker, PreCommit1 runs there and the sector seals to Proving with a correct comm_r.
 */
class MaxStorageProcessTest {
    private static final Duration SEALING = Duration.ofSeconds(180);

    @TempDir
    Path parentCache;

    @TempDir
    Path tmp;

    @Test
    void aTaskWhoseCacheFitsNoPathWaitsAndRunsOnAPathAttachedLater() throws Exception {
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_2KIB);
        try (SealingCluster nodes = new SealingCluster(tmp, parentCache)) {
            SealingCluster.Miner miner = nodes.miner("2KiB", "--no-local-storage");
            String minerRepo = miner.repo().toString();
            NodeProcess worker = nodes.worker("wa", miner, Map.of(), "--no-local-storage");
            String workerRepo = nodes.repo("wa").toString();
            Path store = Files.createDirectories(tmp.resolve("store"));
            SealingCluster.sealer("storage", "attach", "--repo", minerRepo, "--init", "--store", store.toString());
            Path small = Files.createDirectories(tmp.resolve("small"));
            SealingCluster.sealer("worker", "storage", "attach", "--repo", workerRepo, "--init", "--seal",
                    "--max-storage", "16KiB", small.toString());

            awaitListed(minerRepo, "Use: Seal\n", "Use: Store");

            SealingCluster.sealer("sectors", "pledge", "--repo", minerRepo);
            String why = awaitWhy(minerRepo, "PC1 waiting", "no storage path with space");
            assertTrue(why.contains("(wa): no storage path with space"), why);
            System.out.println("`sealing why 1` while no path has room for the cache:\n" + why);
            assertTrue(Files.exists(small.resolve("unsealed").resolve("s-t01000-1")), "AddPiece fitted the small path");
            assertEquals(List.of(), files(small.resolve("cache")), "PreCommit1 wrote nothing on the small path");
            assertFalse(worker.output().stream().anyMatch(l -> l.contains("task PC1 s-t01000-1 started")),
                    "PreCommit1 never started");

            Path big = Files.createDirectories(tmp.resolve("big"));
            SealingCluster.sealer("worker", "storage", "attach", "--repo", workerRepo, "--init", "--seal", big.toString());
            SectorDetail sector = SealingCluster.awaitProving(miner, 1, SEALING).get(0);
            SealingCluster.assertSealedCorrectly(parentCache, sector, ReferenceSeal.SIZE_2KIB);
            assertEquals(Set.of("wa"), SealingCluster.workersOf(sector, "PC1"));
            assertTrue(sector.history().stream().flatMap(e -> e.tasks().stream())
                    .noneMatch(t -> "PC1".equals(t.task()) && t.failure() != null), "PreCommit1 never failed");
            assertEquals(List.of(), files(small.resolve("cache")), "no cache was ever placed on the small path");
            assertTrue(Files.isRegularFile(store.resolve("sealed").resolve("s-t01000-1")), "finalized to the store path");
        }
    }

    /** Asks `sealing why 1` until its answer contains every one of {@code texts}. */
    private static String awaitWhy(String repo, String... texts) throws InterruptedException {
        return await(texts, "sealing", "why", "1", "--repo", repo);
    }

    /** Asks `storage list` until the index shows every one of {@code texts} (the paths were attached by heartbeat). */
    private static void awaitListed(String repo, String... texts) throws InterruptedException {
        await(texts, "storage", "list", "--repo", repo);
    }

    private static String await(String[] texts, String... command) throws InterruptedException {
        long deadline = System.nanoTime() + SEALING.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            SealingCluster.Run r = SealingCluster.run(command);
            out = r.out() + r.err();
            if (Stream.of(texts).allMatch(out::contains)) {
                return out;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("`sealer " + String.join(" ", command) + "` never said " + List.of(texts) + ":\n" + out);
    }

    /** The files under {@code dir} and the sector directories (the empty fetching/ of a path's layout aside). */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !Files.isDirectory(p) || p.getFileName().toString().startsWith("s-t")).toList();
        }
    }
}
