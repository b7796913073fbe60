package io.sealer.cli.worker;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.MinerEndpoint;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a `sealer worker` command finds the running worker, as `lotus-worker` does: {@code --repo},
 * else WORKER_API_INFO, else the default worker repository, whose running worker publishes its
 * address in {@code api} and an admin token in {@code token}.
 */
final class WorkerApiOptions {
    static final String VARIABLE = "WORKER_API_INFO";
    /** How long one API call may take before the command gives up. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--repo", description = "Worker repository whose running worker to ask "
            + "(default: $WORKER_API_INFO, else $SEALER_WORKER_PATH or ~/.sealer-worker).")
    Path repo;

    /** The running worker; none running is an error saying how to start one. */
    ApiClient client(Map<String, String> env) throws RepoException {
        return new ApiClient(MinerEndpoint.resolve(NodeKind.WORKER, VARIABLE, repo, env, NodeKind.home(env)), "the worker",
                CALL_TIMEOUT);
    }

    /** The running worker, or empty when none runs there (no repository, or no {@code api} file in it). */
    Optional<ApiClient> running(Map<String, String> env) throws RepoException {
        String info = env.get(VARIABLE);
        Path dir = repo != null ? repo : NodeKind.WORKER.defaultDir(env, NodeKind.home(env));
        boolean fromRepo = repo != null || info == null || info.isBlank();
        if (fromRepo && !(Files.isDirectory(dir) && Files.isRegularFile(NodeRepo.open(dir, NodeKind.WORKER).apiFile()))) {
            return Optional.empty();
        }
        return Optional.of(client(env));
    }
}
