package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cli.CliRun;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.e2e.support.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands against a real miner and worker process ({@link SealingCluster}, 8 MiB
 * sectors, PreCommit1 slowed to seconds by the portable SHA-256): `sealing jobs` shows the
 * running PreCommit1, `sealing abort <prefix>` frees the worker within seconds (seen in `sealing
 * workers` and `sealing jobs`), the native computation is cancelled and the sector retries
 * PreCommit1 and reaches Proving with the right comm_r; with the only sealing worker disabled by
 * `sealing workers disable`, `sealing why` names the reason, and enabling it lets the sector
 * finish. Bad input and a token without the permission get one line and a non-zero exit.
 */
class SealingOperatorTest {
    private static final Duration SEALING = Duration.ofSeconds(180);
    /** How soon after the abort the worker must show no PreCommit1 (it frees it at once; the rest is polling). */
    private static final Duration FREED = Duration.ofSeconds(5);

    @TempDir
    static Path parentCache;

    @TempDir
    Path tmp;

    private SealingCluster cluster;
    private SealingCluster.Miner miner;
    private NodeProcess workerProcess;

    @BeforeAll
    static void parentCaches() {
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_8MIB);
    }

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Runs `sealer sealing ...` against the miner's repository; it must succeed. */
    private String sealing(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "sealing";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--repo";
        all[args.length + 2] = miner.repo().toString();
        return SealingCluster.sealer(all);
    }

    /** Repeats `sealer sealing args` until its output matches. */
    private String awaitSealing(Predicate<String> ready, Duration timeout, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String out = sealing(args);
        while (!ready.test(out) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            out = sealing(args);
        }
        assertTrue(ready.test(out), "`sealing " + String.join(" ", args) + "` never showed what was awaited:\n" + out);
        return out;
    }

    /** The lines `sealing workers` prints for the worker on {@code host}. */
    private static String block(String workers, String host) {
        for (String b : workers.split("(?m)(?=^Worker )", -1)) {
            if (b.matches("(?s)Worker \\S+, host " + host + "( \\(disabled\\))?\n.*")) {
                return b;
            }
        }
        throw new AssertionError("no worker " + host + " in:\n" + workers);
    }

    /**
     * The shared cluster: a miner that seals nothing itself (its own worker fetches, runs Commit1
     * and finalizes) and worker w1, whose 8 MiB PreCommit1 takes seconds (portable SHA-256).
     */
    private void startCluster() throws Exception {
        cluster = new SealingCluster(tmp, parentCache);
        miner = cluster.miner("8MiB");
        workerProcess = cluster.worker("w1", miner, Map.of("SEALCORE_NO_SHANI", "1"));
    }

    @Test
    void abortingARunningPreCommit1FreesTheWorkerAndTheSectorStillReachesProving() throws Exception {
        startCluster();
        SealingCluster.sealer("sectors", "pledge", "--repo", miner.repo().toString());

        Pattern runningPc1 = Pattern.compile("(?m)^([0-9a-f]{8}) +1 +[0-9a-f]{8} +w1 +PC1 +running +\\S+$");
        String jobs = awaitSealing(out -> runningPc1.matcher(out).find(), SEALING, "jobs");
        Matcher job = runningPc1.matcher(jobs);
        assertTrue(job.find());
        String busy = block(sealing("workers", "--color=never"), "w1");
        assertTrue(busy.contains("\tTASK: PC1(1)\n"), busy);

        long t0 = System.nanoTime();
        String aborted = sealing("abort", job.group(1));
        assertTrue(aborted.matches("(?s)aborting job " + job.group(1) + "[0-9a-f-]{28}, task PC1, sector 1, running on "
                + "host w1\naborted after \\S+; its computation is cancelled and its partial files removed\n"), aborted);
        String idle = block(awaitSealing(out -> !block(out, "w1").contains("TASK:") && block(out, "w1").contains("] 0/"),
                FREED, "workers", "--color=never"), "w1");
        double freed = (System.nanoTime() - t0) / 1e9;
        assertFalse(sealing("jobs").contains(job.group(1)), "the aborted job is gone from `sealing jobs`");
        workerProcess.awaitLine("task PC1 s-t01000-1 aborted on w1 after \\S+; its computation is cancelled",
                SealingCluster.START);
        Matcher stopped = workerProcess.awaitLine("aborted task \\S+ has stopped on w1", SealingCluster.START);
        System.out.printf("abort of a running 8 MiB PreCommit1: worker free %.2fs after the abort command began; "
                + "native call ended: %s%n%s", freed, stopped.group(), idle);

        SectorDetail sector = SealingCluster.awaitProving(miner, 1, SEALING).get(0);
        SealingCluster.assertSealedCorrectly(parentCache, sector, ReferenceSeal.SIZE_8MIB);
        assertTrue(sector.history().stream().flatMap(e -> e.tasks().stream())
                .anyMatch(t -> t.task().equals("PC1") && t.failure() != null), "the aborted PreCommit1 is in the history");
        assertEquals(Set.of("w1"), SealingCluster.workersOf(sector, "PC1"), "PreCommit1 ran again on w1 and succeeded");
    }

    @Test
    void whyNamesTheDisabledWorkerAndBadInputIsOneLine() throws Exception {
        startCluster();
        String repo = miner.repo().toString();
        CliRun unknown = CliRun.of("sealing", "workers", "disable", "nobody", "--repo", repo);
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().matches("sealer: no worker 'nobody'; the workers are: .*[0-9a-f-]{36} \\(w1\\).*\n"),
                unknown.err());
        assertTrue(sealing("workers", "disable", "w1").endsWith("(w1) disabled; takes effect at the next scheduling pass\n"));
        miner.process().awaitLine("Worker w1 \\(\\S+\\) disabled by token 'miner'", SealingCluster.START);

        SealingCluster.sealer("sectors", "pledge", "--repo", repo);
        String why = awaitSealing(out -> out.contains("(w1): worker disabled"), SEALING, "why", "1");
        assertTrue(why.startsWith("Sector 1: 1 task waiting\nAP waiting "), why);
        assertTrue(why.contains("task type AP not enabled"), "the miner's own worker takes no AddPiece: " + why);
        assertFalse(why.contains("no worker could ever run it"), "enabling w1 would run it: " + why);
        assertTrue(block(sealing("workers", "--color=never"), "w1").startsWith("Worker "));
        assertTrue(sealing("workers", "--color=never").contains(", host w1 (disabled)\n"));

        // a read-only client: a repository whose api file is the miner's and whose token is read-only
        Path readOnly = NodeRepo.openOrInit(tmp.resolve("reader"), NodeKind.MINER).dir();
        Files.copy(miner.repo().resolve("api"), readOnly.resolve("api"));
        Files.writeString(readOnly.resolve("token"), new ApiTokens(ApiSecret.load(miner.repo().resolve("api-secret")))
                .create(Permission.READ, "reader"));
        CliRun denied = CliRun.of("sealing", "workers", "--repo", readOnly.toString());
        assertEquals(1, denied.code());
        assertEquals("sealer: the miner refused: this call needs admin permission; the token has read\n", denied.err());
        assertEquals(0, CliRun.of("sealing", "why", "1", "--repo", readOnly.toString()).code(), "why needs only read");
        assertEquals(2, CliRun.of("sealing", "abort", "--repo", repo).code(), "neither a call id nor --sched");
        CliRun badColor = CliRun.of("sealing", "workers", "--color=sometimes");
        assertEquals(2, badColor.code());
        assertEquals("sealer: --color: expected auto, always or never, got 'sometimes'\n", badColor.err());

        assertTrue(sealing("workers", "enable", "w1").contains("(w1) enabled"));
        SealingCluster.awaitProving(miner, 1, SEALING);
    }
}
