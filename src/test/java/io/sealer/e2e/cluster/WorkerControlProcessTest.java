package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.metrics.PrometheusText;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.sectors.api.PledgeRequest;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.cluster.sectors.api.SectorRow;
import io.sealer.e2e.support.NodeProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runtime control of workers on a real cluster of JVMs: a miner that seals nothing and two
 * workers. Task types switched with `sealer worker tasks` decide where the next sector's
 * AddPiece and PreCommit1 run, with no restart; `worker info` answers from the running worker;
 * every changing API request is logged with its token's name; /metrics of the miner and of each
 * worker, parsed strictly, counted what ran where; `worker stop` ends a worker with status 0.
 */
class WorkerControlProcessTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration SEALING = Duration.ofSeconds(240);

    @TempDir
    static Path parentCache;

    @TempDir
    Path tmp;

    private final List<NodeProcess> processes = new ArrayList<>();

    @BeforeAll
    static void parentCache() {
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_2KIB);
    }

    @AfterEach
    void closeProcesses() {
        processes.forEach(NodeProcess::close);
    }

    private NodeProcess launch(String name, Map<String, String> env, String... args) throws Exception {
        Map<String, String> withCache = new java.util.HashMap<>(env);
        withCache.put("FIL_PROOFS_PARENT_CACHE", parentCache.toString());
        NodeProcess p = NodeProcess.start(name, tmp.resolve("logs"), withCache, args);
        processes.add(p);
        return p;
    }

    /** `sealer ARGS` in this JVM: exit code, standard output, standard error. */
    private record Cli(int code, String out, String err) {}

    private static Cli sealer(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = SealerCli.execute(cl, env, args);
        return new Cli(code, out.toString(), err.toString());
    }

    private static String ok(String... args) {
        Cli r = sealer(Map.of(), args);
        assertEquals(0, r.code(), "sealer " + String.join(" ", args) + ": " + r.err());
        return r.out();
    }

    @Test
    void taskTypesSwitchedAtRunTimeDecideWhereTheNextSectorRunsAndTheMetricsCountIt() throws Exception {
        Path minerRepo = tmp.resolve("miner");
        Files.writeString(NodeRepo.openOrInit(minerRepo, NodeKind.MINER).configFile(), "\nStorage.AllowAddPiece = false\n"
                + "Storage.AllowPreCommit1 = false\nStorage.AllowPreCommit2 = false\nStorage.AllowCommit = false\n"
                + "Storage.AllowUnseal = false\n", StandardOpenOption.APPEND);
        NodeProcess miner = launch("miner", Map.of(), "miner", "run", "--repo", minerRepo.toString(), "--api-listen",
                "127.0.0.1:0", "--sector-size", "2KiB");
        String minerApiInfo = miner.awaitLine("workers join with MINER_API_INFO=(\\S+)", START).group(1);
        Map<String, NodeProcess> workers = new java.util.TreeMap<>();
        for (String w : List.of("w1", "w2")) {
            NodeProcess p = launch(w, Map.of(ApiInfo.MINER_VARIABLE, minerApiInfo), "worker", "run", "--repo",
                    tmp.resolve(w).toString(), "--listen", "127.0.0.1:0", "--name", w);
            miner.awaitLine("Scheduler - worker " + w + " \\(\\S+\\) joined", START);
            workers.put(w, p);
        }

        // The CLI finds each worker through the api and token files of its repository.
        String w1 = tmp.resolve("w1").toString();
        String w2 = tmp.resolve("w2").toString();
        assertEquals("the worker now takes: FIN GET UNS C1 C2 PC2\n", ok("worker", "tasks", "disable", "AP", "PC1", "--repo", w1));
        workers.get("w1").awaitLine("worker w1 now accepts \\[FIN, GET, UNS, C1, C2, PC2\\]", START);
        workers.get("w1").awaitLine("ApiAudit - POST /api/v0/worker/tasks by token 'miner' \\(admin\\): 200 OK", START);
        String info = ok("worker", "info", "--repo", w1);
        assertTrue(info.contains("\nEnabled: true\nHostname: ") && info.contains("\nTask types: FIN GET UNS C1 C2 PC2\n"),
                info);
        Cli unknown = sealer(Map.of(), "worker", "tasks", "disable", "C1", "--repo", w1);
        assertEquals(2, unknown.code(), unknown.err());
        assertEquals("sealer: 'C1' is not a task type that can be switched; choose from DC AP PC1 PC2 C2 UNS RU PR2 GSK",
                unknown.err().strip());

        // A token of its own for the pledges: the miner's audit line names it.
        String ops = ok("auth", "create-token", "--perm", "write", "--name", "ops", "--repo", minerRepo.toString()).strip();
        ApiClient asOps = new ApiClient(new ApiInfo(ops, ApiInfo.parse("log", minerApiInfo).address()), "the miner",
                Duration.ofSeconds(30));
        asOps.post("/api/v0/sectors/pledge", new PledgeRequest(1, 0), SectorList.class);
        miner.awaitLine("ApiAudit - POST /api/v0/sectors/pledge by token 'ops' \\(write\\): 200 OK", START);
        awaitProving(minerRepo, 1);
        workers.get("w2").awaitLine("task PC1 s-t01000-1 started on w2", START);
        miner.awaitLine("Scheduler - task PC1 s-t01000-1 assigned to w2 after \\S+ in the queue", START);

        // Now the other way round, still without a restart.
        ok("worker", "tasks", "enable", "--all", "--repo", w1);
        ok("worker", "tasks", "disable", "AP", "PC1", "--repo", w2);
        asOps.post("/api/v0/sectors/pledge", new PledgeRequest(1, 0), SectorList.class);
        awaitProving(minerRepo, 2);
        workers.get("w1").awaitLine("task PC1 s-t01000-2 started on w1", START);
        assertFalse(workers.get("w1").output().stream().anyMatch(l -> l.contains("task PC1 s-t01000-1 started")));
        assertFalse(workers.get("w2").output().stream().anyMatch(l -> l.contains("task PC1 s-t01000-2 started")));

        PrometheusText m = scrape(minerRepo);
        assertEquals(2, m.value("sealer_sectors", "state=Proving"));
        assertEquals(2, m.value("sealer_task_queue_wait_seconds_count", "task=PC1"));
        assertTrue(m.value("sealer_scheduling_pass_duration_seconds_count") > 0);
        assertTrue(m.value("jvm_threads_current") > 0);
        assertTrue(m.samples.stream().anyMatch(x -> x.name().equals("sealer_storage_capacity_bytes") && x.value() > 0),
                "the miner's storage index reports its paths");
        // Finalize moves each sector's sealed replica and cache to the miner's store path: fetched by the miner
        assertTrue(m.value("sealer_fetch_duration_seconds_count") >= 2, "fetches counted");
        assertTrue(m.value("sealer_fetch_bytes_total") > 2 * ReferenceSeal.SIZE_2KIB, "fetched bytes counted");
        for (String w : List.of("w1", "w2")) {
            PrometheusText wm = scrape(tmp.resolve(w));
            assertEquals(1, wm.value("sealer_tasks_started_total", "task=PC1", "worker=" + w), w);
            assertEquals(1, wm.value("sealer_tasks_finished_total", "task=PC1", "worker=" + w), w);
            assertEquals(1, wm.value("sealer_task_duration_seconds_count", "task=PC1"), w);
            assertTrue(wm.value("sealer_worker_cpu_available_threads", "worker=" + w) > 0, w);
        }

        assertEquals("the worker is stopping: it takes no new task and exits once its running tasks have finished\n",
                ok("worker", "stop", "--repo", w1));
        assertEquals(0, workers.get("w1").awaitExit(START));
        assertTrue(workers.get("w1").output().stream().anyMatch(l -> l.contains("worker w1 stopped: no task left running")));
        assertFalse(Files.exists(tmp.resolve("w1").resolve("api")), "a stopped worker removes its api file");
        miner.awaitLine("worker w1 \\(\\S+\\) (stopped|removed from the cluster)", START);
        assertTrue(workers.get("w2").isAlive());
    }

    /** Waits until the miner has {@code count} sectors, all Proving; fails on a failed one. */
    private static void awaitProving(Path minerRepo, int count) throws Exception {
        ApiClient miner = client(minerRepo);
        long deadline = System.nanoTime() + SEALING.toNanos();
        List<SectorRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = miner.get("/api/v0/sectors", SectorList.class).sectors();
            if (rows.size() == count && rows.stream().allMatch(r -> r.state().equals("Proving"))) {
                return;
            }
            assertFalse(rows.stream().anyMatch(r -> r.state().startsWith("Fail")), rows.toString());
            Thread.sleep(300);
        }
        throw new AssertionError("not " + count + " sector(s) Proving within " + SEALING + ": " + rows);
    }

    private static ApiClient client(Path repo) throws Exception {
        ApiAddress address = ApiAddress.parse(Files.readString(repo.resolve("api")).strip());
        return new ApiClient(new ApiInfo(Files.readString(repo.resolve("token")).strip(), address), "the node",
                Duration.ofSeconds(30));
    }

    /** GET /metrics of the node running in {@code repo}, with its token, parsed strictly. */
    private static PrometheusText scrape(Path repo) throws Exception {
        URI base = ApiAddress.parse(Files.readString(repo.resolve("api")).strip()).baseUri();
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Files.readString(repo.resolve("token")).strip()).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return PrometheusText.parse(r.body());
    }
}
