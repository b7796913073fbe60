package io.sealer.cluster.join;

import java.util.List;

/**
 * What a miner tells a joining worker: the cluster addresses to join (every Up miner,
 * oldest first) and the miner's session id, which changes at every miner start so a worker
 * can tell that the miner restarted (Lotus's {@code Session()}).
 */
public record ClusterSeeds(List<String> seeds, String session) {
    public ClusterSeeds {
        seeds = List.copyOf(seeds);
    }
}
