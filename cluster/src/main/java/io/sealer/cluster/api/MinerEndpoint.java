package io.sealer.cluster.api;

import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI finds the miner, as Lotus's CLI does: {@code --repo} when given, else
 * {@code MINER_API_INFO}, else the default miner repository, whose running node publishes its
 * address in {@code api} and an admin token in {@code token}.
 */
public final class MinerEndpoint {
    private MinerEndpoint() {}

    /** @param repo the --repo flag, or null */
    public static ApiInfo resolve(Path repo, Map<String, String> env, Path home) throws RepoException {
        if (repo == null) {
            String info = env.get(ApiInfo.MINER_VARIABLE);
            if (info != null && !info.isBlank()) {
                return ApiInfo.parse(ApiInfo.MINER_VARIABLE, info);
            }
        }
        Path dir = repo != null ? repo : NodeKind.MINER.defaultDir(env, home);
        NodeRepo r = NodeRepo.open(dir, NodeKind.MINER);
        if (!Files.isRegularFile(r.apiFile())) {
            throw new RepoException("the miner of " + r.dir() + " is not running (no " + r.apiFile().getFileName()
                    + " file); start it with `sealer miner run`, or set MINER_API_INFO");
        }
        return published(r);
    }

    /** The address and token a running node of {@code r} published in its api and token files. */
    public static ApiInfo published(NodeRepo r) throws RepoException {
        try {
            ApiAddress address = ApiAddress.parse(Files.readString(r.apiFile()).trim());
            String token = Files.isRegularFile(r.tokenFile()) ? Files.readString(r.tokenFile()).trim() : "";
            return new ApiInfo(token, address);
        } catch (IOException e) {
            throw new RepoException("cannot read " + r.apiFile() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RepoException(r.apiFile() + " is damaged: " + e.getMessage(), e);
        }
    }
}
