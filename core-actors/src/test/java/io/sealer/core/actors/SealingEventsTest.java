package io.sealer.core.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.AssignerKind;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Scheduler and a ResourceManager tell their node what happens as {@link SealingEvent}s:
 * one task through them publishes its assignment (with the wait), the passes (with the queue),
 * its start and its end on the worker, and the worker's resources, every event serialized.
 */
class SealingEventsTest {
    private static final long GIB = 1L << 30;
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseString("""
            pekko.actor.serialize-messages = on
            pekko.actor.allow-java-serialization = off
            """).withFallback(ConfigFactory.load()));

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @Test
    void oneTaskThroughTheActorsPublishesItsEvents() {
        TestProbe<SealingEvent> events = KIT.createTestProbe();
        KIT.system().eventStream().tell(new EventStream.Subscribe<>(SealingEvent.class, events.getRef()));
        Executor blocking = KIT.system().dispatchers().lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher"));
        var scheduler = KIT.spawn(Scheduler.create(new SchedulerSettings(Duration.ZERO, AssignerKind.UTILIZATION,
                Parallelism.ALL)));
        WorkerInfo info = new WorkerInfo(WorkerId.random(), "w1", new WorkerResources(64 * GIB, GIB, 0, 0, 16, List.of()),
                ResourceTable.fromEnv(Map.of(), w -> { }), EnumSet.of(TaskType.AP), false);
        Map<String, ControlledExecutor.Control> controls = ControlledExecutor.newControls();
        ControlledExecutor.Control released = new ControlledExecutor.Control();
        released.release.complete(null);
        controls.put("ap", released);
        KIT.spawn(ResourceManager.create(info, scheduler, new ControlledExecutor("w1", controls), blocking, Parallelism.ALL));
        TaskRequest ap = new TaskRequest(UUID.randomUUID(), new SectorRef(new SectorId(1000, 7), SealProof.STACKED_DRG_2KIB_V1),
                TaskType.AP, 0, TaskType.NOOP, SelectorSpec.TASK_TYPE, Map.of("name", "ap"));
        TestProbe<TaskOutcome> outcome = KIT.createTestProbe();
        scheduler.tell(new Scheduler.Schedule(ap, outcome.getRef()));
        TaskOutcome done = outcome.receiveMessage(Duration.ofSeconds(10));
        assertEquals(TaskOutcome.Status.DONE, done.status(), done.toString());

        List<SealingEvent> seen = new ArrayList<>();
        while (seen.stream().noneMatch(e -> e instanceof SealingEvent.TaskEnded)) {
            seen.add(events.receiveMessage(Duration.ofSeconds(10)));
        }
        SealingEvent.TaskAssigned assigned = only(seen, SealingEvent.TaskAssigned.class);
        assertEquals(List.of(TaskType.AP, "s-t01000-7", "w1"), List.of(assigned.type(), assigned.sector(), assigned.worker()));
        assertTrue(assigned.waitedNanos() >= 0);
        assertEquals(new SealingEvent.TaskStarted(TaskType.AP, "s-t01000-7", "w1"), only(seen, SealingEvent.TaskStarted.class));
        SealingEvent.TaskEnded ended = only(seen, SealingEvent.TaskEnded.class);
        assertEquals(List.of(TaskType.AP, "w1", false), List.of(ended.type(), ended.worker(), ended.failed()));
        assertTrue(seen.stream().anyMatch(e -> e instanceof SealingEvent.PassCompleted p && p.queued().isEmpty()),
                "a pass after the assignment sees an empty queue: " + seen);
        assertTrue(seen.stream().anyMatch(e -> e instanceof SealingEvent.WorkerUsage u && u.worker().equals("w1")
                && u.threads() == 16 && u.memory() == 64 * GIB), seen.toString());
    }

    private static <T extends SealingEvent> T only(List<SealingEvent> seen, Class<T> type) {
        List<T> of = seen.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, of.size(), type.getSimpleName() + " in " + seen);
        return of.get(0);
    }
}
