package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.cluster.sectors.api.SectorRow;
import io.sealer.e2e.support.ClusterNodes;
import io.sealer.e2e.support.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealing on a real cluster of JVMs on 127.0.0.1: a miner whose Storage.Allow* switches are
 * all off (it seals nothing itself) and worker processes that join it through MINER_API_INFO.
 * Sectors are pledged with `sealer sectors pledge`, must reach Proving, and every comm_r is
 * checked against {@link ReferenceSeal}, a seal of the same zero sector computed in this JVM.
 * One test kills (SIGKILL) the worker running a sector's PreCommit1 and follows the sector to
 * Proving on the other worker.
 */
class SealingClusterTest {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration SEALING = Duration.ofSeconds(150);
    private static final String MINER_UP = "workers join with MINER_API_INFO=(\\S+)";
    private static final String PROVING = "Proving";
    /** The tasks that compute a seal (what a miner with every Storage.Allow* off never runs). */
    private static final List<String> SEALING_TASKS = List.of("AP", "PC1", "PC2", "C1", "C2", "FIN");
    /** The start of a node's log line: its local time, as logback prints it. */
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");

    @TempDir
    static Path parentCache;

    @TempDir
    Path tmp;

    private ClusterNodes nodes;

    @BeforeAll
    static void parentCaches() {
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_2KIB);
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_8MIB);
    }

    @BeforeEach
    void nodes() {
        nodes = new ClusterNodes(tmp.resolve("logs"), parentCache);
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
    }

    /** A running miner: its repository, its process and how clients reach it. */
    private record Miner(Path repo, NodeProcess process, ApiInfo api) {}

    /** Starts a miner with sealing off and waits until it serves its API. */
    private Miner miner(String sectorSize) throws Exception {
        Path repo = tmp.resolve("miner");
        NodeRepo init = NodeRepo.openOrInit(repo, NodeKind.MINER);
        Files.writeString(init.configFile(), """

                Storage.AllowAddPiece = false
                Storage.AllowPreCommit1 = false
                Storage.AllowPreCommit2 = false
                Storage.AllowCommit = false
                Storage.AllowUnseal = false
                """, StandardOpenOption.APPEND);
        NodeProcess p = start("miner", Map.of(), "miner", "run", "--repo", repo.toString(), "--api-listen", "127.0.0.1:0",
                "--sector-size", sectorSize);
        String apiInfo = p.awaitLine(MINER_UP, START).group(1);
        return new Miner(repo, p, ApiInfo.parse("the miner's log", apiInfo));
    }

    /** Starts a worker named {@code name} and waits until the miner's Scheduler has it. */
    private NodeProcess worker(String name, Miner miner, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put(ApiInfo.MINER_VARIABLE, miner.api().token() + ":" + miner.api().address().multiaddr());
        NodeProcess p = start(name, all, "worker", "run", "--repo", tmp.resolve(name).toString(), "--listen",
                "127.0.0.1:0", "--name", name);
        p.awaitLine("worker " + name + " joined the cluster", START);
        miner.process().awaitLine("Scheduler - worker " + name + " \\(\\S+\\) joined", START);
        return p;
    }

    private NodeProcess start(String name, Map<String, String> env, String... args) throws IOException {
        return nodes.start(name, env, args);
    }

    private static String sealer(String... args) {
        return ClusterNodes.sealer(args);
    }

    /** Waits until every sector of the miner is in a final state; fails unless all are Proving. */
    private static List<SectorDetail> awaitProving(Miner miner, int count) throws Exception {
        ApiClient client = new ApiClient(miner.api(), "the miner", Duration.ofSeconds(10));
        long deadline = System.nanoTime() + SEALING.toNanos();
        List<SectorRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = client.get("/api/v0/sectors", SectorList.class).sectors();
            if (rows.size() == count && rows.stream().allMatch(r -> PROVING.equals(r.state()))) {
                List<SectorDetail> details = new ArrayList<>();
                for (SectorRow r : rows) {
                    details.add(client.get("/api/v0/sectors/" + r.number(), SectorDetail.class));
                }
                return details;
            }
            assertFalse(rows.stream().anyMatch(r -> r.state().startsWith("Fail") || r.state().equals("Removed")),
                    "a sector failed: " + rows);
            Thread.sleep(500);
        }
        throw new AssertionError("sectors not all Proving within " + SEALING + ": " + rows);
    }

    /** The sector's ticket is the dev chain's and its comm_r is the one an independent seal computes. */
    private static void assertSealedCorrectly(SectorDetail sector, long sectorSize) {
        ReferenceSeal.Expected expected = ReferenceSeal.of(parentCache, sectorSize, sector.number());
        assertEquals(expected.proof(), sector.sealProof(), "seal proof of sector " + sector.number());
        assertEquals(expected.ticketHex(), sector.ticket(), "ticket of sector " + sector.number());
        assertEquals(expected.commDCid(), sector.commD(), "comm_d of sector " + sector.number());
        assertEquals(expected.commRCid(), sector.commR(), "comm_r of sector " + sector.number());
    }

    /** Workers that finished a task of {@code task} type (null: any) for the sector, from its history. */
    private static Set<String> workersOf(SectorDetail sector, String task) {
        Set<String> out = new TreeSet<>();
        for (SectorDetail.StateEntry e : sector.history()) {
            for (SectorDetail.TaskEntry t : e.tasks()) {
                if ((task == null || task.equals(t.task())) && t.failure() == null && t.worker() != null) {
                    out.add(t.worker());
                }
            }
        }
        return out;
    }

    @Test
    void aMinerThatSealsNothingAndTwoWorkersSealFiveSectors() throws Exception {
        Miner miner = miner("2KiB");
        worker("w1", miner, Map.of());
        worker("w2", miner, Map.of());

        assertTrue(sealer("sectors", "pledge", "--count", "5", "--repo", miner.repo().toString()).contains("5"));
        List<SectorDetail> sectors = awaitProving(miner, 5);

        Set<String> ran = new TreeSet<>();
        for (SectorDetail s : sectors) {
            assertSealedCorrectly(s, ReferenceSeal.SIZE_2KIB);
            for (String task : SEALING_TASKS) {
                ran.addAll(workersOf(s, task));
            }
        }
        assertEquals(Set.of("w1", "w2"), ran, "sealing tasks ran on both workers and nowhere else");
        // The miner's own local worker always exists (as in Lotus) but only fetches: Finalize's move to its store path.
        assertFalse(miner.process().output().stream().anyMatch(l -> l.matches(".*ResourceManager - task (?!GET )\\S+ .*")),
                "the miner ran no sealing task itself");
        String status = sealer("sectors", "status", "1", "--log", "--repo", miner.repo().toString());
        assertTrue(status.contains(sectors.get(0).commR()) && status.contains("PC1 on w"), status);
    }

    @Test
    void aWorkerKilledDuringPreCommit1LeavesItsSectorToTheOtherWorker() throws Exception {
        Miner miner = miner("8MiB");
        // Portable SHA-256 makes an 8 MiB PreCommit1 last seconds, long enough to be killed in.
        Map<String, String> slowPc1 = Map.of("SEALCORE_NO_SHANI", "1");
        Map<String, NodeProcess> workers = Map.of("w1", worker("w1", miner, slowPc1), "w2", worker("w2", miner, slowPc1));
        sealer("sectors", "pledge", "--repo", miner.repo().toString());

        String pc1Started = "task PC1 s-t01000-1 started on (w\\d)";
        String victimName = awaitAnyLine(workers.values(), pc1Started, SEALING).group(1);
        NodeProcess victim = workers.get(victimName);
        victim.kill9();
        LocalTime killedAt = LocalTime.now();
        int minerLinesBefore = miner.process().output().size();
        assertFalse(victim.output().stream().anyMatch(l -> l.contains("task PC1 s-t01000-1 done")),
                "the PreCommit1 had finished before the kill; nothing was tested");

        String survivorName = victimName.equals("w1") ? "w2" : "w1";
        NodeProcess survivor = workers.get(survivorName);
        Matcher restarted = survivor.awaitLine("^(\\S+) .*task (\\S+) s-t01000-1 started on " + survivorName, SEALING);
        Matcher addPiece = survivor.awaitLine("^(\\S+) .*task AP s-t01000-1 started on " + survivorName, SEALING);
        System.out.printf("worker %s killed during PreCommit1 at %s; %s started %s of the sector %.3fs later and its "
                + "AddPiece %.3fs later%n", victimName, killedAt, survivorName, restarted.group(2),
                secondsBetween(killedAt, restarted.group(1)), secondsBetween(killedAt, addPiece.group(1)));
        List<String> minerLines = miner.process().output();
        minerLines.subList(minerLinesBefore, minerLines.size()).stream()
                .filter(l -> l.contains(victimName) || l.contains("s-t01000-1") || l.contains("unreachable"))
                .forEach(l -> System.out.println("  miner: " + l));

        SectorDetail sector = awaitProving(miner, 1).get(0);
        assertSealedCorrectly(sector, ReferenceSeal.SIZE_8MIB);
        assertTrue(workersOf(sector, "AP").contains(survivorName), "AddPiece ran again on " + survivorName);
        for (String task : List.of("PC1", "PC2", "C1", "C2", "FIN")) {
            assertEquals(Set.of(survivorName), workersOf(sector, task), task + " finished on the surviving worker only");
        }
    }

    @Test
    void one8MiBSectorThroughAMinerAndOneWorker() throws Exception {
        Miner miner = miner("8MiB");
        worker("w1", miner, Map.of());
        sealer("sectors", "pledge", "--repo", miner.repo().toString());
        SectorDetail sector = awaitProving(miner, 1).get(0);
        assertSealedCorrectly(sector, ReferenceSeal.SIZE_8MIB);
        assertEquals(Set.of("w1"), workersOf(sector, null));
    }

    /** The first line matching {@code regex} printed by any of the processes. */
    private static Matcher awaitAnyLine(Iterable<NodeProcess> processes, String regex, Duration timeout)
            throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (NodeProcess node : processes) {
                for (String line : node.output()) {
                    Matcher m = p.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no process printed a line matching /" + regex + "/ within " + timeout);
    }

    /** Seconds from {@code from} to a log line's time (HH:mm:ss.SSS, the same clock), across midnight too. */
    private static double secondsBetween(LocalTime from, String logTime) {
        Matcher m = LOG_TIME.matcher(logTime + " ");
        assertTrue(m.find(), "not a log time: " + logTime);
        long millis = from.until(LocalTime.parse(m.group(1)), ChronoUnit.MILLIS);
        if (millis < -Duration.ofHours(12).toMillis()) {
            millis += Duration.ofDays(1).toMillis();
        }
        return millis / 1000.0;
    }
}
