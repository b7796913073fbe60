package io.sealer.cluster.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The `sealer` node settings, read once from config.
 *
 * @param repo the node's repository (storage paths, caches, database)
 * @param minerId the miner actor id
 * @param chainName the dev chain's name (part of its randomness)
 * @param waitSeed how long the dev chain makes a sector wait for its seed
 * @param maxAttempts how many times a sealing task is tried before the sector fails
 * @param retryBackoff the pause before a retry, times the attempt number
 * @param workerName the worker's name, empty for the host name
 * @param noSwap report no swap
 * @param pc2Threads threads for PreCommit2, 0 = as granted by the scheduler
 */
public record NodeSettings(
        Path repo,
        long minerId,
        String chainName,
        Duration waitSeed,
        int maxAttempts,
        Duration retryBackoff,
        String workerName,
        boolean noSwap,
        int pc2Threads) {

    public static NodeSettings fromConfig(Config root) {
        Config c = root.getConfig("sealer");
        NodeSettings s = new NodeSettings(
                Path.of(c.getString("repo")),
                c.getLong("miner.id"),
                c.getString("chain.name"),
                c.getDuration("chain.wait-seed"),
                c.getInt("sealing.max-attempts"),
                c.getDuration("sealing.retry-backoff"),
                c.getString("worker.name"),
                c.getBoolean("worker.no-swap"),
                c.getInt("worker.pc2-threads"));
        if (s.minerId < 0) {
            throw new IllegalArgumentException("sealer.miner.id must be >= 0, got " + s.minerId);
        }
        if (s.maxAttempts < 1) {
            throw new IllegalArgumentException("sealer.sealing.max-attempts must be >= 1, got " + s.maxAttempts);
        }
        if (s.pc2Threads < 0) {
            throw new IllegalArgumentException("sealer.worker.pc2-threads must be >= 0, got " + s.pc2Threads);
        }
        return s;
    }

    /** The node's storage path: unsealed/, sealed/, cache/ and the parent cache. */
    public Path storage() {
        return repo.resolve("storage");
    }

    public NodeSettings withRepo(Path p) {
        return new NodeSettings(p, minerId, chainName, waitSeed, maxAttempts, retryBackoff, workerName, noSwap, pc2Threads);
    }

    public NodeSettings withWaitSeed(Duration d) {
        return new NodeSettings(repo, minerId, chainName, d, maxAttempts, retryBackoff, workerName, noSwap, pc2Threads);
    }
}
