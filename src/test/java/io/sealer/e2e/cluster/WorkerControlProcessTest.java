package io.sealer.e2e.cluster;

import static io.sealer.e2e.cluster.SealingCluster.START;
import static io.sealer.e2e.cluster.SealingCluster.sealer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.CliRun;
import io.sealer.cli.SealerCli;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.metrics.PrometheusText;
import io.sealer.cluster.sectors.api.PledgeRequest;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.e2e.support.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime control of workers on a real cluster of JVMs ({@link SealingCluster}: a miner that
 * seals nothing itself and two workers). Task types switched with `sealer worker tasks` decide
 * where the next sector's AddPiece and PreCommit1 run, with no restart; `worker info` answers
 * from the running worker; changing API requests are logged with the token's name; /metrics of
 * the miner and of each worker, parsed strictly, counted what ran where; `worker stop` ends a
 * worker with status 0 while the other keeps running.
 */
class WorkerControlProcessTest {
    private static final Duration SEALING = Duration.ofSeconds(240);

    @TempDir
    static Path parentCache;

    @TempDir
    Path tmp;

    @BeforeAll
    static void parentCache() {
        ReferenceSeal.ensureParentCache(parentCache, ReferenceSeal.SIZE_2KIB);
    }

    @Test
    void taskTypesSwitchedAtRunTimeDecideWhereTheNextSectorRunsAndTheMetricsCountIt() throws Exception {
        try (SealingCluster cluster = new SealingCluster(tmp, parentCache)) {
            SealingCluster.Miner miner = cluster.miner("2KiB");
            NodeProcess w1 = cluster.worker("w1", miner, Map.of());
            NodeProcess w2 = cluster.worker("w2", miner, Map.of());
            String w1Repo = cluster.repo("w1").toString();

            // The CLI finds each worker through the api and token files of its repository.
            assertEquals("the worker now takes: FIN GET UNS C1 C2 PC2\n",
                    sealer("worker", "tasks", "disable", "AP", "PC1", "--repo", w1Repo));
            w1.awaitLine("worker w1 now accepts \\[FIN, GET, UNS, C1, C2, PC2\\]", START);
            w1.awaitLine("ApiAudit - POST /api/v0/worker/tasks by token 'miner' \\(admin\\): 200 OK", START);
            String info = sealer("worker", "info", "--repo", w1Repo);
            assertTrue(info.contains("\nEnabled: true\nHostname: ") && info.contains("\nTask types: FIN GET UNS C1 C2 PC2\n"),
                    info);
            Matcher w1Path = Pattern.compile("(?s).*\n([0-9a-f-]{36}):\n\tWeight: 10; Use: Seal \n\tLocal: "
                    + Pattern.quote(cluster.repo("w1").resolve("storage").toString()) + "\n.*").matcher(info);
            assertTrue(w1Path.matches(), info);
            String w1PathId = w1Path.group(1);
            CliRun.of("worker", "tasks", "disable", "C1", "--repo", w1Repo).assertOneLineError(SealerCli.USAGE,
                    "sealer: 'C1' is not a task type that can be switched; choose from DC AP PC1 PC2 C2 UNS RU PR2 GSK");

            // The pledges with a token of their own: the miner's audit line names it.
            String ops = sealer("auth", "create-token", "--perm", "write", "--name", "ops", "--repo",
                    miner.repo().toString()).strip();
            ApiClient asOps = new ApiClient(new ApiInfo(ops, miner.api().address()), "the miner", Duration.ofSeconds(30));
            asOps.post("/api/v0/sectors/pledge", new PledgeRequest(1, 0), SectorList.class);
            miner.process().awaitLine("ApiAudit - POST /api/v0/sectors/pledge by token 'ops' \\(write\\): 200 OK", START);
            SectorDetail first = SealingCluster.awaitProving(miner, 1, SEALING).get(0);
            miner.process().awaitLine("Scheduler - task PC1 s-t01000-1 assigned to w2 after \\S+ in the queue", START);

            // Now the other way round, still without a restart.
            sealer("worker", "tasks", "enable", "--all", "--repo", w1Repo);
            sealer("worker", "tasks", "disable", "AP", "PC1", "--repo", cluster.repo("w2").toString());
            asOps.post("/api/v0/sectors/pledge", new PledgeRequest(1, 0), SectorList.class);
            List<SectorDetail> both = SealingCluster.awaitProving(miner, 2, SEALING);
            assertEquals(Set.of("w2"), SealingCluster.workersOf(first, "PC1"));
            assertEquals(Set.of("w1"), SealingCluster.workersOf(both.get(1), "PC1"));
            assertEquals(Set.of("w1"), SealingCluster.workersOf(both.get(1), "AP"));
            both.forEach(s -> SealingCluster.assertSealedCorrectly(parentCache, s, ReferenceSeal.SIZE_2KIB));

            PrometheusText m = scrape(miner.repo());
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
                PrometheusText wm = scrape(cluster.repo(w));
                assertEquals(1, wm.value("sealer_tasks_started_total", "task=PC1", "worker=" + w), w);
                assertEquals(1, wm.value("sealer_tasks_finished_total", "task=PC1", "worker=" + w), w);
                assertEquals(1, wm.value("sealer_task_duration_seconds_count", "task=PC1"), w);
                assertTrue(wm.value("sealer_worker_cpu_available_threads", "worker=" + w) > 0, w);
            }

            String minerRepo = miner.repo().toString();
            assertTrue(sealer("storage", "list", "--repo", minerRepo).contains(w1PathId), "w1's path is listed while it runs");
            assertEquals("the worker is stopping: it takes no new task and exits once its running tasks have finished\n",
                    sealer("worker", "stop", "--repo", w1Repo));
            assertEquals(0, w1.awaitExit(START));
            // stop detaches the worker's paths before the process exits: no wait for missed heartbeats
            String listed = sealer("storage", "list", "--repo", minerRepo);
            assertFalse(listed.contains(w1PathId), listed);
            assertTrue(w1.output().stream().anyMatch(l -> l.contains("worker w1 stopped: no task left running")));
            assertFalse(Files.exists(cluster.repo("w1").resolve("api")), "a stopped worker removes its api file");
            miner.process().awaitLine("worker w1 \\(\\S+\\) (stopped|removed from the cluster)", START);
            assertTrue(w2.isAlive());
        }
    }

    /** GET /metrics of the node running in {@code repo}, with the token of its repository, parsed strictly. */
    private static PrometheusText scrape(Path repo) throws Exception {
        URI base = ApiAddress.parse(Files.readString(repo.resolve("api")).strip()).baseUri();
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Files.readString(repo.resolve("token")).strip()).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return PrometheusText.parse(r.body());
    }
}
