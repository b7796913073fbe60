package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.e2e.support.NodeProcess;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Sealing on a real cluster of JVMs on 127.0.0.1: a miner whose Storage.Allow* switches are
 * all off (it seals nothing itself) and worker processes that join it through MINER_API_INFO.
 * Sectors are pledged with `sealer sectors pledge`, must reach Proving, and every comm_r is
 * checked against {@link ReferenceSeal}, a seal of the same zero sector computed in this JVM.
 * One test kills (SIGKILL) the worker running a sector's PreCommit1 and follows the sector to
 * Proving on the other worker.
 */
class SealingClusterTest extends ClusterTest {
    private static final Duration SEALING = Duration.ofSeconds(150);
    /** The tasks that compute a seal (what a miner with every Storage.Allow* off never runs). */
    private static final List<String> SEALING_TASKS = List.of("AP", "PC1", "PC2", "C1", "C2", "FIN");
    /** The start of a node's log line: its local time, as logback prints it. */
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");

    private static List<SectorDetail> awaitProving(SealingCluster.Miner miner, int count) throws Exception {
        return SealingCluster.awaitProving(miner, count, SEALING);
    }

    private static void assertSealedCorrectly(SectorDetail sector, long sectorSize) {
        SealingCluster.assertSealedCorrectly(parentCache, sector, sectorSize);
    }

    @Test
    void aMinerThatSealsNothingAndTwoWorkersSealFiveSectors() throws Exception {
        SealingCluster.Miner miner = cluster.miner("2KiB");
        cluster.worker("w1", miner, Map.of());
        cluster.worker("w2", miner, Map.of());

        assertTrue(SealingCluster.sealer("sectors", "pledge", "--count", "5", "--repo", miner.repo().toString()).contains("5"));
        List<SectorDetail> sectors = awaitProving(miner, 5);

        Set<String> ran = new TreeSet<>();
        for (SectorDetail s : sectors) {
            assertSealedCorrectly(s, ReferenceSeal.SIZE_2KIB);
            for (String task : SEALING_TASKS) {
                ran.addAll(SealingCluster.workersOf(s, task));
            }
        }
        assertEquals(Set.of("w1", "w2"), ran, "sealing tasks ran on both workers and nowhere else");
        // The miner's own local worker always exists (as in Lotus) but only fetches: Finalize's move to its store path.
        assertFalse(miner.process().output().stream().anyMatch(l -> l.matches(".*ResourceManager - task (?!GET )\\S+ .*")),
                "the miner ran no sealing task itself");
        String status = SealingCluster.sealer("sectors", "status", "1", "--log", "--repo", miner.repo().toString());
        assertTrue(status.contains(sectors.get(0).commR()) && status.contains("PC1 on w"), status);
    }

    @Test
    void aWorkerKilledDuringPreCommit1LeavesItsSectorToTheOtherWorker() throws Exception {
        SealingCluster.Miner miner = cluster.miner("8MiB");
        // Portable SHA-256 makes an 8 MiB PreCommit1 last seconds, long enough to be killed in.
        Map<String, String> slowPc1 = Map.of("SEALCORE_NO_SHANI", "1");
        Map<String, NodeProcess> workers = Map.of("w1", cluster.worker("w1", miner, slowPc1), "w2", cluster.worker("w2", miner, slowPc1));
        SealingCluster.sealer("sectors", "pledge", "--repo", miner.repo().toString());

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
        assertTrue(SealingCluster.workersOf(sector, "AP").contains(survivorName), "AddPiece ran again on " + survivorName);
        for (String task : List.of("PC1", "PC2", "C1", "C2", "FIN")) {
            assertEquals(Set.of(survivorName), SealingCluster.workersOf(sector, task), task + " finished on the surviving worker only");
        }
    }

    @Test
    void one8MiBSectorThroughAMinerAndOneWorker() throws Exception {
        SealingCluster.Miner miner = cluster.miner("8MiB");
        cluster.worker("w1", miner, Map.of());
        SealingCluster.sealer("sectors", "pledge", "--repo", miner.repo().toString());
        SectorDetail sector = awaitProving(miner, 1).get(0);
        assertSealedCorrectly(sector, ReferenceSeal.SIZE_8MIB);
        for (String task : SEALING_TASKS) {
            assertEquals(Set.of("w1"), SealingCluster.workersOf(sector, task), task + " ran on the worker");
        }
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
