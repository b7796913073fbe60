package io.sealer.core.actors;

import io.sealer.core.JsonSerializable;
import io.sealer.core.task.TaskType;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;

/**
 * What the sealing actors tell the rest of their node as it happens: small immutable facts
 * published on the node's own event stream (never sent across nodes), for the metrics and
 * anything else that wants to watch without asking an actor. Publishing is a tell: the
 * publishing actor never waits for a subscriber. Durations are in nanoseconds.
 */
public sealed interface SealingEvent extends JsonSerializable {

    /** The Scheduler sent a task to a worker after it waited {@code waitedNanos} in the queue. */
    record TaskAssigned(TaskType type, String sector, String worker, long waitedNanos) implements SealingEvent {}

    /** A task began executing on {@code worker} (after its prepare step). */
    record TaskStarted(TaskType type, String sector, String worker) implements SealingEvent {}

    /** A task left {@code worker}'s executing pool after {@code ranNanos}; {@code failed} when it did not succeed. */
    record TaskEnded(TaskType type, String sector, String worker, long ranNanos, boolean failed) implements SealingEvent {}

    /**
     * A worker's resources now: its machine and what its executing tasks reserve (memory in
     * bytes; GPUs in fractions that add up).
     */
    record WorkerUsage(String worker, int threads, int threadsReserved, long memory, long memoryReserved, int gpus,
            double gpusReserved) implements SealingEvent {}

    /** One scheduling pass took {@code tookNanos}; the queue holds {@code queued} tasks per type after it. */
    record PassCompleted(long tookNanos, Map<TaskType, Integer> queued) implements SealingEvent {
        public PassCompleted {
            queued = Map.copyOf(queued);
        }
    }

    /** A sector entity is in {@code state} now (on a state change, and when the entity starts). */
    record SectorStateChanged(String sector, String state) implements SealingEvent {}

    /** The storage paths the index knows now, each with its size, free space and the space reserved on it. */
    record StoragePaths(List<PathUsage> paths) implements SealingEvent {
        public StoragePaths {
            paths = List.copyOf(paths);
        }
    }

    /** One storage path by its id: bytes in all, free, and reserved for running tasks. */
    record PathUsage(String id, long capacity, long available, long reserved) implements JsonSerializable {}

    /** Publishes {@code event} on {@code system}'s event stream. */
    static void publish(ActorSystem<?> system, SealingEvent event) {
        system.eventStream().tell(new EventStream.Publish<>(event));
    }
}
