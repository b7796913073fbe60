package io.sealer.cli;

import com.typesafe.config.Config;
import io.sealer.cluster.node.LocalCluster;
import io.sealer.cluster.node.NodeConfig;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.node.NodeSettings;
import io.sealer.cluster.node.RepoLock;
import io.sealer.core.Durations;
import io.sealer.cluster.node.SealerNode;
import io.sealer.cluster.sealing.NativeTaskExecutor;
import io.sealer.cluster.sealing.SectorFiles;
import io.sealer.cluster.sealing.Sealing;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import io.sealer.proofs.JnaSealingFfi;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer run`: the main job on this machine. By default a miner process that seals nothing
 * itself and one worker process (see {@link LocalCluster}): pledge, show progress until every
 * sector is Proving, keep both running until Ctrl-C (or stop them when done with
 * --exit-when-done). With --single-node, the older path: one node with both roles that seals
 * the sectors, prints each sector's commitments and exits (non-zero if any sector failed).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Start a local miner and worker and seal sectors end to end with the native proofs.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--single-node", description = "Seal in one process with both roles, then exit (the older path).")
    boolean singleNode;

    @Option(names = "--exit-when-done", description = "Stop the miner and the worker once every sector is done "
            + "(exit 1 if any failed); without it they keep running until Ctrl-C.")
    boolean exitWhenDone;

    @Option(names = "--miner-repo", description = "Miner repository (default: $SEALER_MINER_PATH or ~/.sealer-miner).")
    Path minerRepo;

    @Option(names = "--worker-repo", description = "Worker repository (default: $SEALER_WORKER_PATH or ~/.sealer-worker).")
    Path workerRepo;

    @Option(names = "--sectors", defaultValue = "2", description = "Sectors to pledge (default: ${DEFAULT-VALUE}).")
    int sectors;

    @Option(names = "--deals", defaultValue = "0",
            description = "How many of them hold deals (priority 1024) (default: ${DEFAULT-VALUE}).")
    int deals;

    @Option(names = "--size", defaultValue = "2KiB", converter = SectorSizeConverter.class,
            description = "Sector size: 2KiB, 8MiB, 512MiB, 32GiB or 64GiB (default: ${DEFAULT-VALUE}).")
    SectorSize size;

    @Option(names = "--proof-version", defaultValue = "1.1", converter = ProofVersionConverter.class,
            description = "1.0 or 1.1 (default: ${DEFAULT-VALUE}).")
    SealProof.Version proofVersion;

    @Option(names = "--repo", description = "With --single-node: the node repository, a writable directory "
            + "(default: sealer.repo, ~/.sealer).")
    String repo;

    @Option(names = "--wait-seed", converter = DurationConverter.class,
            description = "WaitSeed delay of the dev chain, e.g. 2s (default: sealer.chain.wait-seed).")
    Duration waitSeed;

    @Option(names = "--timeout", defaultValue = "2h", converter = DurationConverter.class,
            description = "Give up after this long, more than 0s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (sectors < 1 || sectors > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sectors: must be between 1 and 10000, got " + sectors);
        }
        if (deals < 0 || deals > sectors) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--deals: must be between 0 and --sectors, got " + deals);
        }
        if (timeout.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout: must be more than 0s");
        }
        if (repo != null && repo.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repo: must name a directory, got ''");
        }
        SealProof proof = SealProof.of(size, proofVersion);
        if (!singleNode) {
            return cluster(proof, out);
        }
        Duration limit = timeout;
        Config config = NodeConfig.load();
        NodeSettings settings = NodeConfig.settings(config, NodeSettings::fromConfig);
        if (repo != null) {
            settings = settings.withRepo(Path.of(repo));
        }
        if (waitSeed != null) {
            settings = settings.withWaitSeed(waitSeed);
        }
        Path storage = settings.storage();
        RepoLock lock = RepoLock.acquire(settings.repo());
        try {
            Files.createDirectories(storage);
            return seal(config, settings, proof, limit, storage, out);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a writable directory: " + storage, e);
        } catch (TimeoutException e) {
            throw gaveUp(limit, storage);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TimeoutException ? gaveUp(limit, storage) : e;
        } finally {
            lock.close();
        }
    }

    private int seal(Config config, NodeSettings settings, SealProof proof, Duration limit, Path storage, PrintWriter out)
            throws InterruptedException, ExecutionException, TimeoutException {
        SectorFiles files = new SectorFiles(storage);
        NativeTaskExecutor executor = new NativeTaskExecutor(JnaSealingFfi.get(), files, settings.pc2Threads());
        long t0 = System.nanoTime();
        try (SealerNode node = SealerNode.start(config, settings, proof, SealerNode.SEALING_TASKS, executor,
                true)) {
            node.refs().sealing().tell(new Sealing.Pledge(sectors, deals));
            CompletionStage<Sealing.Sectors> all = AskPattern.ask(node.refs().sealing(), Sealing.AwaitAll::new, limit,
                    node.system().scheduler());
            Sealing.Sectors result = all.toCompletableFuture().get(limit.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            int failed = 0;
            for (SectorInfo s : result.sectors()) {
                if (s.state() == SectorState.PROVING) {
                    out.printf("%s  %-8s  d: %s  r: %s  %.1fs%n", s.id(), s.state(), s.commDCid(), s.commRCid(),
                            s.elapsed().toMillis() / 1000.0);
                } else {
                    failed++;
                    out.printf("%s  %-8s  %s%n", s.id(), s.state(), s.lastError());
                }
            }
            out.printf("%d sector(s) sealed, %d failed, %s %s, in %.1fs; files in %s%n", result.sectors().size() - failed,
                    failed, proof.sectorSize().label(), proof.version().label(), (System.nanoTime() - t0) / 1e9, storage);
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    /** The default path: a miner and a worker process (see the class comment). */
    private int cluster(SealProof proof, PrintWriter out) throws Exception {
        if (repo != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repo: only with --single-node; "
                    + "use --miner-repo and --worker-repo");
        }
        List<String> jvm = new ArrayList<>();
        for (String key : List.of("config.file", "sealer.home")) {
            if (System.getProperty(key) != null) {
                jvm.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        if (waitSeed != null) {
            jvm.add("-Dsealer.chain.wait-seed=" + waitSeed.toMillis() + "ms");
        }
        LocalCluster.Plan plan = new LocalCluster.Plan(
                NodeCommand.repoOrDefault(minerRepo, NodeKind.MINER), NodeCommand.repoOrDefault(workerRepo, NodeKind.WORKER), jvm,
                List.of("--sector-size", proof.sectorSize().label(), "--proof-version", proof.version().label()),
                sectors, deals, timeout);
        LocalCluster cluster = new LocalCluster();
        Thread stopOnCtrlC = new Thread(cluster::close, "sealer-run-stop");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try {
            boolean allProving = cluster.run(plan, out);
            if (exitWhenDone) {
                return allProving ? 0 : 1;
            }
            out.println("the miner and the worker keep running; Ctrl-C stops both");
            out.flush();
            new java.util.concurrent.CountDownLatch(1).await();
            return 0;
        } finally {
            cluster.close();
        }
    }

    private static IllegalStateException gaveUp(Duration limit, Path storage) {
        return new IllegalStateException("gave up after --timeout " + Durations.format(limit)
                + " before every sector was sealed; their files stay in " + storage);
    }
}
