package io.sealer.cluster.metrics;

import io.sealer.cluster.storage.StorageIndex;
import io.sealer.core.actors.SealingEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One per node: turns the {@link SealingEvent}s its actors publish on the node's event stream
 * into {@link SealerMetrics}. The Scheduler's events (assignments, passes, the queue) reach
 * only the miner's feed, a worker's events (starts, ends, its resources) only that worker
 * node's, the storage index's paths only the miner's, so each series comes from the one node
 * where it happens. Owns the state of every sector entity running on this node, from which the
 * sectors-by-state gauge is counted, and the storage paths last reported (a path that is gone
 * loses its series).
 */
public final class MetricsFeed extends AbstractBehavior<SealingEvent> {
    private final SealerMetrics metrics;
    private final Map<String, String> sectorStates = new HashMap<>();
    private Set<String> storagePaths = Set.of();

    private MetricsFeed(ActorContext<SealingEvent> ctx, SealerMetrics metrics) {
        super(ctx);
        this.metrics = metrics;
        ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(SealingEvent.class, ctx.getSelf()));
    }

    public static Behavior<SealingEvent> create(SealerMetrics metrics) {
        return Behaviors.setup(ctx -> new MetricsFeed(ctx, metrics));
    }

    /** Publishes the storage index's paths (on the miner, after each node's heartbeat) for the metrics. */
    public static void publishStorage(ActorSystem<?> system, List<StorageIndex.PathView> paths) {
        SealingEvent.publish(system, new SealingEvent.StoragePaths(paths.stream().filter(p -> p.stat() != null)
                .map(p -> new SealingEvent.PathUsage(p.path().id(), p.stat().capacity(), p.stat().fsAvailable(), p.reserved()))
                .toList()));
    }

    /** Feeds {@code metrics} from {@code system}'s events (a worker keeps one registry across its members). */
    public static SealerMetrics feed(ActorSystem<?> system, SealerMetrics metrics) {
        system.systemActorOf(create(metrics), "metrics-feed", Props.empty());
        return metrics;
    }

    @Override
    public Receive<SealingEvent> createReceive() {
        return newReceiveBuilder()
                .onMessage(SealingEvent.TaskAssigned.class, e -> {
                    metrics.taskAssigned(e.type(), Duration.ofNanos(e.waitedNanos()));
                    return this;
                })
                .onMessage(SealingEvent.TaskStarted.class, e -> {
                    metrics.taskStarted(e.type(), e.worker());
                    return this;
                })
                .onMessage(SealingEvent.TaskEnded.class, e -> {
                    if (e.failed()) {
                        metrics.taskFailed(e.type(), e.worker(), Duration.ofNanos(e.ranNanos()));
                    } else {
                        metrics.taskFinished(e.type(), e.worker(), Duration.ofNanos(e.ranNanos()));
                    }
                    return this;
                })
                .onMessage(SealingEvent.WorkerUsage.class, e -> {
                    metrics.workerResources(e.worker(), new SealerMetrics.WorkerLoad(e.threadsReserved(),
                            Math.max(0, e.threads() - e.threadsReserved()), e.memoryReserved(),
                            Math.max(0, e.memory() - e.memoryReserved()), e.gpusReserved(),
                            Math.max(0, e.gpus() - e.gpusReserved())));
                    return this;
                })
                .onMessage(SealingEvent.PassCompleted.class, e -> {
                    metrics.schedulingPass(Duration.ofNanos(e.tookNanos()));
                    metrics.queueLengths(e.queued());
                    return this;
                })
                .onMessage(SealingEvent.StoragePaths.class, e -> {
                    Set<String> now = new HashSet<>();
                    for (SealingEvent.PathUsage p : e.paths()) {
                        metrics.storagePath(p.id(), p.capacity(), p.available(), p.reserved());
                        now.add(p.id());
                    }
                    storagePaths.stream().filter(id -> !now.contains(id)).forEach(metrics::storagePathDetached);
                    storagePaths = now;
                    return this;
                })
                .onMessage(SealingEvent.SectorStateChanged.class, e -> {
                    sectorStates.put(e.sector(), e.state());
                    Map<String, Integer> counts = new HashMap<>();
                    sectorStates.values().forEach(s -> counts.merge(s, 1, Integer::sum));
                    metrics.sectorsByState(counts);
                    return this;
                })
                .build();
    }
}
