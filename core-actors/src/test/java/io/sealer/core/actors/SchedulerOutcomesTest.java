package io.sealer.core.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the Scheduler and the ResourceManager tell each other and the caller beyond the
 * TestSched cases: sector affinity fed by the workers' reports, unschedulable work answered at
 * once, failure kinds carried to the outcome, the stop message, and the task logs.
 */
@ExtendWith(LogCapturingExtension.class)
class SchedulerOutcomesTest {
    private static final long GIB = 1L << 30;
    private static final SealProof PROOF = SealProof.STACKED_DRG_32GIB_V1;
    static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
            pekko.actor.serialize-messages = on
            pekko.actor.allow-java-serialization = off
            """).withFallback(ConfigFactory.load()));
    private static final Executor BLOCKING = testKit.system().dispatchers()
            .lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher"));

    private final List<ActorRef<?>> spawned = new ArrayList<>();
    private final Map<String, ControlledExecutor.Control> controls = ControlledExecutor.newControls();
    private final Map<String, ActorRef<ResourceManager.Command>> managers = new HashMap<>();
    private final ActorRef<Scheduler.Command> scheduler = spawn(Scheduler.create(
            new SchedulerSettings(Duration.ofMillis(10), AssignerKind.UTILIZATION, Parallelism.ALL)));

    @AfterEach
    void stopActors() {
        spawned.forEach(testKit::stop);
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private <T> ActorRef<T> spawn(org.apache.pekko.actor.typed.Behavior<T> b) {
        ActorRef<T> ref = testKit.spawn(b);
        spawned.add(ref);
        return ref;
    }

    private static WorkerResources machine(long ramGib) {
        return new WorkerResources(ramGib * GIB, GIB, 0, 0, 32, List.of());
    }

    private void worker(String name, WorkerResources res, Set<SectorId> held, TaskType... types) {
        WorkerInfo info = new WorkerInfo(WorkerId.random(), name, res, ResourceTable.defaults(),
                EnumSet.of(types[0], types), false);
        managers.put(name, spawn(ResourceManager.create(info, scheduler, new ControlledExecutor(name, controls, held),
                BLOCKING, Parallelism.ALL)));
        awaitDiag(d -> d.openWindows().stream().filter(w -> w.hostname().equals(name)).count() == 2);
    }

    private void awaitDiag(java.util.function.Predicate<Scheduler.Diagnostics> ready) {
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            Scheduler.Diagnostics d = diag();
            assertTrue(ready.test(d), d.toString());
            return null;
        });
    }

    private Scheduler.Diagnostics diag() {
        TestProbe<Scheduler.Diagnostics> p = testKit.createTestProbe();
        scheduler.tell(new Scheduler.GetDiagnostics(p.getRef()));
        return p.receiveMessage();
    }

    /** Schedules task {@code name}; its step named by {@code block} ("prepare" or "work") waits for release. */
    private TestProbe<TaskOutcome> sched(String name, long sector, TaskType type, SelectorSpec selector, String block) {
        return sched(name, new SectorRef(new SectorId(1000, sector), PROOF), type, selector, block);
    }

    private TestProbe<TaskOutcome> sched(String name, SectorRef sector, TaskType type, SelectorSpec selector,
            String block) {
        controls.computeIfAbsent(name, k -> new ControlledExecutor.Control());
        TestProbe<TaskOutcome> probe = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Schedule(new TaskRequest(UUID.randomUUID(), sector, type, 0, TaskType.GET,
                selector, Map.of("name", name, "block", block)), probe.getRef()));
        return probe;
    }

    private String startedOn(String name) throws Exception {
        return controls.get(name).startedOn.get(5, TimeUnit.SECONDS);
    }

    private TaskOutcome finish(String name, TestProbe<TaskOutcome> probe) {
        controls.get(name).release.complete(null);
        return probe.expectMessageClass(TaskOutcome.class, Duration.ofSeconds(5));
    }

    @Test
    void preCommit2GoesToTheWorkerHoldingThePreCommit1Output() throws Exception {
        worker("alpha", machine(128), Set.of(), TaskType.AP, TaskType.PC1, TaskType.PC2);
        worker("beta", machine(128), Set.of(), TaskType.PC2);
        // A running AddPiece makes alpha the more utilized worker: without affinity, PC2 would go to beta.
        TestProbe<TaskOutcome> ap = sched("ap", 1, TaskType.AP, SelectorSpec.TASK_TYPE, "work");
        assertEquals("alpha", startedOn("ap"));
        awaitDiag(d -> d.workers().stream().anyMatch(w -> w.hostname().equals("alpha") && w.utilization() > 0));

        TestProbe<TaskOutcome> pc1 = sched("pc1", 8, TaskType.PC1, SelectorSpec.SECTOR_AFFINITY, "work");
        assertEquals("alpha", startedOn("pc1"));
        assertTrue(finish("pc1", pc1).ok());

        TestProbe<TaskOutcome> pc2 = sched("pc2", 8, TaskType.PC2, SelectorSpec.SECTOR_AFFINITY, "prepare");
        assertEquals("alpha", startedOn("pc2"));
        finish("ap", ap);
        assertEquals("alpha", finish("pc2", pc2).worker());
    }

    @Test
    void explainNamesTheWorkerThatHoldsTheSector() throws Exception {
        SectorId held = new SectorId(1000, 20);
        worker("alpha", machine(128), Set.of(), TaskType.PC2);
        LoggingTestKit.info("worker beta holds 1 sector(s)").expect(testKit.system(),
                () -> {
                    worker("beta", machine(128), Set.of(held), TaskType.PC2);
                    return null;
                });
        // Each PC2 takes all of a worker's threads: one prepares and one waits in each window. Fill
        // both workers (a worker with no open window excludes no one), then queue a PC2 of sector 20.
        for (int i = 0; i < 8; i++) {
            sched("fill-" + i, i, TaskType.PC2, SelectorSpec.TASK_TYPE, "prepare");
        }
        awaitDiag(d -> !d.requests().isEmpty() && d.openWindows().isEmpty());
        sched("pc2", 20, TaskType.PC2, SelectorSpec.SECTOR_AFFINITY, "prepare");
        awaitDiag(d -> d.requests().stream().anyMatch(r -> r.sector().equals(held)));
        UUID queued = diag().requests().stream().filter(r -> r.sector().equals(held)).findFirst().orElseThrow()
                .schedId();
        TestProbe<Scheduler.Explanation> why = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Explain(queued, why.getRef()));
        Scheduler.Explanation e = why.receiveMessage();
        assertEquals("queued", e.state());
        Map<String, String> byHost = new HashMap<>();
        e.reasons().forEach((worker, reason) -> byHost.put(worker.substring(0, worker.indexOf(' ')), reason));
        assertEquals("another worker holds this sector (beta)", byHost.get("alpha"));
        assertTrue(byHost.get("beta").startsWith("acceptable; no open window"), byHost.get("beta"));
        controls.values().forEach(c -> c.release.complete(null));
    }

    @Test
    void workNoWorkerCouldEverRunIsAnsweredAtOnce() {
        worker("host", machine(23), Set.of(), TaskType.PC1);
        TestProbe<TaskOutcome> pc1 = sched("pc1", 8, TaskType.PC1, SelectorSpec.TASK_TYPE, "prepare");
        TaskOutcome o = pc1.expectMessageClass(TaskOutcome.class, Duration.ofSeconds(2));
        assertTrue(o.unschedulable());
        assertEquals(FailureKind.PERMANENT, o.failureKind());
        assertEquals("PC1 of a 32GiB sector needs 56.0 GiB of RAM; the largest worker (host) has 23.0 GiB", o.error());
        assertEquals(0, diag().requests().size());

        // No worker accepts PC2, but one could: it waits, and Explain says why.
        TestProbe<TaskOutcome> pc2 = sched("pc2", new SectorRef(new SectorId(1000, 9), SealProof.STACKED_DRG_2KIB_V1),
                TaskType.PC2, SelectorSpec.TASK_TYPE, "prepare");
        pc2.expectNoMessage(Duration.ofMillis(200));
        TestProbe<Scheduler.Explanation> why = testKit.createTestProbe();
        scheduler.tell(new Scheduler.Explain(diag().requests().get(0).schedId(), why.getRef()));
        assertEquals(List.of("does not accept PC2"), List.copyOf(why.receiveMessage().reasons().values()));
    }

    @Test
    void queuedWorkIsAnsweredWhenTheOnlyWorkerThatCouldRunItLeaves() {
        worker("small", machine(23), Set.of(), TaskType.PC1);
        worker("big", machine(512), Set.of(), TaskType.AP);
        TestProbe<TaskOutcome> pc1 = sched("pc1", 8, TaskType.PC1, SelectorSpec.TASK_TYPE, "prepare");
        pc1.expectNoMessage(Duration.ofMillis(200));
        testKit.stop(managers.get("big"));
        TaskOutcome o = pc1.expectMessageClass(TaskOutcome.class, Duration.ofSeconds(5));
        assertTrue(o.unschedulable(), o.toString());
        assertEquals("PC1 of a 32GiB sector needs 56.0 GiB of RAM; the largest worker (small) has 23.0 GiB", o.error());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "work, BAD_OUTPUT, BAD_OUTPUT, comm_r mismatch, comm_r mismatch",
        "work, , TEMPORARY, disk hiccup, disk hiccup",
        "prepare, MISSING_INPUT, MISSING_INPUT, no sealed file, prepare failed: no sealed file",
        "prepare, PERMANENT, PERMANENT, bad ticket, prepare failed: bad ticket",
    })
    void theExecutorsFailureKindReachesTheCaller(String step, FailureKind thrown, FailureKind expected, String message,
            String error) {
        worker("fred", machine(128), Set.of(), TaskType.PC1);
        ControlledExecutor.Control c = controls.computeIfAbsent("t", k -> new ControlledExecutor.Control());
        c.failKind = thrown;
        if (step.equals("work")) {
            c.failWork = message;
        } else {
            c.failPrepare = message;
        }
        TaskOutcome o = finish("t", sched("t", 8, TaskType.PC1, SelectorSpec.TASK_TYPE, "prepare"));
        assertEquals(TaskOutcome.Status.FAILED, o.status());
        assertEquals(expected, o.failureKind());
        assertEquals(error, o.error());
    }

    @Test
    void stopEndsTheScheduler() {
        TestProbe<Object> probe = testKit.createTestProbe();
        scheduler.tell(Scheduler.Stop.INSTANCE);
        probe.expectTerminated(scheduler, Duration.ofSeconds(5));
    }

    @Test
    void tasksLogTheirStartAndEndAtInfo() throws Exception {
        worker("fred", machine(128), Set.of(), TaskType.PC1);
        TestProbe<TaskOutcome> pc1 = LoggingTestKit.info("task PC1 s-t01000-8 started on fred (1 thread)")
                .expect(testKit.system(), () -> sched("pc1", 8, TaskType.PC1, SelectorSpec.TASK_TYPE, "work"));
        startedOn("pc1");
        LoggingTestKit.info("task PC1 s-t01000-8 done on fred in ").expect(testKit.system(), () -> finish("pc1", pc1));
    }
}
