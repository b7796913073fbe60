package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.e2e.support.NodeProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `sealer miner run` and `sealer worker run` as separate JVMs on 127.0.0.1: the worker joins
 * through MINER_API_INFO, the miner's /ready turns 200, the repository lock and kind are
 * enforced, a wrong MINER_API_INFO is one clear line, and the worker rejoins by itself after
 * the miner is killed and started again.
 */
class MinerWorkerProcessesTest {
    private static final Duration START = Duration.ofSeconds(90);
    /** The exit status of a JVM that stopped on SIGTERM after its shutdown (leaving the cluster) ran. */
    private static final int STOPPED_BY_SIGTERM = 143;
    private static final String MINER_UP = "workers join with (MINER_API_INFO=(\\S+):(/ip4/127\\.0\\.0\\.1/tcp/(\\d+)/http))";

    @TempDir
    Path tmp;

    private NodeProcess miner(String name, Path repo, int apiPort) throws IOException {
        return NodeProcess.start(name, tmp.resolve("logs"), Map.of(), "miner", "run", "--repo", repo.toString(),
                "--api-listen", "127.0.0.1:" + apiPort);
    }

    private NodeProcess worker(String name, Path repo, String apiInfo) throws IOException {
        return NodeProcess.start(name, tmp.resolve("logs"), Map.of("MINER_API_INFO", apiInfo), "worker", "run",
                "--repo", repo.toString(), "--listen", "127.0.0.1:0");
    }

    private static int status(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aWorkerJoinsThroughMinerApiInfoAndTheMinerIsReadyAndLocked() throws Exception {
        Path minerRepo = tmp.resolve("miner");
        try (NodeProcess miner = miner("miner", minerRepo, 0)) {
            Matcher up = miner.awaitLine(MINER_UP, START);
            String apiInfo = up.group(1).substring("MINER_API_INFO=".length());
            String base = "http://127.0.0.1:" + up.group(4);
            assertEquals(up.group(3), Files.readString(minerRepo.resolve("api")));
            assertEquals(up.group(2), Files.readString(minerRepo.resolve("token")));

            try (NodeProcess worker = worker("worker", tmp.resolve("worker"), apiInfo)) {
                worker.awaitLine("worker \\S+ joined the cluster through pekko://sealer@127\\.0\\.0\\.1:\\d+", START);
                long deadline = System.nanoTime() + START.toNanos();
                while (status(base + "/ready", null) != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(200, status(base + "/ready", null));
                assertEquals(401, status(base + "/cluster/members", null));
                assertEquals(200, status(base + "/cluster/members", up.group(2)));

                StringWriter out = new StringWriter();
                CommandLine cl = SealerCli.commandLine();
                cl.setOut(new PrintWriter(out));
                assertEquals(0, SealerCli.execute(cl, Map.of(), "auth", "api-info", "--perm", "read", "--repo",
                        minerRepo.toString()));
                assertTrue(out.toString().strip().matches("MINER_API_INFO=[\\w.-]+:" + up.group(3)), out.toString());

                try (NodeProcess second = miner("second-miner", minerRepo, 0)) {
                    second.awaitLine("^sealer: repository " + minerRepo + " is in use by process " + miner.pid() + "$",
                            START);
                    assertEquals(1, second.awaitExit(START));
                }
                assertEquals(STOPPED_BY_SIGTERM, worker.stop(START));
            }
            assertEquals(STOPPED_BY_SIGTERM, miner.stop(START));
        }
        assertFalse(Files.exists(minerRepo.resolve("api")), "a clean stop removes the api file");
        assertFalse(Files.exists(minerRepo.resolve("token")), "a clean stop removes the token file");
    }

    @Test
    void aWrongMinerApiInfoIsOneClearLine() throws Exception {
        Path minerRepo = tmp.resolve("miner");
        try (NodeProcess miner = miner("miner", minerRepo, 0)) {
            Matcher up = miner.awaitLine(MINER_UP, START);
            String foreign = new ApiTokens(ApiSecret.random()).create(Permission.ADMIN, "intruder");
            try (NodeProcess badToken = worker("bad-token", tmp.resolve("w1"), foreign + ":" + up.group(3))) {
                badToken.awaitLine("^sealer: the miner refused the token: \\S.*$", START);
                assertEquals(1, badToken.awaitExit(START));
            }
        }
        try (NodeProcess malformed = worker("malformed", tmp.resolve("w2"), "token:/ip4/127.0.0.1/tcp/notaport/http")) {
            malformed.awaitLine("^sealer: MINER_API_INFO: 'notaport' is not a port in '/ip4/127.0.0.1/tcp/notaport/http'$",
                    START);
            assertEquals(2, malformed.awaitExit(START));
        }
        int closed = freePort();
        try (NodeProcess unreachable = worker("unreachable", tmp.resolve("w3"), "token:/ip4/127.0.0.1/tcp/" + closed + "/http")) {
            unreachable.awaitLine("WARN .*cannot reach the miner at http://127\\.0\\.0\\.1:" + closed
                    + " \\(connection refused\\); is it running\\?; retrying in 1s$", START);
            unreachable.awaitLine("retrying in 2s$", START);
            assertTrue(unreachable.isAlive(), "an unreachable miner is retried, not fatal");
        }
        for (String log : new String[] {"bad-token", "malformed", "unreachable"}) {
            String text = Files.readString(tmp.resolve("logs").resolve(log + ".log"));
            assertFalse(text.contains("Exception") || text.contains("\tat "), log + " printed a stack trace:\n" + text);
        }
    }

    @Test
    void aRepositoryOfTheOtherKindIsRefused() throws Exception {
        Path workerRepo = tmp.resolve("worker");
        NodeRepo.openOrInit(workerRepo, NodeKind.WORKER);
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, SealerCli.execute(cl, Map.of(), "miner", "run", "--repo", workerRepo.toString()));
        assertEquals("sealer: repository " + workerRepo + " belongs to a worker node, not a miner node", err.toString().strip());
    }

    @Test
    void theWorkerRejoinsAfterTheMinerIsKilledAndRestarted() throws Exception {
        Path minerRepo = tmp.resolve("miner");
        int apiPort = freePort();
        NodeProcess miner = miner("miner", minerRepo, apiPort);
        String apiInfo = miner.awaitLine(MINER_UP, START).group(1).substring("MINER_API_INFO=".length());
        try (NodeProcess worker = worker("worker", tmp.resolve("worker"), apiInfo)) {
            worker.awaitLine("joined the cluster", START);
            miner.kill9();
            long killed = System.nanoTime();
            try (NodeProcess restarted = miner("miner-restarted", minerRepo, apiPort)) {
                restarted.awaitLine(MINER_UP, START);
                double minerUp = (System.nanoTime() - killed) / 1e9;
                Matcher rejoined = worker.awaitLine("rejoined the cluster through \\S+ in ([\\d.]+)s", Duration.ofSeconds(180));
                double fromKill = (System.nanoTime() - killed) / 1e9;
                System.out.printf("worker rejoin after miner kill -9 and restart: %.1fs from the kill, %.1fs after the "
                        + "restarted miner was up (its JVM took %.1fs); the worker's own count from leaving: %ss%n",
                        fromKill, fromKill - minerUp, minerUp, rejoined.group(1));
                assertEquals(STOPPED_BY_SIGTERM, worker.stop(START));
                assertEquals(STOPPED_BY_SIGTERM, restarted.stop(START));
            }
        } finally {
            miner.close();
        }
    }
}
