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
        // Full paths, so that a wrong value is reported as "sealer.miner.id ...", the key the operator wrote.
        Config c = root;
        NodeSettings s = new NodeSettings(
                Path.of(c.getString("sealer.repo")),
                c.getLong("sealer.miner.id"),
                c.getString("sealer.chain.name"),
                c.getDuration("sealer.chain.wait-seed"),
                c.getInt("sealer.sealing.max-attempts"),
                c.getDuration("sealer.sealing.retry-backoff"),
                c.getString("sealer.worker.name"),
                c.getBoolean("sealer.worker.no-swap"),
                c.getInt("sealer.worker.pc2-threads"));
        if (s.minerId < 0) {
            throw new IllegalArgumentException("sealer.miner.id must be >= 0, got " + s.minerId);
        }
        if (s.maxAttempts < 1) {
            throw new IllegalArgumentException("sealer.sealing.max-attempts must be >= 1, got " + s.maxAttempts);
        }
        if (s.waitSeed.isNegative()) {
            throw new IllegalArgumentException("sealer.chain.wait-seed must not be negative");
        }
        if (s.retryBackoff.isNegative()) {
            throw new IllegalArgumentException("sealer.sealing.retry-backoff must not be negative");
        }
        if (s.repo.toString().isBlank()) {
            throw new IllegalArgumentException("sealer.repo must name a directory, got ''");
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
