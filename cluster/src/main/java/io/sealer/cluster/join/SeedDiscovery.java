package io.sealer.cluster.join;

import io.sealer.cluster.api.ApiClient;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A worker's way into the cluster, as a Lotus worker's: ask the miner's API (with the token
 * of MINER_API_INFO) for the seed addresses, retrying with a growing pause while the miner
 * cannot be reached. A refused token is not retried: it will not get better.
 */
public final class SeedDiscovery {
    /** The pause before the first retry; it doubles up to {@link #MAX_PAUSE}. */
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    /** How the discovery waits between tries and reads the time (tests pass a virtual clock). */
    public interface Clock {
        void sleep(Duration d) throws InterruptedException;

        long nanoTime();
    }

    /** The real clock. */
    public static final Clock SYSTEM = new Clock() {
        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(d.toMillis());
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    private final ApiClient miner;
    private final Clock clock;
    private final Consumer<String> log;

    /** @param log gets one line per failed try (the operator's log at WARN) */
    public SeedDiscovery(ApiClient miner, Clock clock, Consumer<String> log) {
        this.miner = miner;
        this.clock = clock;
        this.log = log;
    }

    /**
     * The seeds, after as many tries as {@code deadline} allows.
     *
     * @throws ApiClient.ApiCallException when the token is refused, or the deadline passed
     */
    public ClusterSeeds fetch(Duration deadline) throws ApiClient.ApiCallException, InterruptedException {
        long end = clock.nanoTime() + deadline.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return miner.get("/api/v0/cluster/seeds", ClusterSeeds.class);
            } catch (ApiClient.ApiCallException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw e;
                }
                long left = end - clock.nanoTime();
                if (left <= 0) {
                    throw new ApiClient.ApiCallException(e.getMessage() + " (gave up after " + attempt + " tries)");
                }
                log.accept(e.getMessage() + "; retrying in " + pause.toSeconds() + "s");
                clock.sleep(pause.toNanos() < left ? pause : Duration.ofNanos(left));
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
