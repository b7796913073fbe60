package io.sealer.cli.worker;

import io.sealer.cli.NodeCommand;
import io.sealer.cluster.api.MinerEndpoint;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.node.NodeConfig;
import io.sealer.cluster.node.WorkerNode;
import io.sealer.cluster.node.WorkerTasks;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.RepoException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer worker run`: a worker node that joins the miner's cluster through MINER_API_INFO (or
 * the api and token files of --miner-repo), with the seed's flags and their environment
 * variables. A malformed MINER_API_INFO is a usage error; a refused token ends it at once.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start a worker node that joins the miner found through MINER_API_INFO or --miner-repo.")
public final class WorkerRunCommand implements Callable<Integer> {

    /** The worker's own options; `sealer node run` takes them too. */
    public static final class WorkerOptions {
        @Option(names = "--listen", description = "HTTP address of this worker, HOST:PORT (default: Worker.ListenAddress "
                + "of config.conf, 127.0.0.1:3456); the cluster transport binds the same host.")
        public String listen;

        @Option(names = "--miner-repo", description = "Miner repository whose api and token files locate the miner, "
                + "when MINER_API_INFO is not set.")
        public Path minerRepo;

        @Option(names = "--addpiece", arity = "0..1", fallbackValue = "true",
                defaultValue = "${env:SEALER_WORKER_ADDPIECE:-true}", description = "Enable AddPiece (default: true; env SEALER_WORKER_ADDPIECE).")
        public boolean addPiece;

        @Option(names = "--precommit1", arity = "0..1", fallbackValue = "true",
                defaultValue = "${env:SEALER_WORKER_PRECOMMIT1:-true}", description = "Enable PreCommit1 (default: true; env SEALER_WORKER_PRECOMMIT1).")
        public boolean preCommit1;

        @Option(names = "--unseal", arity = "0..1", fallbackValue = "true",
                defaultValue = "${env:SEALER_WORKER_UNSEAL:-true}", description = "Enable Unseal (default: true; env SEALER_WORKER_UNSEAL).")
        public boolean unseal;

        @Option(names = "--precommit2", arity = "0..1", fallbackValue = "true",
                defaultValue = "${env:SEALER_WORKER_PRECOMMIT2:-true}", description = "Enable PreCommit2 (default: true; env SEALER_WORKER_PRECOMMIT2).")
        public boolean preCommit2;

        @Option(names = "--commit", arity = "0..1", fallbackValue = "true",
                defaultValue = "${env:SEALER_WORKER_COMMIT:-true}", description = "Enable Commit2 (default: true; env SEALER_WORKER_COMMIT).")
        public boolean commit;

        @Option(names = "--no-default", arity = "0..1", fallbackValue = "true",
                defaultValue = "${env:SEALER_WORKER_NO_DEFAULT:-false}",
                description = "Take no fetch, Commit1 or Finalize tasks (default: false; env SEALER_WORKER_NO_DEFAULT).")
        public boolean noDefault;

        @Option(names = "--name", defaultValue = "${env:SEALER_WORKER_NAME}",
                description = "Worker name (default: Worker.Name of config.conf, else the host name; env SEALER_WORKER_NAME).")
        public String name;

        @Option(names = "--no-swap", arity = "0..1", fallbackValue = "true", defaultValue = "${env:SEALER_WORKER_NO_SWAP}",
                description = "Report no swap (default: Worker.NoSwap of config.conf; env SEALER_WORKER_NO_SWAP).")
        public Boolean noSwap;

        @Option(names = "--parallel-fetch-limit", defaultValue = "${env:SEALER_WORKER_PARALLEL_FETCH_LIMIT}",
                description = "Sector files downloaded at once (default: Worker.ParallelFetchLimit of config.conf; "
                        + "env SEALER_WORKER_PARALLEL_FETCH_LIMIT).")
        public Integer parallelFetchLimit;

        @Option(names = "--cluster-port", description = "Port of the cluster transport, 0 = any free port "
                + "(default: Cluster.Port of config.conf, 0).")
        public Integer clusterPort;

        @Option(names = "--no-local-storage", description = "On first start, attach no storage path inside the "
                + "repository (attach one with `sealer worker storage attach`).")
        public boolean noLocalStorage;

        /** The miner's API, from MINER_API_INFO or --miner-repo (or the default miner repository). */
        public ApiInfo miner(CommandLine cmd, Map<String, String> env) throws RepoException {
            try {
                return MinerEndpoint.resolve(minerRepo, env, NodeKind.home(System.getenv()));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, e.getMessage());
            }
        }

        /** Checks what picocli cannot; a mistake is a usage error naming the option. */
        public void check(CommandLine cmd) {
            NodeCommand.checkPort(cmd, clusterPort);
            NodeCommand.checkListen(cmd, "--listen", listen);
            if (parallelFetchLimit != null && parallelFetchLimit < 1) {
                throw new CommandLine.ParameterException(cmd, "--parallel-fetch-limit: must be at least 1, got "
                        + parallelFetchLimit);
            }
        }

        /** Runs a worker node on {@code repo} (null: the default worker repository) until the process stops. */
        public void runWorker(CommandLine cmd, Path repo) throws Exception {
            check(cmd);
            ApiInfo miner = miner(cmd, System.getenv());
            WorkerNode.run(NodeConfig.load(), new WorkerNode.Options(NodeCommand.repoOrDefault(repo, NodeKind.WORKER),
                    listen, clusterPort, WorkerTasks.worker(noDefault, allowed()), name, noSwap, miner, noLocalStorage,
                    parallelFetchLimit));
        }

        public WorkerTasks.Allowed allowed() {
            return new WorkerTasks.Allowed(addPiece, preCommit1, preCommit2, commit, unseal);
        }
    }

    @CommandLine.Mixin
    WorkerOptions worker;

    @Option(names = "--repo", description = "Worker repository (default: $SEALER_WORKER_PATH or ~/.sealer-worker).")
    Path repo;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        worker.runWorker(spec.commandLine(), repo);
        return 0;
    }
}
