package io.sealer.core.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.AssignerKind;
import io.sealer.core.sched.FailureKind;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator's abort through the Scheduler, of a call queued, assigned to a window, preparing or
 * running on a worker whose tasks block until released (32 GiB PreCommit1s: two fit a "decent"
 * worker at once). An aborted call's caller gets a TEMPORARY failure at once, and the task's
 * resources are free at once: the next PreCommit1 starts while the aborted step is still blocked.
 * A running step is cancelled through the executor; its late end is dropped. Also the snapshot
 * the operator views read. Every message is serialized.
 */
@ExtendWith(LogCapturingExtension.class)
class AbortTest {
    private static final long GIB = 1L << 30;
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
            pekko.actor.serialize-messages = on
            pekko.actor.allow-java-serialization = off
            """).withFallback(ConfigFactory.load()));
    private static final Executor BLOCKING = testKit.system().dispatchers()
            .lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher"));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Map<String, ControlledExecutor.Control> controls = ControlledExecutor.newControls();
    private final Map<String, TestProbe<TaskOutcome>> outcomes = new HashMap<>();
    private final Map<String, TaskRequest> requests = new HashMap<>();
    private final List<ActorRef<?>> spawned = new ArrayList<>();
    private ActorRef<Scheduler.Command> scheduler;
    private ActorRef<ResourceManager.Command> fred;

    @BeforeEach
    void cluster() {
        scheduler = testKit.spawn(Scheduler.create(new SchedulerSettings(Duration.ofMillis(10), AssignerKind.UTILIZATION,
                Parallelism.ALL)));
        WorkerInfo info = new WorkerInfo(WorkerId.random(), "fred",
                new WorkerResources(128 * GIB, GIB, 200 * GIB, GIB, 32, List.of()), ResourceTable.defaults(),
                EnumSet.of(TaskType.PC1, TaskType.AP), false);
        fred = testKit.spawn(ResourceManager.create(info, scheduler, new ControlledExecutor("fred", controls), BLOCKING,
                Parallelism.ALL));
        spawned.add(scheduler);
        spawned.add(fred);
        awaitSnapshot(s -> s.workers().size() == 1 && s.workers().get(0).openWindows() == 2);
    }

    @AfterEach
    void stop() {
        controls.values().forEach(c -> c.release.complete(null));
        spawned.forEach(testKit::stop);
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private void sched(String name, TaskType type, String block) {
        TaskRequest r = TaskRequest.forCall("s-t01000-8." + name + ".1", new SectorRef(new SectorId(1000, 8),
                SealProof.STACKED_DRG_32GIB_V1), type, 0, type, SelectorSpec.TASK_TYPE, Map.of("name", name, "block", block));
        TestProbe<TaskOutcome> probe = testKit.createTestProbe();
        outcomes.put(name, probe);
        requests.put(name, r);
        controls.computeIfAbsent(name, k -> new ControlledExecutor.Control());
        scheduler.tell(new Scheduler.Schedule(r, probe.getRef()));
    }

    private void started(String name) throws Exception {
        assertEquals("fred", controls.get(name).startedOn.get(WAIT.toSeconds(), TimeUnit.SECONDS), name + " ran on");
    }

    private void notStarted(String name) {
        assertThrows(TimeoutException.class, () -> controls.get(name).startedOn.get(200, TimeUnit.MILLISECONDS),
                name + " must not start yet");
    }

    /** PC1s t1 and t2 blocked in their {@code block} step (two fill fred), and t3 that cannot start yet. */
    private void twoRunningOneWaiting(String block) throws Exception {
        sched("t1", TaskType.PC1, block);
        sched("t2", TaskType.PC1, block);
        started("t1");
        started("t2");
        sched("t3", TaskType.PC1, block);
        notStarted("t3");
    }

    private Scheduler.AbortResult abort(String name) {
        TestProbe<Scheduler.AbortResult> p = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Abort(requests.get(name).schedId(), p.getRef()));
        return p.expectMessageClass(Scheduler.AbortResult.class, WAIT);
    }

    /** The outcome {@code name}'s caller got: a TEMPORARY failure that says the operator aborted it. */
    private TaskOutcome abortedOutcome(String name) {
        TaskOutcome o = outcomes.get(name).expectMessageClass(TaskOutcome.class, WAIT);
        assertFalse(o.ok());
        assertEquals(FailureKind.TEMPORARY, o.failureKind(), "an aborted task is retried by the sector's rules");
        assertTrue(o.error().startsWith("aborted by the operator"), o.error());
        return o;
    }

    private SchedulerSnapshot snapshot() {
        TestProbe<SchedulerSnapshot> p = testKit.createTestProbe();
        scheduler.tell(new Scheduler.GetSnapshot(false, Duration.ofSeconds(3), p.getRef()));
        return p.expectMessageClass(SchedulerSnapshot.class, WAIT);
    }

    private SchedulerSnapshot awaitSnapshot(java.util.function.Predicate<SchedulerSnapshot> ready) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        SchedulerSnapshot s = snapshot();
        while (!ready.test(s) && System.nanoTime() < deadline) {
            s = snapshot();
        }
        assertTrue(ready.test(s), "snapshot never became ready: " + s);
        return s;
    }

    private static List<String> stages(SchedulerSnapshot s) {
        return s.workers().get(0).status().jobs().stream().map(j -> j.type().shortName() + ":" + j.stage()).sorted()
                .toList();
    }

    @Test
    void aQueuedCallLeavesTheQueue() {
        sched("pc2", TaskType.PC2, "prepare"); // no worker accepts PC2: it waits in the queue
        awaitSnapshot(s -> s.queue().size() == 1);
        Scheduler.AbortResult r = abort("pc2");
        assertTrue(r.aborted());
        assertEquals("queue", r.where());
        assertEquals("aborted by the operator while queued", abortedOutcome("pc2").error());
        assertEquals(0, snapshot().queue().size());
    }

    @Test
    void aPreparingCallFreesItsResourcesAtOnce() throws Exception {
        twoRunningOneWaiting("prepare");

        Scheduler.AbortResult r = abort("t1");
        assertTrue(r.aborted(), r.detail());
        assertEquals("fred", r.where());
        assertEquals("aborted by the operator while preparing", abortedOutcome("t1").error());
        started("t3"); // t1's prepare is still blocked: its reservation was freed by the abort alone
        assertFalse(controls.get("t1").release.isDone());
    }

    @Test
    void aRunningCallIsCancelledAndItsLateEndDropped() throws Exception {
        twoRunningOneWaiting("work");
        SchedulerSnapshot before = awaitSnapshot(s -> stages(s).equals(List.of("PC1:prepared", "PC1:running",
                "PC1:running")));
        assertEquals(2, before.workers().get(0).status().executing().cpuUse(), "two PC1s hold a thread each");

        Scheduler.AbortResult r = abort("t1");
        assertTrue(r.aborted(), r.detail());
        TaskOutcome o = abortedOutcome("t1");
        assertTrue(o.error().contains("its computation is cancelled"), o.error());
        assertTrue(controls.get("t1").cancelled, "the executor was asked to cancel the running step");
        started("t3");
        outcomes.get("t1").expectNoMessage(Duration.ofMillis(300)); // the cancelled step's end is not a second outcome
        awaitSnapshot(s -> stages(s).equals(List.of("PC1:running", "PC1:running")));
    }

    @Test
    void anAssignedCallLeavesItsWindowAndTheOthersRunOn() throws Exception {
        twoRunningOneWaiting("prepare");
        awaitSnapshot(s -> stages(s).contains("PC1:assigned"));

        Scheduler.AbortResult r = abort("t3");
        assertTrue(r.aborted(), r.detail());
        assertEquals("aborted by the operator before it started", abortedOutcome("t3").error());
        awaitSnapshot(s -> stages(s).equals(List.of("PC1:preparing", "PC1:preparing")));
        controls.get("t1").release.complete(null);
        assertTrue(outcomes.get("t1").expectMessageClass(TaskOutcome.class, WAIT).ok());
        assertFalse(controls.get("t3").prepared, "an aborted assigned task never runs");
    }

    @Test
    void anUnknownOrFinishedCallIsNotAborted() throws Exception {
        sched("t1", TaskType.PC1, "prepare");
        started("t1");
        controls.get("t1").release.complete(null);
        assertTrue(outcomes.get("t1").expectMessageClass(TaskOutcome.class, WAIT).ok());
        Scheduler.AbortResult finished = abort("t1");
        assertFalse(finished.aborted());
        assertTrue(finished.detail().contains("finished") || finished.detail().contains("ended"), finished.detail());

        TestProbe<Scheduler.AbortResult> p = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Abort(java.util.UUID.randomUUID(), p.getRef()));
        Scheduler.AbortResult unknown = p.expectMessageClass(Scheduler.AbortResult.class, WAIT);
        assertFalse(unknown.aborted());
        assertEquals("no queued, assigned or running task has this call id", unknown.detail());
    }

    @Test
    void theSnapshotShowsWorkersJobsAndTheQueue() throws Exception {
        sched("t1", TaskType.PC1, "work");
        started("t1");
        sched("pc2", TaskType.PC2, "prepare");
        SchedulerSnapshot s = awaitSnapshot(x -> x.queue().size() == 1 && stages(x).equals(List.of("PC1:running")));
        SchedulerSnapshot.Worker w = s.workers().get(0);
        assertEquals("fred", w.info().hostname());
        assertTrue(w.enabled());
        ResourceManager.Job job = w.status().jobs().get(0);
        assertEquals(requests.get("t1").schedId(), job.schedId());
        assertEquals(-1, job.window());
        assertTrue(job.sinceMs() > 0 && job.sinceMs() <= s.takenAtMs(), "the job's start is known");
        assertEquals(56 * GIB, w.status().executing().memUsedMin(), "a 32 GiB PC1 holds 56 GiB of RAM");
        assertEquals(TaskType.PC2, s.queue().get(0).request().type());
        assertEquals("s-t01000-8.pc2.1", s.queue().get(0).request().callId());
        assertEquals(1, s.calls().size(), "the running call is known to the scheduler");
        assertFalse(s.calls().get(0).finished());
        assertNotNull(s.parallelism());
    }
}
