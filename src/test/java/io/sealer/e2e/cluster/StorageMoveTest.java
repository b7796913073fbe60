package io.sealer.e2e.cluster;

import static io.sealer.e2e.cluster.SealingCluster.assertSealedCorrectly;
import static io.sealer.e2e.cluster.SealingCluster.awaitProving;
import static io.sealer.e2e.cluster.SealingCluster.sealer;
import static io.sealer.e2e.cluster.SealingCluster.workersOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.e2e.support.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Sector files moving between real worker processes over /remote (docs/operator-guide-storage.md):
 * worker A packs and runs PreCommit1, worker B runs PreCommit2 and Commit2, so B fetches A's
 * layers; the miner (which seals nothing itself) runs Commit1 and Finalize, and Finalize leaves
 * the sealed file and the trimmed cache on the miner's store path and nowhere else. A download
 * cut off by killing its source (kill -9) is never used and leaves nothing behind.
 */
class StorageMoveTest extends ClusterTest {
    private static final Duration SEALING = Duration.ofSeconds(300);
    private static final String[] WORKER_A = {"--no-default", "--addpiece", "--precommit1", "--precommit2=false",
        "--commit=false", "--unseal=false"};
    private static final String[] WORKER_B = {"--no-default", "--precommit2", "--commit", "--unseal",
        "--addpiece=false", "--precommit1=false"};

    @Test
    void layersMoveFromAToBAndFinalizeLeavesTheFilesOnTheMinersStorePathOnly() throws Exception {
        SealingCluster.Miner miner = cluster.miner("2KiB");
        NodeProcess b = cluster.worker("b", miner, Map.of(), WORKER_B);
        cluster.worker("a", miner, Map.of(), WORKER_A);

        sealer("sectors", "pledge", "--count", "3", "--repo", miner.repo().toString());
        List<SectorDetail> sectors = awaitProving(miner, 3, SEALING);

        for (SectorDetail s : sectors) {
            assertSealedCorrectly(parentCache, s, ReferenceSeal.SIZE_2KIB);
            assertEquals(Set.of("a"), workersOf(s, "PC1"), "PreCommit1 of sector " + s.number());
            assertEquals(Set.of("b"), workersOf(s, "PC2"), "PreCommit2 of sector " + s.number());
            assertEquals(Set.of("b"), workersOf(s, "C2"), "Commit2 of sector " + s.number());
            String name = "s-t01000-" + s.number();
            assertTrue(b.output().stream().anyMatch(l -> l.contains("Fetched cache of " + name)),
                    "B fetched the layers of " + name + " over /remote");
            assertTrue(b.output().stream().anyMatch(l -> l.contains("Fetching cache of " + name + " (")
                    && l.endsWith("by direct transfer")), "from A's transfer port");
            Path store = miner.repo().resolve("storage");
            assertTrue(Files.isRegularFile(store.resolve("sealed").resolve(name)), name + " sealed on the store path");
            assertTrue(Files.isRegularFile(store.resolve("cache").resolve(name).resolve("p_aux")),
                    name + " cache on the store path");
            assertFalse(Files.exists(store.resolve("cache").resolve(name).resolve("sc-02-data-layer-1.dat")),
                    "the stored cache of " + name + " is trimmed");
        }
        assertEquals(Set.of("cache/s-t01000-1", "cache/s-t01000-2", "cache/s-t01000-3", "sealed/s-t01000-1",
                "sealed/s-t01000-2", "sealed/s-t01000-3"), sectorFiles(miner.repo()),
                "the miner keeps sealed and cache, no unsealed copy");
        assertEquals(Set.of(), sectorFiles(cluster.repo("a")), "nothing is left on A");
        assertEquals(Set.of(), sectorFiles(cluster.repo("b")), "nothing is left on B");
        String found = sealer("storage", "find", "2", "--repo", miner.repo().toString());
        List<String> copies = found.lines().filter(l -> l.contains(" on ")).toList();
        assertEquals(2, copies.size(), "sealed and cache, one copy each: " + found);
        assertTrue(copies.get(0).trim().startsWith("cache") && copies.get(1).trim().startsWith("sealed"), found);
        assertTrue(copies.stream().allMatch(l -> l.contains(":" + miner.repo() + ",") && l.contains("(primary)")),
                "`storage find` places them on the miner: " + found);
    }

    @Test
    void aDownloadCutOffByKillingItsSourceIsNeverUsedAndTheSectorSealsOnceTheSourceIsBack() throws Exception {
        SealingCluster.Miner miner = cluster.miner("8MiB");
        NodeProcess b = cluster.worker("b", miner, Map.of(), WORKER_B);
        NodeProcess a = cluster.worker("a", miner, Map.of(), WORKER_A);
        sealer("sectors", "pledge", "--repo", miner.repo().toString());

        // B moves the unsealed file (8 MiB), then the layers (tens of MiB): kill A once they flow.
        b.awaitLine("Fetching cache of s-t01000-1 \\(\\d+ bytes\\) from", SEALING);
        a.kill9();
        String reason = b.awaitLine("Fetching cache of s-t01000-1 from \\S+ failed: (.*)", SEALING).group(1);
        System.out.println("B's download of the layers from the killed worker ended with: " + reason);
        assertFalse(reason.contains("connection refused"), "A died before the download began; nothing was tested");
        Path bStore = cluster.repo("b").resolve("storage");
        assertFalse(Files.exists(bStore.resolve("cache").resolve("s-t01000-1")), "no partial cache in place on B");
        assertEquals(List.of(), entries(bStore.resolve("cache").resolve("fetching")), "nothing left in fetching/");
        assertFalse(b.output().stream().anyMatch(l -> l.contains("task PC2 s-t01000-1 done")),
                "PreCommit2 never ran on a partial download");

        cluster.worker("a", miner, Map.of(), WORKER_A);
        SectorDetail sector = awaitProving(miner, 1, SEALING).get(0);
        assertSealedCorrectly(parentCache, sector, ReferenceSeal.SIZE_8MIB);
        assertEquals(Set.of("b"), workersOf(sector, "PC2"));
        List<String> log = b.output();
        String started = last(log, "Fetching cache of s-t01000-1 (");
        String done = last(log, "Fetched cache of s-t01000-1 ");
        System.out.printf("moving the 8 MiB sector's cache from A to B took %.3f s: %s%n",
                LocalTime.parse(started.substring(0, 12)).until(LocalTime.parse(done.substring(0, 12)),
                        ChronoUnit.MILLIS) / 1000.0, done.substring(done.indexOf("Fetched")));
    }

    private static String last(List<String> lines, String containing) {
        return lines.stream().filter(l -> l.contains(containing)).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("no line with '" + containing + "'"));
    }

    /** The sector files ({@code <type>/<name>}) in a repository's default storage path. */
    private static Set<String> sectorFiles(Path repo) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String type : List.of("unsealed", "sealed", "cache")) {
            for (String name : entries(repo.resolve("storage").resolve(type))) {
                if (!name.equals("fetching")) {
                    out.add(type + "/" + name);
                }
            }
        }
        return out;
    }

    private static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
