package io.sealer.cluster.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import io.sealer.core.sector.SectorState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `sealer run`'s cluster on this machine: a miner process that seals nothing itself (its
 * repository initialised with every Storage.Allow* off) and one worker process, both started
 * with this JVM's classpath. It pledges the sectors asked for through the miner's API (only
 * those missing, so a rerun continues where the last run left off), prints each sector's state
 * as it changes until every sector is done, and stops both processes cleanly (SIGTERM) when
 * done or when this process is stopped. Each process's output goes to {@code node.log} in its
 * repository.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Duration API_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);
    /** Storage.Allow* all off: appended to a new miner repository's config.conf. */
    static final String SEALING_OFF = """

            # Written by `sealer run`: this miner seals nothing itself; its worker process does.
            Storage {
              AllowAddPiece = false
              AllowPreCommit1 = false
              AllowPreCommit2 = false
              AllowCommit = false
              AllowUnseal = false
            }
            """;

    /**
     * @param jvmOptions system properties for both processes (configuration file, WaitSeed)
     * @param minerArgs extra arguments of `miner run` (sector size)
     */
    public record Plan(Path minerRepo, Path workerRepo, List<String> jvmOptions, List<String> minerArgs, int sectors,
            int deals, Duration timeout) {}

    private final List<Process> processes = new ArrayList<>();

    /** Initialises the miner repository (sealing off) when it is missing. */
    static NodeRepo minerRepo(Path dir) throws RepoException, IOException {
        boolean fresh = !Files.isRegularFile(dir.resolve("node-kind"));
        NodeRepo repo = NodeRepo.openOrInit(dir, NodeKind.MINER);
        if (fresh) {
            Files.writeString(repo.configFile(), SEALING_OFF, StandardOpenOption.APPEND);
        }
        return repo;
    }

    /** Runs the plan; true when every sector reached Proving. */
    public boolean run(Plan plan, PrintWriter out) throws RepoException, IOException, InterruptedException,
            ApiClient.ApiCallException {
        NodeRepo miner = minerRepo(plan.minerRepo());
        NodeRepo.openOrInit(plan.workerRepo(), NodeKind.WORKER);
        long started = System.currentTimeMillis();
        List<String> minerCmd = new ArrayList<>(List.of("miner", "run", "--repo", miner.dir().toString(),
                "--api-listen", "127.0.0.1:0"));
        minerCmd.addAll(plan.minerArgs());
        Process minerProcess = start(plan, minerCmd, Map.of(), miner.dir());
        ApiInfo api = awaitApi(miner, started, minerProcess, plan.timeout());
        out.println("miner up; a worker joins with:");
        out.println(api.envLine(ApiInfo.MINER_VARIABLE));
        out.println("(the miner listens on this machine only; for workers on other machines run `sealer miner run "
                + "--api-listen <LAN address>:2345` and `sealer auth api-info --perm admin`)");
        out.flush();
        start(plan, List.of("worker", "run", "--repo", plan.workerRepo().toString(), "--listen", "127.0.0.1:0"),
                Map.of(ApiInfo.MINER_VARIABLE, api.token() + ":" + api.address().multiaddr()), plan.workerRepo());
        ApiClient client = new ApiClient(api, "the miner", API_TIMEOUT);
        int have = sectors(client.get("/api/v0/sectors", JsonNode.class)).size();
        if (have < plan.sectors()) {
            client.post("/api/v0/sectors/pledge", Map.of("count", plan.sectors() - have,
                    "deals", Math.min(plan.deals(), plan.sectors() - have)), JsonNode.class);
        }
        return watch(client, plan.timeout(), out);
    }

    /** Prints each change of state until every sector is done; true when all are Proving. */
    private static boolean watch(ApiClient client, Duration timeout, PrintWriter out)
            throws ApiClient.ApiCallException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> shown = new LinkedHashMap<>();
        while (true) {
            Map<String, String> now = sectors(client.get("/api/v0/sectors", JsonNode.class));
            now.forEach((sector, state) -> {
                if (!state.equals(shown.put(sector, state))) {
                    out.printf("sector %s  %s%n", sector, state);
                }
            });
            out.flush();
            if (!now.isEmpty() && now.values().stream().allMatch(LocalCluster::done)) {
                long failed = now.values().stream().filter(s -> !s.equals(SectorState.PROVING.wireName())).count();
                out.printf("%d sector(s) Proving, %d failed%n", now.size() - failed, failed);
                out.flush();
                return failed == 0;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after --timeout before every sector was done; "
                        + "run again to continue where this run left off");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static boolean done(String wireName) {
        try {
            return SectorState.fromWireName(wireName).terminal();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Sector number -> state wire name, from the list answer (an array of rows, or an object holding one). */
    static Map<String, String> sectors(JsonNode answer) {
        JsonNode rows = answer;
        if (!answer.isArray()) {
            rows = null;
            for (Iterator<JsonNode> it = answer.elements(); it.hasNext() && rows == null;) {
                JsonNode n = it.next();
                rows = n.isArray() ? n : null;
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (rows != null) {
            for (JsonNode row : rows) {
                out.put(row.path("number").asText(row.path("sector").asText("?")), row.path("state").asText("?"));
            }
        }
        return out;
    }

    /** Waits for the miner to publish a fresh api file (one older than this start is stale). */
    private static ApiInfo awaitApi(NodeRepo miner, long since, Process process, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the miner stopped (exit " + process.exitValue() + "); see "
                        + miner.dir().resolve("node.log"));
            }
            if (Files.isRegularFile(miner.tokenFile())
                    && Files.getLastModifiedTime(miner.tokenFile()).toMillis() >= since - 1000) {
                return new ApiInfo(Files.readString(miner.tokenFile()).trim(),
                        ApiAddress.parse(Files.readString(miner.apiFile()).trim()));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the miner did not start within " + timeout.toSeconds() + "s; see "
                + miner.dir().resolve("node.log"));
    }

    private Process start(Plan plan, List<String> args, Map<String, String> env, Path repo) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(plan.jvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.sealer.cli.SealerCli");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(repo.resolve("node.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /** Stops the worker, then the miner (SIGTERM: each leaves the cluster), waiting for both. */
    @Override
    public void close() {
        List<Process> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
            processes.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Process p = all.get(i);
            p.destroy();
            try {
                if (!p.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
