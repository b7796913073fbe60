package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sealer.cli.SealerCli;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.sectors.api.SectorDetail;
import io.sealer.cluster.sectors.api.SectorList;
import io.sealer.cluster.sectors.api.SectorRow;
import io.sealer.e2e.support.NodeProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * A cluster of sealer JVMs on 127.0.0.1 for one test: a miner whose Storage.Allow* switches are
 * all off (it seals nothing itself; its own worker still takes fetch, Commit1 and Finalize) and
 * worker processes that join it through MINER_API_INFO, every process with the given parent
 * cache. Closing it stops them all.
 */
final class SealingCluster implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(120);
    private static final String MINER_UP = "workers join with MINER_API_INFO=(\\S+)";
    private static final String PROVING = "Proving";

    /** A running miner: its repository, its process and how clients reach it. */
    record Miner(Path repo, NodeProcess process, ApiInfo api) {}

    private final Path dir;
    private final Path parentCache;
    private final List<NodeProcess> nodes = new ArrayList<>();

    SealingCluster(Path dir, Path parentCache) {
        this.dir = dir;
        this.parentCache = parentCache;
    }

    @Override
    public void close() {
        nodes.forEach(NodeProcess::close);
    }

    /** Starts a miner with sealing off (and {@code flags}) and waits until it serves its API. */
    Miner miner(String sectorSize, String... flags) throws Exception {
        Path repo = dir.resolve("miner");
        NodeRepo init = NodeRepo.openOrInit(repo, NodeKind.MINER);
        Files.writeString(init.configFile(), """

                Storage.AllowAddPiece = false
                Storage.AllowPreCommit1 = false
                Storage.AllowPreCommit2 = false
                Storage.AllowCommit = false
                Storage.AllowUnseal = false
                """, StandardOpenOption.APPEND);
        List<String> args = new ArrayList<>(List.of("miner", "run", "--repo", repo.toString(), "--api-listen",
                "127.0.0.1:0", "--sector-size", sectorSize));
        args.addAll(List.of(flags));
        NodeProcess p = start("miner", Map.of(), args.toArray(String[]::new));
        String apiInfo = p.awaitLine(MINER_UP, START).group(1);
        return new Miner(repo, p, ApiInfo.parse("the miner's log", apiInfo));
    }

    /** Starts a worker named {@code name} with {@code flags} and waits until the miner's Scheduler has it. */
    NodeProcess worker(String name, Miner miner, Map<String, String> env, String... flags) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put(ApiInfo.MINER_VARIABLE, miner.api().token() + ":" + miner.api().address().multiaddr());
        List<String> args = new ArrayList<>(List.of("worker", "run", "--repo", repo(name).toString(), "--listen",
                "127.0.0.1:0", "--name", name));
        args.addAll(List.of(flags));
        NodeProcess p = start(name, all, args.toArray(String[]::new));
        p.awaitLine("worker " + name + " joined the cluster", START);
        miner.process().awaitLine("Scheduler - worker " + name + " \\(\\S+\\) joined", START);
        return p;
    }

    /** A worker's repository. */
    Path repo(String worker) {
        return dir.resolve(worker);
    }

    NodeProcess start(String name, Map<String, String> env, String... args) throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("FIL_PROOFS_PARENT_CACHE", parentCache.toString());
        NodeProcess p = NodeProcess.start(name, dir.resolve("logs"), all, args);
        nodes.add(p);
        return p;
    }

    /** Runs a `sealer` command in this JVM as an operator types it; returns its standard output. */
    static String sealer(String... args) {
        Run r = run(args);
        assertEquals(0, r.code(), "sealer " + String.join(" ", args) + " failed: " + r.err());
        return r.out();
    }

    /** What one `sealer` command did: its exit code and what it printed on stdout and stderr. */
    record Run(int code, String out, String err) {}

    /** Runs a `sealer` command in this JVM, whatever its outcome. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = SealerCli.execute(cl, Map.of(), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Waits until {@code count} sectors are in a final state; fails unless all are Proving. */
    static List<SectorDetail> awaitProving(Miner miner, int count, Duration timeout) throws Exception {
        ApiClient client = new ApiClient(miner.api(), "the miner", Duration.ofSeconds(10));
        long deadline = System.nanoTime() + timeout.toNanos();
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
        throw new AssertionError("sectors not all Proving within " + timeout + ": " + rows);
    }

    /** The sector's ticket is the dev chain's and its comm_r is the one an independent seal computes. */
    static void assertSealedCorrectly(Path parentCache, SectorDetail sector, long sectorSize) {
        ReferenceSeal.Expected expected = ReferenceSeal.of(parentCache, sectorSize, sector.number());
        assertEquals(expected.proof(), sector.sealProof(), "seal proof of sector " + sector.number());
        assertEquals(expected.ticketHex(), sector.ticket(), "ticket of sector " + sector.number());
        assertEquals(expected.commDCid(), sector.commD(), "comm_d of sector " + sector.number());
        assertEquals(expected.commRCid(), sector.commR(), "comm_r of sector " + sector.number());
    }

    /** Workers that finished a task of {@code task} type (null: any) for the sector, from its history. */
    static Set<String> workersOf(SectorDetail sector, String task) {
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
}
