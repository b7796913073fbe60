package io.sealer.cli;

import io.sealer.cli.worker.WorkerRunCommand;
import io.sealer.cluster.node.ListenAddress;
import io.sealer.cluster.node.MinerNode;
import io.sealer.cluster.node.NodeConfig;
import io.sealer.cluster.node.SealerNode;
import io.sealer.cluster.node.WorkerTasks;
import io.sealer.cluster.repo.NodeKind;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer node ...`: a node with any mix of roles. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Generic node commands.",
        subcommands = {NodeCommand.RunNode.class})
public final class NodeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code given}, or the kind's default repository ($SEALER_MINER_PATH or ~/.sealer-miner, and the worker's). */
    public static Path repoOrDefault(Path given, NodeKind kind) {
        return given != null ? given : kind.defaultDir(System.getenv(), NodeKind.home(System.getenv()));
    }

    /** --cluster-port, when given, is a port or 0; else a usage error. */
    public static void checkPort(CommandLine cmd, Integer clusterPort) {
        if (clusterPort != null && (clusterPort < 0 || clusterPort > 65535)) {
            throw new CommandLine.ParameterException(cmd, "--cluster-port: must be between 0 and 65535, got " + clusterPort);
        }
    }

    /** An HTTP address option, when given, is HOST:PORT; else a usage error naming {@code option}. */
    public static void checkListen(CommandLine cmd, String option, String value) {
        if (value != null) {
            try {
                ListenAddress.parse(option, value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, e.getMessage());
            }
        }
    }

    /** The roles of --roles, in a set; anything but miner and worker is a usage error. */
    static Set<String> roles(CommandLine cmd, List<String> given) {
        Set<String> roles = new LinkedHashSet<>();
        for (String r : given) {
            String t = r.trim().toLowerCase(Locale.ROOT);
            if (!t.equals(SealerNode.MINER) && !t.equals(SealerNode.WORKER)) {
                throw new CommandLine.ParameterException(cmd, "--roles: expected miner, worker or miner,worker, got '" + r + "'");
            }
            roles.add(t);
        }
        return roles;
    }

    /**
     * `sealer node run --roles miner,worker`: with miner, the miner of `sealer miner run` (its local
     * worker taking the worker flags' types when worker is among the roles, none otherwise);
     * worker alone is `sealer worker run`.
     */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start a node with the roles given.")
    static final class RunNode implements Callable<Integer> {
        @Option(names = "--roles", required = true, split = ",", description = "miner, worker or miner,worker.")
        List<String> roles;

        @CommandLine.Mixin
        MinerCommand.MinerOptions miner;

        @CommandLine.Mixin
        WorkerRunCommand.WorkerOptions worker;

        @Option(names = "--repo", description = "Repository: a miner repository when miner is among the roles "
                + "(default: $SEALER_MINER_PATH or ~/.sealer-miner), else a worker repository "
                + "(default: $SEALER_WORKER_PATH or ~/.sealer-worker).")
        Path repo;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CommandLine cmd = spec.commandLine();
            Set<String> r = roles(cmd, roles);
            worker.check(cmd);
            checkListen(cmd, "--api-listen", miner.apiListen);
            if (r.contains(SealerNode.MINER)) {
                if (worker.listen != null) {
                    throw new CommandLine.ParameterException(cmd, "--listen: a node with role miner listens on --api-listen");
                }
                Set<io.sealer.core.task.TaskType> local = r.contains(SealerNode.WORKER)
                        ? WorkerTasks.worker(worker.noDefault, worker.allowed()) : Set.of();
                MinerNode.run(NodeConfig.load(), miner.options(repo, worker.clusterPort, local, worker.noLocalStorage,
                        worker.parallelFetchLimit));
                return 0;
            }
            worker.runWorker(cmd, repo);
            return 0;
        }
    }
}
