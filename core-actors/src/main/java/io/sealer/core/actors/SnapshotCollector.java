package io.sealer.core.actors;

import io.sealer.core.JsonSerializable;
import io.sealer.core.sched.WorkerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Completes one {@link SchedulerSnapshot}: asks every worker's ResourceManager for its status,
 * fills in the answers that come within the timeout, replies and stops. A worker that does not
 * answer in time is listed without its status, so a slow or lost worker never holds up the
 * operator's view (nor the scheduler, which only spawns this actor).
 */
final class SnapshotCollector {

    sealed interface Command extends JsonSerializable permits Answered, TimedOut {}

    record Answered(ResourceManager.WorkerStatus status) implements Command {}

    enum TimedOut implements Command { INSTANCE }

    private SnapshotCollector() {}

    static Behavior<Command> create(SchedulerSnapshot partial, Map<WorkerId, ActorRef<ResourceManager.Command>> managers,
            Duration timeout, ActorRef<SchedulerSnapshot> replyTo) {
        if (managers.isEmpty()) {
            replyTo.tell(partial);
            return Behaviors.stopped();
        }
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ActorRef<ResourceManager.WorkerStatus> adapter = ctx.messageAdapter(ResourceManager.WorkerStatus.class,
                    Answered::new);
            managers.values().forEach(rm -> rm.tell(new ResourceManager.GetStatus(adapter)));
            timers.startSingleTimer(TimedOut.INSTANCE, timeout);
            Map<WorkerId, ResourceManager.WorkerStatus> answers = new HashMap<>();
            return Behaviors.receive(Command.class)
                    .onMessage(Answered.class, a -> {
                        answers.put(a.status().info().id(), a.status());
                        if (answers.keySet().containsAll(managers.keySet())) {
                            replyTo.tell(fill(partial, answers));
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .onMessageEquals(TimedOut.INSTANCE, () -> {
                        ctx.getLog().info("{} of {} worker(s) did not report their status in {}; listed without it",
                                managers.size() - answers.size(), managers.size(), timeout);
                        replyTo.tell(fill(partial, answers));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }

    private static SchedulerSnapshot fill(SchedulerSnapshot partial, Map<WorkerId, ResourceManager.WorkerStatus> answers) {
        List<SchedulerSnapshot.Worker> workers = new ArrayList<>();
        for (SchedulerSnapshot.Worker w : partial.workers()) {
            workers.add(w.withStatus(answers.get(w.info().id())));
        }
        return new SchedulerSnapshot(partial.takenAtMs(), partial.parallelism(), workers, partial.queue(), partial.calls());
    }
}
