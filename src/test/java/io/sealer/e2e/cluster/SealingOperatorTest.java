package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.cluster.sectors.api.SectorRow;
import io.sealer.e2e.support.NodeProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator's commands against a real miner and worker process (8 MiB sectors, PreCommit1
 * slowed to seconds by the portable SHA-256): `sealing jobs` shows the running PreCommit1,
 * `sealing abort <prefix>` frees the worker within seconds (seen in `sealing workers` and
 * `sealing jobs`), the native computation is cancelled and the sector retries PreCommit1 and
 * reaches Proving; with the only worker disabled by `sealing workers disable`, `sealing why`
 * names the reason, and enabling it lets the sector finish. Bad input and a token without the
 * permission get one line and a non-zero exit.
 */
class SealingOperatorTest {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration SEALING = Duration.ofSeconds(180);
    /** How soon after the abort the worker must show no PreCommit1 (it frees it at once; the rest is polling). */
    private static final Duration FREED = Duration.ofSeconds(5);

    @TempDir
    static Path parentCache;

    @TempDir
    Path tmp;

    private NodeProcess minerProcess;
    private NodeProcess workerProcess;

    @BeforeAll
    static void parentCaches() {
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_8MIB);
    }

    @AfterEach
    void stopNodes() {
        if (workerProcess != null) {
            workerProcess.close();
        }
        if (minerProcess != null) {
            minerProcess.close();
        }
    }

    /** What one `sealer` command printed and its exit code. */
    private record Run(int code, String out, String err) {}

    private static Run sealer(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = SealerCli.execute(cl, env, args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs `sealer sealing ...` against the miner's repository; it must succeed. */
    private String sealing(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "sealing";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--repo";
        all[args.length + 2] = tmp.resolve("miner").toString();
        Run r = sealer(Map.of(), all);
        assertEquals(0, r.code(), "sealer " + String.join(" ", all) + " failed: " + r.err());
        return r.out();
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

    private ApiInfo startCluster() throws Exception {
        Path repo = tmp.resolve("miner");
        Map<String, String> env = new HashMap<>(Map.of("FIL_PROOFS_PARENT_CACHE", parentCache.toString()));
        // a miner without a local worker: every task goes to w1
        minerProcess = NodeProcess.start("miner", tmp.resolve("logs"), env, "node", "run", "--roles", "miner", "--repo",
                repo.toString(), "--api-listen", "127.0.0.1:0", "--sector-size", "8MiB");
        ApiInfo api = ApiInfo.parse("the miner's log", minerProcess.awaitLine("workers join with MINER_API_INFO=(\\S+)",
                START).group(1));
        env.put(ApiInfo.MINER_VARIABLE, api.token() + ":" + api.address().multiaddr());
        env.put("SEALCORE_NO_SHANI", "1"); // an 8 MiB PreCommit1 then takes seconds, long enough to abort
        workerProcess = NodeProcess.start("w1", tmp.resolve("logs"), env, "worker", "run", "--repo",
                tmp.resolve("w1").toString(), "--listen", "127.0.0.1:0", "--name", "w1");
        minerProcess.awaitLine("Scheduler - worker w1 \\(\\S+\\) joined", START);
        return api;
    }

    private static SectorDetail awaitProving(ApiInfo api, long number) throws Exception {
        ApiClient client = new ApiClient(api, "the miner", Duration.ofSeconds(10));
        long deadline = System.nanoTime() + SEALING.toNanos();
        List<SectorRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = client.get("/api/v0/sectors", SectorList.class).sectors();
            if (rows.stream().anyMatch(r -> r.number() == number && r.state().equals("Proving"))) {
                return client.get("/api/v0/sectors/" + number, SectorDetail.class);
            }
            assertFalse(rows.stream().anyMatch(r -> r.state().startsWith("Fail") || r.state().equals("Removed")),
                    "a sector failed: " + rows);
            Thread.sleep(250);
        }
        throw new AssertionError("sector " + number + " not Proving within " + SEALING + ": " + rows);
    }

    @Test
    void abortingARunningPreCommit1FreesTheWorkerAndTheSectorStillReachesProving() throws Exception {
        ApiInfo api = startCluster();
        assertEquals(0, sealer(Map.of(), "sectors", "pledge", "--repo", tmp.resolve("miner").toString()).code());

        Pattern runningPc1 = Pattern.compile("(?m)^([0-9a-f]{8}) +1 +[0-9a-f]{8} +w1 +PC1 +running +\\S+$");
        String jobs = awaitSealing(out -> runningPc1.matcher(out).find(), SEALING, "jobs");
        Matcher job = runningPc1.matcher(jobs);
        assertTrue(job.find());
        String busy = sealing("workers", "--color=never");
        assertTrue(busy.contains("\tTASK: PC1(1)\n"), busy);

        long t0 = System.nanoTime();
        String aborted = sealing("abort", job.group(1));
        assertTrue(aborted.matches("(?s)aborting job " + job.group(1) + "[0-9a-f-]{28}, task PC1, sector 1, running on "
                + "host w1\naborted after \\S+; its computation is cancelled and its partial files removed\n"), aborted);
        String idle = awaitSealing(out -> !out.contains("TASK:") && out.contains("] 0/"), FREED, "workers",
                "--color=never");
        double freed = (System.nanoTime() - t0) / 1e9;
        assertFalse(sealing("jobs").contains(job.group(1)), "the aborted job is gone from `sealing jobs`");
        workerProcess.awaitLine("task PC1 s-t01000-1 aborted on w1 after \\S+; its computation is cancelled", START);
        Matcher stopped = workerProcess.awaitLine("aborted task \\S+ has stopped on w1", START);
        System.out.printf("abort of a running 8 MiB PreCommit1: worker free %.2fs after the abort command began; "
                + "native call ended: %s%n%s", freed, stopped.group(), idle);

        SectorDetail sector = awaitProving(api, 1);
        assertTrue(sector.history().stream().flatMap(e -> e.tasks().stream())
                .anyMatch(t -> t.task().equals("PC1") && t.failure() != null), "the aborted PreCommit1 is in the history");
        assertTrue(sector.history().stream().flatMap(e -> e.tasks().stream())
                .anyMatch(t -> t.task().equals("PC1") && t.failure() == null), "PreCommit1 ran again and succeeded");
    }

    @Test
    void whyNamesTheDisabledWorkerAndBadInputIsOneLine() throws Exception {
        ApiInfo api = startCluster();
        Run unknown = sealer(Map.of(), "sealing", "workers", "disable", "nobody", "--repo", tmp.resolve("miner").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().matches("sealer: no worker 'nobody'; the workers are: [0-9a-f-]{36} \\(w1\\)\n"),
                unknown.err());
        assertTrue(sealing("workers", "disable", "w1").endsWith("(w1) disabled; takes effect at the next scheduling pass\n"));
        minerProcess.awaitLine("Worker w1 \\(\\S+\\) disabled by token 'miner'", START);

        assertEquals(0, sealer(Map.of(), "sectors", "pledge", "--repo", tmp.resolve("miner").toString()).code());
        String why = awaitSealing(out -> out.contains("(w1): worker disabled"), SEALING, "why", "1");
        assertTrue(why.startsWith("Sector 1: 1 task waiting\nAP waiting "), why);
        assertTrue(sealing("workers", "--color=never").contains(", host w1 (disabled)\n"));

        // a read-only client: a repository whose api file is the miner's and whose token is read-only
        Path readOnly = NodeRepo.openOrInit(tmp.resolve("reader"), NodeKind.MINER).dir();
        Files.copy(tmp.resolve("miner").resolve("api"), readOnly.resolve("api"));
        Files.writeString(readOnly.resolve("token"), new ApiTokens(ApiSecret.load(tmp.resolve("miner")
                .resolve("api-secret"))).create(Permission.READ, "reader"));
        Run denied = sealer(Map.of(), "sealing", "workers", "--repo", readOnly.toString());
        assertEquals(1, denied.code());
        assertEquals("sealer: the miner refused: this call needs admin permission; the token has read\n", denied.err());
        assertEquals(0, sealer(Map.of(), "sealing", "why", "1", "--repo", readOnly.toString()).code(),
                "why needs only read");
        Run noPrefix = sealer(Map.of(), "sealing", "abort", "--repo", tmp.resolve("miner").toString());
        assertEquals(2, noPrefix.code());
        Run badColor = sealer(Map.of(), "sealing", "workers", "--color=sometimes");
        assertEquals(2, badColor.code());
        assertEquals("sealer: --color: expected auto, always or never, got 'sometimes'\n", badColor.err());

        assertTrue(sealing("workers", "enable", "w1").contains("(w1) enabled"));
        awaitProving(api, 1);
    }
}
