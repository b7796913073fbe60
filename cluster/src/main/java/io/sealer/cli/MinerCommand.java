package io.sealer.cli;

import io.sealer.cluster.node.MinerNode;
import io.sealer.cluster.node.NodeConfig;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer miner ...`: the miner node. */
@Command(name = "miner", mixinStandardHelpOptions = true, description = "Miner node commands.",
        subcommands = {MinerCommand.RunMiner.class})
public final class MinerCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The miner's own options; `sealer node run` takes them too. */
    public static final class MinerOptions {
        @Option(names = "--sector-size", defaultValue = "2KiB", converter = SectorSizeConverter.class,
                description = "Sector size: 2KiB, 8MiB, 512MiB, 32GiB or 64GiB (default: ${DEFAULT-VALUE}).")
        SectorSize sectorSize;

        @Option(names = "--proof-version", defaultValue = "1.1", converter = ProofVersionConverter.class,
                description = "1.0 or 1.1 (default: ${DEFAULT-VALUE}).")
        SealProof.Version proofVersion;

        @Option(names = "--api-listen", description = "HTTP address of the API, HOST:PORT, port 0 = any free port "
                + "(default: API.ListenAddress of config.conf, 127.0.0.1:2345); the cluster transport binds the same host.")
        String apiListen;

        MinerNode.Options options(Path repo, Integer clusterPort, Set<io.sealer.core.task.TaskType> localWorker,
                boolean noLocalStorage, Integer parallelFetchLimit) {
            return new MinerNode.Options(NodeCommand.repoOrDefault(repo, NodeKind.MINER), SealProof.of(sectorSize, proofVersion), apiListen, clusterPort, localWorker,
                    noLocalStorage, parallelFetchLimit);
        }
    }

    /** `sealer miner run`. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start the miner node: the Scheduler, the sectors and the API.")
    static final class RunMiner implements Callable<Integer> {
        @CommandLine.Mixin
        MinerOptions miner;

        @Option(names = "--repo", description = "Miner repository (default: $SEALER_MINER_PATH or ~/.sealer-miner).")
        Path repo;

        @Option(names = "--cluster-port", description = "Port of the cluster transport, 0 = any free port "
                + "(default: Cluster.Port of config.conf, 0).")
        Integer clusterPort;

        @Option(names = "--no-local-storage", description = "On first start, attach no storage path inside the "
                + "repository (attach one with `sealer storage attach`).")
        boolean noLocalStorage;

        @Option(names = "--parallel-fetch-limit", description = "Sector files the miner's own worker downloads at once "
                + "(default: Storage.ParallelFetchLimit of config.conf, 10).")
        Integer parallelFetchLimit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            NodeCommand.checkPort(spec.commandLine(), clusterPort);
            NodeCommand.checkListen(spec.commandLine(), "--api-listen", miner.apiListen);
            if (parallelFetchLimit != null && parallelFetchLimit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--parallel-fetch-limit: must be at least 1, "
                        + "got " + parallelFetchLimit);
            }
            MinerNode.run(NodeConfig.load(), miner.options(repo, clusterPort, null, noLocalStorage, parallelFetchLimit));
            return 0;
        }
    }
}
