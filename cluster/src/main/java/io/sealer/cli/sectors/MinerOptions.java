package io.sealer.cli.sectors;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.MinerEndpoint;
import io.sealer.cluster.repo.RepoException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a `sealer sectors` command finds the miner: {@code --repo}, else MINER_API_INFO, else the default miner repo. */
final class MinerOptions {
    /** How long one API call may take before the command gives up. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--repo", description = "Miner repository whose running miner to ask "
            + "(default: $MINER_API_INFO, else $SEALER_MINER_PATH or ~/.sealer-miner).")
    Path repo;

    ApiClient client(Map<String, String> env, Path home) throws RepoException {
        return client(env, home, CALL_TIMEOUT);
    }

    ApiClient client(Map<String, String> env, Path home, Duration timeout) throws RepoException {
        return new ApiClient(MinerEndpoint.resolve(repo, env, home), "the miner", timeout);
    }
}
