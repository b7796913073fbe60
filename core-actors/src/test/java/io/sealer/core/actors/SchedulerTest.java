package io.sealer.core.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Scheduler and ResourceManager actors driven like Lotus's TestSched (docs/testing.md,
 * "Scheduler acceptance cases"): 32 GiB V1 sectors, ParallelNum 1/1, prepare actions that announce their worker and
 * block until released. Every message is serialized (serialize-messages = on).
 */
@ExtendWith(LogCapturingExtension.class)
class SchedulerTest {
    private static final long GIB = 1L << 30;
    static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
            pekko.actor.serialize-messages = on
            pekko.actor.allow-java-serialization = off
            """).withFallback(ConfigFactory.load()));
    private static final Executor BLOCKING = testKit.system().dispatchers()
            .lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher"));
    private static final SealProof PROOF = SealProof.STACKED_DRG_32GIB_V1;

    static WorkerResources decent() {
        return new WorkerResources(128 * GIB, GIB, 200 * GIB, GIB, 32, List.of());
    }

    static WorkerResources constrained() {
        return new WorkerResources(GIB, GIB, 0, GIB, 1, List.of());
    }

    /** One scheduler and its workers for one test. */
    final class Cluster {
        final ActorRef<Scheduler.Command> scheduler;
        final Map<String, ControlledExecutor.Control> controls = ControlledExecutor.newControls();
        final Map<String, TestProbe<TaskOutcome>> outcomes = new HashMap<>();
        final Map<String, TaskRequest> requests = new HashMap<>();
        final Map<String, WorkerId> workerIds = new HashMap<>();
        final Map<String, ActorRef<ResourceManager.Command>> managers = new HashMap<>();
        final Map<String, String> expected = new HashMap<>();

        Cluster(AssignerKind assigner) {
            scheduler = testKit.spawn(Scheduler.create(new SchedulerSettings(Duration.ofMillis(10), assigner, Parallelism.ALL)));
            spawned.add(scheduler);
        }

        Cluster worker(String name, WorkerResources res, boolean ignoreResources, Map<String, String> env, TaskType... types) {
            WorkerId id = WorkerId.random();
            WorkerInfo info = new WorkerInfo(id, name, res, ResourceTable.fromEnv(env, w -> {}),
                    types.length == 0 ? Set.of() : EnumSet.of(types[0], types), ignoreResources);
            ActorRef<ResourceManager.Command> rm = testKit.spawn(ResourceManager.create(info, scheduler,
                    new ControlledExecutor(name, controls), BLOCKING, Parallelism.ALL));
            spawned.add(rm);
            workerIds.put(name, id);
            managers.put(name, rm);
            awaitWindows(name, 2);
            return this;
        }

        Cluster worker(String name, WorkerResources res, TaskType... types) {
            return worker(name, res, false, Map.of(), types);
        }

        void sched(String name, String expectWorker, long sector, TaskType type) {
            sched(name, expectWorker, sector, type, 0, Map.of("name", name));
        }

        void sched(String name, String expectWorker, long sector, TaskType type, int priority, Map<String, String> params) {
            TaskRequest r = new TaskRequest(UUID.randomUUID(), new SectorRef(new SectorId(1000, sector), PROOF), type, priority,
                    type, SelectorSpec.TASK_TYPE, params);
            TestProbe<TaskOutcome> probe = testKit.createTestProbe();
            outcomes.put(name, probe);
            requests.put(name, r);
            expected.put(name, expectWorker);
            controls.computeIfAbsent(name, k -> new ControlledExecutor.Control());
            scheduler.tell(new Scheduler.Schedule(r, probe.getRef()));
        }

        void taskStarted(String name) throws Exception {
            assertEquals(expected.get(name), controls.get(name).startedOn.get(5, TimeUnit.SECONDS), name + " ran on");
        }

        void taskNotScheduled(String name) {
            assertThrows(TimeoutException.class, () -> controls.get(name).startedOn.get(150, TimeUnit.MILLISECONDS),
                    name + " must not start yet");
        }

        TaskOutcome taskDone(String name) {
            controls.get(name).release.complete(null);
            TaskOutcome o = outcomes.get(name).expectMessageClass(TaskOutcome.class, Duration.ofSeconds(5));
            assertTrue(o.ok(), name + ": " + o.error());
            assertEquals(expected.get(name), o.worker());
            return o;
        }

        Scheduler.Diagnostics diag() {
            TestProbe<Scheduler.Diagnostics> p = testKit.createTestProbe();
            scheduler.tell(new Scheduler.GetDiagnostics(p.getRef()));
            return p.receiveMessage();
        }

        long openWindows(String worker) {
            WorkerId id = workerIds.get(worker);
            return diag().openWindows().stream().filter(w -> w.worker().equals(id)).count();
        }

        void awaitWindows(String worker, int n) {
            TestProbe<Object> p = testKit.createTestProbe();
            p.awaitAssert(Duration.ofSeconds(5), () -> {
                assertEquals(n, openWindows(worker));
                return null;
            });
        }

        ResourceManager.WorkerStatus status(String worker) {
            TestProbe<ResourceManager.WorkerStatus> p = testKit.createTestProbe();
            managers.get(worker).tell(new ResourceManager.GetStatus(p.getRef()));
            return p.receiveMessage();
        }
    }

    private final List<ActorRef<?>> spawned = new ArrayList<>();

    @AfterEach
    void stopActors() {
        spawned.forEach(testKit::stop);
        spawned.clear();
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** One step of a TestSched case. */
    interface Step {
        void run(Cluster c) throws Exception;
    }

    static Step sched(String name, String worker, long sector, TaskType type) {
        return c -> c.sched(name, worker, sector, type);
    }

    static Step started(String name) {
        return c -> c.taskStarted(name);
    }

    static Step notScheduled(String name) {
        return c -> c.taskNotScheduled(name);
    }

    static Step done(String name) {
        return c -> c.taskDone(name);
    }

    interface Setup {
        void apply(Cluster c);
    }

    static Stream<Arguments> testSchedCases() {
        TaskType pc1 = TaskType.PC1;
        TaskType pc2 = TaskType.PC2;
        return Stream.of(
                Arguments.of("constrained-resources", (Setup) c -> c
                                .worker("fred1", constrained(), pc1)
                                .worker("fred2", constrained(), true, Map.of(), pc1),
                        List.of(sched("pc1-1", "fred2", 8, pc1), started("pc1-1"), done("pc1-1"))),
                Arguments.of("one-pc1", (Setup) c -> c.worker("fred", decent(), pc1),
                        List.of(sched("pc1-1", "fred", 8, pc1), done("pc1-1"))),
                Arguments.of("pc1-2workers-1", (Setup) c -> c.worker("fred2", decent(), pc2).worker("fred1", decent(), pc1),
                        List.of(sched("pc1-1", "fred1", 8, pc1), done("pc1-1"))),
                Arguments.of("pc1-2workers-2", (Setup) c -> c.worker("fred1", decent(), pc1).worker("fred2", decent(), pc2),
                        List.of(sched("pc1-1", "fred1", 8, pc1), done("pc1-1"))),
                Arguments.of("pc1-block-pc2", (Setup) c -> c.worker("fred", decent(), pc1, pc2),
                        List.of(sched("pc1", "fred", 8, pc1), started("pc1"), sched("pc2", "fred", 8, pc2),
                                notScheduled("pc2"), done("pc1"), done("pc2"))),
                Arguments.of("pc2-block-pc1", (Setup) c -> c.worker("fred", decent(), pc1, pc2),
                        List.of(sched("pc2", "fred", 8, pc2), started("pc2"), sched("pc1", "fred", 8, pc1),
                                notScheduled("pc1"), done("pc2"), done("pc1"))),
                Arguments.of("pc1-batching", (Setup) c -> c.worker("fred", decent(), pc1),
                        List.of(sched("t1", "fred", 8, pc1), started("t1"),
                                sched("t2", "fred", 8, pc1), started("t2"),
                                sched("t3", "fred", 8, pc1), notScheduled("t3"),
                                sched("t4", "fred", 8, pc1), notScheduled("t4"),
                                done("t1"), done("t2"),
                                started("t3"), started("t4"),
                                done("t3"), done("t4"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testSchedCases")
    void testSched(String name, Setup setup, List<Step> steps) throws Exception {
        Cluster c = new Cluster(AssignerKind.UTILIZATION);
        setup.apply(c);
        for (Step s : steps) {
            s.run(c);
        }
    }

    @Test
    void reenableWorkerReopensItsWindows() { // TestReenableWorker
        Cluster c = new Cluster(AssignerKind.UTILIZATION).worker("fred", decent(), TaskType.AP, TaskType.PC1, TaskType.C1,
                TaskType.FIN, TaskType.FUS, TaskType.GET);
        assertEquals(2, c.openWindows("fred"));
        c.scheduler.tell(new Scheduler.SetWorkerEnabled(c.workerIds.get("fred"), false));
        c.awaitWindows("fred", 0);
        assertFalse(c.diag().workers().get(0).enabled());
        c.scheduler.tell(new Scheduler.SetWorkerEnabled(c.workerIds.get("fred"), true));
        c.awaitWindows("fred", 2);
        assertTrue(c.diag().workers().get(0).enabled());
    }

    @Test
    void disablingAWorkerReturnsItsUnstartedTasksAtOnce() throws Exception {
        Cluster c = new Cluster(AssignerKind.UTILIZATION).worker("fred", decent(), TaskType.PC1);
        c.sched("t1", "fred", 1, TaskType.PC1);
        c.sched("t2", "fred", 2, TaskType.PC1);
        c.sched("t3", "barney", 3, TaskType.PC1);
        c.taskStarted("t1");
        c.taskStarted("t2");
        c.taskNotScheduled("t3");
        c.scheduler.tell(new Scheduler.SetWorkerEnabled(c.workerIds.get("fred"), false));
        TestProbe<Object> p = testKit.createTestProbe();
        p.awaitAssert(Duration.ofSeconds(5), () -> {
            assertEquals(List.of(TaskType.PC1), c.diag().requests().stream().map(Scheduler.QueuedRequest::taskType).toList());
            return null;
        });
        c.worker("barney", decent(), TaskType.PC1);
        c.taskStarted("t3");
        c.taskDone("t3");
        c.taskDone("t1"); // running tasks on the disabled worker finish normally
        c.taskDone("t2");
    }

    @Test
    void aStoppedWorkerGivesItsTasksBack() throws Exception {
        Cluster c = new Cluster(AssignerKind.UTILIZATION).worker("fred", decent(), TaskType.PC1);
        c.sched("t1", "fred", 1, TaskType.PC1);
        c.sched("t2", "fred", 2, TaskType.PC1);
        c.sched("t3", "barney", 3, TaskType.PC1);
        c.taskStarted("t2");
        c.taskNotScheduled("t3");
        testKit.stop(c.managers.get("fred"));
        c.worker("barney", decent(), TaskType.PC1);
        c.taskStarted("t3");
        c.taskDone("t3");
    }

    @Test
    void removeRequestAnswersTheCaller() { // TestSchedulerRemoveRequest
        Cluster c = new Cluster(AssignerKind.UTILIZATION).worker("fred", decent(), TaskType.AP, TaskType.PC1);
        c.sched("pc2", "nobody", 1, TaskType.PC2);
        Scheduler.Diagnostics d = c.diag();
        assertEquals(1, d.requests().size());
        assertEquals("seal/v0/precommit/2", d.requests().get(0).taskType().wireName());

        TestProbe<Scheduler.Explanation> why = testKit.createTestProbe();
        c.scheduler.tell(new Scheduler.Explain(c.requests.get("pc2").schedId(), why.getRef()));
        Scheduler.Explanation e = why.receiveMessage();
        assertEquals("queued", e.state());
        assertEquals(List.of("does not accept PC2"), List.copyOf(e.reasons().values()));

        TestProbe<Scheduler.RequestRemoved> removed = testKit.createTestProbe();
        c.scheduler.tell(new Scheduler.RemoveRequest(c.requests.get("pc2").schedId(), removed.getRef()));
        assertTrue(removed.receiveMessage().removed());
        TaskOutcome o = c.outcomes.get("pc2").receiveMessage();
        assertFalse(o.ok());
        assertEquals("scheduling request removed", o.error());
        assertEquals(0, c.diag().requests().size());
        c.scheduler.tell(new Scheduler.RemoveRequest(c.requests.get("pc2").schedId(), removed.getRef()));
        assertFalse(removed.receiveMessage().removed());
    }

    @Test
    void executingPoolUsesTheWorkersTable() throws Exception { // TestResUse / TestResOverride
        for (Map.Entry<Map<String, String>, Long> tc : Map.of(Map.<String, String>of(), 2048L,
                Map.of("AP_2K_MAX_MEMORY", "99999"), 99999L).entrySet()) {
            Cluster c = new Cluster(AssignerKind.UTILIZATION).worker("fred", decent(), false, tc.getKey(), TaskType.AP,
                    TaskType.GET);
            TaskRequest r = new TaskRequest(UUID.randomUUID(), new SectorRef(new SectorId(1000, 1),
                    SealProof.STACKED_DRG_2KIB_V1_1), TaskType.AP, 0, TaskType.NOOP, SelectorSpec.TASK_TYPE,
                    Map.of("name", "ap" + tc.getValue(), "block", "work"));
            TestProbe<TaskOutcome> probe = testKit.createTestProbe();
            c.controls.put("ap" + tc.getValue(), new ControlledExecutor.Control());
            c.scheduler.tell(new Scheduler.Schedule(r, probe.getRef()));
            c.controls.get("ap" + tc.getValue()).startedOn.get(5, TimeUnit.SECONDS);
            assertEquals(tc.getValue(), c.status("fred").executing().memUsedMax());
            c.controls.get("ap" + tc.getValue()).release.complete(null);
            assertTrue(probe.receiveMessage().ok());
            stopActors();
        }
    }

    @Test
    void commitOneSkipsPrepareAndFailuresReachTheCaller() throws Exception {
        Cluster c = new Cluster(AssignerKind.UTILIZATION).worker("fred", decent(), TaskType.C1, TaskType.GET);
        c.controls.put("c1", new ControlledExecutor.Control());
        c.controls.get("c1").failWork = "vanilla proof mismatch";
        c.sched("c1", "fred", 4, TaskType.C1, 0, Map.of("name", "c1", "block", "work"));
        c.taskStarted("c1");
        assertFalse(c.controls.get("c1").prepared, "ready work (C1/C2) runs without its prepare step");
        c.controls.get("c1").release.complete(null);
        TaskOutcome o = c.outcomes.get("c1").receiveMessage();
        assertFalse(o.ok());
        assertEquals("vanilla proof mismatch", o.error());
    }

    @Test
    void dealsThenLowerSectorNumbersGoFirst() throws Exception {
        // fred takes no PC1 yet, so three PC1 requests queue up; then PC1 is enabled and one
        // pass assigns them in queue order. A decent worker prepares two 32 GiB PC1 at a time.
        Cluster c = new Cluster(AssignerKind.UTILIZATION).worker("fred", decent(), TaskType.PC2);
        c.sched("cc4", "fred", 4, TaskType.PC1);
        c.sched("cc3", "fred", 3, TaskType.PC1);
        c.sched("deal9", "fred", 9, TaskType.PC1, TaskRequest.DEAL_PRIORITY, Map.of("name", "deal9"));
        assertEquals(List.of("deal9", "cc3", "cc4"), c.diag().requests().stream()
                .map(r -> r.sector().number() == 9 ? "deal9" : "cc" + r.sector().number()).toList());
        TestProbe<ResourceManager.WorkerStatus> p = testKit.createTestProbe();
        c.managers.get("fred").tell(new ResourceManager.SetTaskTypes(Set.of(TaskType.PC1), Set.of(), p.getRef()));
        p.receiveMessage();
        c.taskStarted("deal9");
        c.taskStarted("cc3");
        c.taskNotScheduled("cc4");
        c.taskDone("deal9");
        c.taskStarted("cc4");
        c.taskDone("cc3");
        c.taskDone("cc4");
    }

    @Test
    void workersReregisterWithARestartedSchedulerAndKeepTheirTasks() throws Exception {
        // The worker talks to "the scheduler" through a forwarder, as it does through the
        // cluster-singleton proxy; the first scheduler stops and a new, empty one takes over.
        java.util.concurrent.atomic.AtomicReference<ActorRef<Scheduler.Command>> target =
                new java.util.concurrent.atomic.AtomicReference<>();
        ActorRef<Scheduler.Command> proxy = testKit.spawn(org.apache.pekko.actor.typed.javadsl.Behaviors.receive(
                Scheduler.Command.class).onAnyMessage(m -> {
                    target.get().tell(m);
                    return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
                }).build());
        spawned.add(proxy);
        SchedulerSettings settings = new SchedulerSettings(Duration.ofMillis(10), AssignerKind.UTILIZATION, Parallelism.ALL);
        ActorRef<Scheduler.Command> first = testKit.spawn(Scheduler.create(settings));
        target.set(first);
        Map<String, ControlledExecutor.Control> controls = ControlledExecutor.newControls();
        WorkerInfo info = new WorkerInfo(WorkerId.random(), "fred", decent(), ResourceTable.defaults(), Set.of(TaskType.PC1), false);
        spawned.add(testKit.spawn(ResourceManager.create(info, proxy, new ControlledExecutor("fred", controls), BLOCKING,
                Parallelism.ALL, Duration.ofMillis(100))));

        TestProbe<TaskOutcome> t1 = testKit.createTestProbe();
        controls.put("t1", new ControlledExecutor.Control());
        first.tell(new Scheduler.Schedule(new TaskRequest(UUID.randomUUID(), new SectorRef(new SectorId(1000, 1), PROOF),
                TaskType.PC1, 0, TaskType.PC1, SelectorSpec.TASK_TYPE, Map.of("name", "t1")), t1.getRef()));
        assertEquals("fred", controls.get("t1").startedOn.get(5, TimeUnit.SECONDS));

        testKit.stop(first);
        ActorRef<Scheduler.Command> second = testKit.spawn(Scheduler.create(settings));
        spawned.add(second);
        target.set(second);
        TestProbe<TaskOutcome> t2 = testKit.createTestProbe();
        controls.put("t2", new ControlledExecutor.Control());
        second.tell(new Scheduler.Schedule(new TaskRequest(UUID.randomUUID(), new SectorRef(new SectorId(1000, 2), PROOF),
                TaskType.PC1, 0, TaskType.PC1, SelectorSpec.TASK_TYPE, Map.of("name", "t2")), t2.getRef()));
        assertEquals("fred", controls.get("t2").startedOn.get(5, TimeUnit.SECONDS), "the new scheduler found fred");

        controls.get("t1").release.complete(null);
        assertTrue(t1.receiveMessage().ok(), "the task started under the old scheduler still reports");
        controls.get("t2").release.complete(null);
        assertTrue(t2.receiveMessage().ok());
    }

    @Test
    void taskTypesCanBeToggledOnAWorker() throws Exception {
        Cluster c = new Cluster(AssignerKind.UTILIZATION).worker("fred", decent(), TaskType.PC1, TaskType.PC2);
        TestProbe<ResourceManager.WorkerStatus> p = testKit.createTestProbe();
        c.managers.get("fred").tell(new ResourceManager.SetTaskTypes(Set.of(), Set.of(TaskType.PC2, TaskType.GET), p.getRef()));
        assertEquals(Set.of(TaskType.PC1), p.receiveMessage().info().taskTypes(), "GET is not toggleable and was not there");
        c.sched("pc2", "fred", 1, TaskType.PC2);
        c.taskNotScheduled("pc2");
        c.managers.get("fred").tell(new ResourceManager.SetTaskTypes(Set.of(TaskType.PC2), Set.of(), p.getRef()));
        p.receiveMessage();
        c.taskStarted("pc2");
        c.taskDone("pc2");
    }
}
