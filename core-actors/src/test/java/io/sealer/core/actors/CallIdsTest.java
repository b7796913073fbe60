package io.sealer.core.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.sealer.core.sched.WorkerLoad;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskResultStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sector tasks named by call ids, with every message serialized: the Scheduler never queues a
 * call twice and gives it the latest reply target, keeps an unreachable node's unstarted tasks
 * with it and requeues them when the node is removed; a worker records each outcome before
 * sending it and answers the same call again from the record, also after a restart, without
 * running it again, until the sector acknowledges.
 */
@ExtendWith(LogCapturingExtension.class)
class CallIdsTest {
    private static final long GIB = 1L << 30;
    private static final SealProof PROOF = SealProof.STACKED_DRG_2KIB_V1;
    /** One actor system per test: what a test spawned ends with it. */
    private final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "pekko.actor.serialize-messages = on").withFallback(ConfigFactory.load()));
    private final Executor blocking = testKit.system().dispatchers()
            .lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher"));
    private final Map<String, ControlledExecutor.Control> controls = ControlledExecutor.newControls();

    @TempDir
    Path dir;

    @AfterEach
    void shutdown() {
        testKit.shutdownTestKit();
    }

    private <T> ActorRef<T> spawn(org.apache.pekko.actor.typed.Behavior<T> b) {
        return testKit.spawn(b);
    }

    private ActorRef<Scheduler.Command> scheduler() {
        return spawn(Scheduler.create(new SchedulerSettings(Duration.ZERO, AssignerKind.UTILIZATION, Parallelism.ALL)));
    }

    private static WorkerInfo info(String name) {
        return new WorkerInfo(WorkerId.random(), name, new WorkerResources(64 * GIB, GIB, 0, 0, 32, List.of()),
                ResourceTable.defaults(), EnumSet.of(TaskType.AP, TaskType.PC1), false);
    }

    private static TaskRequest call(String callId, String name, String block) {
        return TaskRequest.forCall(callId, new SectorRef(new SectorId(1000, 1), PROOF), TaskType.PC1, 0, TaskType.NOOP,
                SelectorSpec.TASK_TYPE, Map.of("name", name, "block", block));
    }

    private Scheduler.Diagnostics diag(ActorRef<Scheduler.Command> scheduler) {
        TestProbe<Scheduler.Diagnostics> p = testKit.createTestProbe();
        scheduler.tell(new Scheduler.GetDiagnostics(p.getRef()));
        return p.receiveMessage();
    }

    @Test
    void theSameCallIsQueuedOnceAndAnswersItsLatestSender() throws Exception {
        ActorRef<Scheduler.Command> scheduler = scheduler();
        TestProbe<TaskOutcome> first = testKit.createTestProbe();
        TestProbe<TaskOutcome> second = testKit.createTestProbe();
        controls.put("x", new ControlledExecutor.Control());
        scheduler.tell(new Scheduler.Schedule(call("s-t01000-1.PreCommit1.1", "x", "work"), first.getRef()));
        scheduler.tell(new Scheduler.Schedule(call("s-t01000-1.PreCommit1.1", "x", "work"), second.getRef()));
        assertEquals(1, diag(scheduler).requests().size());

        spawn(ResourceManager.create(info("w1"), scheduler, new ControlledExecutor("w1", controls), blocking,
                Parallelism.ALL));
        controls.get("x").startedOn.get(5, TimeUnit.SECONDS);
        TestProbe<TaskOutcome> third = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Schedule(call("s-t01000-1.PreCommit1.1", "x", "work"), third.getRef()));
        TestProbe<Scheduler.RunningCalls> running = testKit.createTestProbe();
        scheduler.tell(new Scheduler.GetRunningCalls(running.getRef()));
        assertEquals(Map.of(TaskRequest.schedIdOf("s-t01000-1.PreCommit1.1"), "w1"), running.receiveMessage().workers());
        controls.get("x").release.complete(null);

        TaskOutcome o = third.expectMessageClass(TaskOutcome.class, Duration.ofSeconds(5));
        assertTrue(o.ok());
        assertEquals("s-t01000-1.PreCommit1.1", o.callId());
        first.expectNoMessage(Duration.ofMillis(100));
        second.expectNoMessage(Duration.ZERO);
        assertEquals(1, controls.get("x").works.get());
        assertTrue(diag(scheduler).requests().isEmpty());
        scheduler.tell(new Scheduler.GetRunningCalls(running.getRef()));
        assertEquals(Map.of(), running.receiveMessage().workers(), "its outcome was sent");
    }

    @Test
    void aRecordedOutcomeIsSentAgainWithoutRunningUntilAcknowledged() throws Exception {
        TaskResultStore store = new TaskResultStore(dir);
        ActorRef<Scheduler.Command> scheduler = scheduler();
        WorkerInfo w1 = info("w1");
        ActorRef<ResourceManager.Command> rm = spawn(ResourceManager.create(w1, scheduler,
                new ControlledExecutor("w1", controls), blocking, Parallelism.ALL, ResourceManager.DEFAULT_HEARTBEAT,
                store));
        String callId = "s-t01000-1.PreCommit1.1";
        controls.put("y", new ControlledExecutor.Control());
        controls.get("y").release.complete(null);
        TestProbe<TaskOutcome> probe = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Schedule(call(callId, "y", "work"), probe.getRef()));
        TaskOutcome done = probe.expectMessageClass(TaskOutcome.class, Duration.ofSeconds(5));
        assertTrue(store.find(callId).isPresent(), "recorded before it was sent");

        // the miner restarted: the same call again, to a new reply target
        scheduler.tell(new Scheduler.Schedule(call(callId, "y", "work"), probe.getRef()));
        assertEquals(done, probe.expectMessageClass(TaskOutcome.class, Duration.ofSeconds(5)));

        // the Scheduler restarted too, and the worker process: the record is found and reported
        testKit.stop(rm);
        testKit.stop(scheduler);
        ActorRef<Scheduler.Command> next = scheduler();
        spawn(ResourceManager.create(w1, next, new ControlledExecutor("w1", controls), blocking, Parallelism.ALL,
                ResourceManager.DEFAULT_HEARTBEAT, new TaskResultStore(dir)));
        next.tell(new Scheduler.Schedule(call(callId, "y", "work"), probe.getRef()));
        assertEquals(done, probe.expectMessageClass(TaskOutcome.class, Duration.ofSeconds(5)));
        assertEquals(1, controls.get("y").works.get(), "the executor ran the call once");

        next.tell(new Scheduler.Acknowledge(TaskRequest.schedIdOf(callId)));
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertFalse(store.find(callId).isPresent(), "forgotten after the acknowledgement");
            return null;
        });
    }

    @Test
    void aRecordNoSectorAsksForAgainGoesToTheOutcomeRouterAndIsForgottenOnItsAck() throws Exception {
        TaskResultStore store = new TaskResultStore(dir);
        String orphan = "s-t01000-7.PreCommit2.4";
        TaskOutcome recorded = TaskOutcome.success(TaskRequest.schedIdOf(orphan), "w1", Map.of("commR", "cc"))
                .withCallId(orphan);
        store.record(orphan, recorded);
        ActorRef<Scheduler.Command> scheduler = scheduler();
        spawn(ResourceManager.create(info("w1"), scheduler, new ControlledExecutor("w1", controls), blocking,
                Parallelism.ALL, ResourceManager.DEFAULT_HEARTBEAT, store));
        controls.put("n", new ControlledExecutor.Control());
        controls.get("n").release.complete(null);
        TestProbe<TaskOutcome> router = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Schedule(call("s-t01000-8.PreCommit1.2", "n", "work"), router.getRef()));

        List<TaskOutcome> got = router.receiveSeveralMessages(2, Duration.ofSeconds(5));
        assertTrue(got.contains(recorded), got.toString());
        scheduler.tell(new Scheduler.Acknowledge(recorded.schedId()));
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertFalse(store.find(orphan).isPresent());
            return null;
        });
    }

    /** A worker played by a probe: registered, one window open, one task sent to it. */
    private record FakeWorker(WorkerId id, TestProbe<ResourceManager.Command> rm, TaskRequest task,
            TestProbe<TaskOutcome> caller) {}

    private FakeWorker workerHolding(ActorRef<Scheduler.Command> scheduler, String callId) {
        TestProbe<ResourceManager.Command> rm = testKit.createTestProbe();
        WorkerInfo w = info("far");
        scheduler.tell(new Scheduler.RegisterWorker(w, rm.getRef()));
        scheduler.tell(new Scheduler.OpenWindows(w.id(), List.of(UUID.randomUUID()), WorkerLoad.IDLE));
        TestProbe<TaskOutcome> caller = testKit.createTestProbe();
        TaskRequest t = call(callId, "z", "work");
        scheduler.tell(new Scheduler.Schedule(t, caller.getRef()));
        rm.expectMessageClass(ResourceManager.WindowAssigned.class, Duration.ofSeconds(5));
        return new FakeWorker(w.id(), rm, t, caller);
    }

    private String address(TestProbe<?> p) {
        return testKit.system().address().toString();
    }

    @Test
    void anUnreachableNodeKeepsItsUnstartedTasksAndARemovedOneGivesThemBack() {
        ActorRef<Scheduler.Command> scheduler = scheduler();
        FakeWorker w = workerHolding(scheduler, "s-t01000-1.PreCommit1.1");

        scheduler.tell(new Scheduler.NodeStatusChanged(address(w.rm()), Scheduler.NodeStatus.UNREACHABLE));
        scheduler.tell(new Scheduler.OpenWindows(w.id(), List.of(UUID.randomUUID()), WorkerLoad.IDLE));
        Scheduler.Diagnostics d = diag(scheduler);
        assertTrue(d.requests().isEmpty(), "the task stays with the unreachable worker");
        assertEquals(1, d.workers().get(0).assigned());
        assertTrue(d.openWindows().isEmpty(), "no new work for it");

        // submitted again meanwhile: the worker holding it gets the new reply target, nothing is queued
        TestProbe<TaskOutcome> again = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Schedule(w.task(), again.getRef()));
        assertEquals(again.getRef(), w.rm().expectMessageClass(ResourceManager.Resubmitted.class).replyTo());

        scheduler.tell(new Scheduler.NodeStatusChanged(address(w.rm()), Scheduler.NodeStatus.REACHABLE));
        w.rm().expectMessage(ResourceManager.Reregister.INSTANCE);

        scheduler.tell(new Scheduler.NodeStatusChanged(address(w.rm()), Scheduler.NodeStatus.REMOVED));
        d = diag(scheduler);
        assertEquals(1, d.requests().size(), "back in the queue once the node is gone");
        assertTrue(d.workers().isEmpty());
    }

    @Test
    void aRemovedNodeFailsTheCallsItHadStarted() {
        ActorRef<Scheduler.Command> scheduler = scheduler();
        FakeWorker w = workerHolding(scheduler, "s-t01000-1.PreCommit1.2");
        scheduler.tell(new Scheduler.TasksStarted(w.id(), List.of(w.task().schedId()), WorkerLoad.IDLE));
        scheduler.tell(new Scheduler.NodeStatusChanged(address(w.rm()), Scheduler.NodeStatus.REMOVED));
        TaskOutcome o = w.caller().expectMessageClass(TaskOutcome.class, Duration.ofSeconds(5));
        assertFalse(o.ok());
        assertEquals("s-t01000-1.PreCommit1.2", o.callId());
        assertTrue(o.error().contains("left the cluster"), o.error());
        assertTrue(diag(scheduler).requests().isEmpty(), "a started task is never requeued");
    }

    @Test
    void aWorkerWhoseRegistrationWasLostIsFoundThroughTheReceptionist() {
        TestProbe<Scheduler.Command> lost = testKit.createTestProbe();
        spawn(ResourceManager.create(info("w1"), lost.getRef(), new ControlledExecutor("w1", controls), blocking,
                Parallelism.ALL, Duration.ofHours(1)));
        lost.fishForMessage(Duration.ofSeconds(5), m -> m instanceof Scheduler.RegisterWorker
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
        // A scheduler that never got that registration: after its init wait it finds the worker in the
        // Receptionist's listing and asks it to register again (the worker's heartbeat is an hour away).
        spawn(Scheduler.create(new SchedulerSettings(Duration.ofMillis(200), AssignerKind.UTILIZATION, Parallelism.ALL)));
        lost.fishForMessage(Duration.ofSeconds(10), m -> m instanceof Scheduler.RegisterWorker
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    }
}
