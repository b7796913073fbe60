// WAVE-2 STAND-IN (branch wip2-node only): delete this file at merge; the sectors engineer's
// io/sealer/cluster/sectors/SectorsRuntime.java (contract C1) replaces it. Nothing here seals.
package io.sealer.cluster.sectors;

import io.sealer.cluster.chain.ChainClient;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.task.SealProof;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/** Stand-in of contract C1 so that the node's wiring compiles before the sectors land. */
public final class SectorsRuntime {
    private SectorsRuntime() {}

    public record Settings(long minerId, SealProof proof, int maxAttempts, Duration retryBackoff) {}

    public static SectorsService start(ActorSystem<?> system, Settings settings, ActorRef<Scheduler.Command> scheduler,
            ChainClient chain) {
        return new SectorsService() {
            @Override
            public CompletionStage<List<SectorView>> pledge(int count, int deals) {
                return CompletableFuture.failedFuture(new IllegalStateException("sectors are not wired in this build"));
            }

            @Override
            public CompletionStage<List<SectorView>> list() {
                return CompletableFuture.completedFuture(List.of());
            }

            @Override
            public CompletionStage<Optional<SectorView>> status(long number) {
                return CompletableFuture.completedFuture(Optional.empty());
            }

            @Override
            public CompletionStage<RemoveResult> remove(long number) {
                return CompletableFuture.completedFuture(RemoveResult.NOT_FOUND);
            }
        };
    }
}
