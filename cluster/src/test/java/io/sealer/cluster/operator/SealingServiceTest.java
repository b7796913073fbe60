package io.sealer.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.rpc.LotusTypes;
import io.sealer.cluster.rpc.RpcException;
import io.sealer.cluster.rpc.SectorsRpcBackend;
import io.sealer.core.actors.ResourceManager;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.actors.SchedulerSettings;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.AssignerKind;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WaitReason;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's views and actions over a real Scheduler and ResourceManager ("fred", PC1 only,
 * whose PreCommit1 blocks until the test releases it): the workers, jobs, sched-diag and why
 * views, abort by call-id prefix, worker enable/disable, bad input with the valid choices named,
 * and the JSON-RPC methods answered from the same service. Messages are serialized.
 */
class SealingServiceTest {
    private static final long GIB = 1L << 30;
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseString("""
            pekko.actor.serialize-messages = on
            pekko.actor.allow-java-serialization = off
            """).withFallback(ConfigFactory.load()));
    private static final SealProof PROOF = SealProof.STACKED_DRG_2KIB_V1;

    /** Work blocks until released; cancel releases it with a failure, as a cancelled native call ends. */
    private static final class BlockingExecutor implements TaskExecutor {
        final CompletableFuture<Void> release = new CompletableFuture<>();
        final CompletableFuture<UUID> working = new CompletableFuture<>();
        volatile boolean cancelled;

        @Override
        public void prepare(TaskRequest request) {}

        @Override
        public Map<String, String> work(TaskRequest request, int threads) throws Exception {
            working.complete(request.schedId());
            release.get(30, TimeUnit.SECONDS);
            return Map.of();
        }

        @Override
        public boolean cancel(UUID schedId) {
            cancelled = true;
            release.completeExceptionally(new IllegalStateException("cancelled"));
            return true;
        }
    }

    private final BlockingExecutor executor = new BlockingExecutor();
    private ActorRef<Scheduler.Command> scheduler;
    private ActorRef<ResourceManager.Command> fred;
    private SealingService sealing;
    private WorkerId fredId;

    @BeforeEach
    void cluster() throws Exception {
        scheduler = KIT.spawn(Scheduler.create(new SchedulerSettings(Duration.ofMillis(10), AssignerKind.UTILIZATION,
                Parallelism.ALL)));
        fredId = WorkerId.random();
        WorkerInfo info = new WorkerInfo(fredId, "fred", new WorkerResources(64 * GIB, GIB, 0, 0, 8, List.of()),
                ResourceTable.defaults(), EnumSet.of(TaskType.PC1), false);
        fred = KIT.spawn(ResourceManager.create(info, scheduler, executor,
                KIT.system().dispatchers().lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher")),
                Parallelism.ALL));
        sealing = new SealingService(KIT.system(), scheduler, 1000, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (get(sealing.snapshot(false)).workers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stop() {
        executor.release.complete(null);
        KIT.stop(fred);
        KIT.stop(scheduler);
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static String failure(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(stage));
        Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
        assertTrue(cause instanceof IllegalArgumentException || cause instanceof RpcException, String.valueOf(cause));
        return cause.getMessage();
    }

    private TestProbe<TaskOutcome> sched(long sector, TaskType type) {
        TestProbe<TaskOutcome> probe = KIT.createTestProbe();
        scheduler.tell(new Scheduler.Schedule(TaskRequest.forCall("s-t01000-" + sector + "." + type.shortName() + ".1",
                new SectorRef(new SectorId(1000, sector), PROOF), type, 0, TaskType.NOOP, SelectorSpec.TASK_TYPE,
                Map.of()), probe.getRef()));
        return probe;
    }

    /** A PC1 of sector 1 running on fred, and a PC2 of sector 2 that no worker accepts, queued. */
    private UUID runningPc1AndQueuedPc2() throws Exception {
        TestProbe<TaskOutcome> pc1 = sched(1, TaskType.PC1);
        UUID running = executor.working.get(10, TimeUnit.SECONDS);
        sched(2, TaskType.PC2);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (get(sealing.snapshot(false)).queue().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        pc1.expectNoMessage(Duration.ofMillis(50));
        return running;
    }

    @Test
    void workersJobsSchedDiagAndWhyShowTheCluster() throws Exception {
        UUID pc1 = runningPc1AndQueuedPc2();

        String workers = WorkersView.render(get(sealing.workers()).workers(), false);
        assertTrue(workers.startsWith("Worker " + fredId + ", host fred\n\tTASK: PC1(1)\n\tCPU:  ["), workers);
        assertTrue(workers.contains("] 1/8 core(s) in use"), workers);

        SealingApi.Jobs jobs = get(sealing.jobs());
        String table = JobsView.render(jobs.jobs(), jobs.hostnames(), jobs.now(), false);
        assertTrue(table.lines().anyMatch(l -> l.matches(pc1.toString().substring(0, 8)
                + " +1 +" + fredId.value().substring(0, 8) + " +fred +PC1 +running +\\S+")), table);

        SchedDiag diag = get(sealing.schedDiag(true));
        assertEquals("seal/v0/precommit/2", diag.schedInfo().requests().get(0).taskType());
        String key = "1000-1-" + pc1;
        assertEquals(List.of(key), diag.waiting());
        assertEquals("seal/v0/precommit/1({\"CallId\":\"s-t01000-1.PC1.1\"})", diag.callToWork().get(key));
        assertEquals(WaitReason.TASK_TYPE_DISABLED, diag.why().get(0).tasks().get(0).workers().get(0).reason());

        String why = WhyView.render(get(sealing.why(2)));
        assertTrue(why.startsWith("Sector 2: 1 task waiting\nPC2 waiting "), why);
        assertTrue(why.contains(", place 1 of 1 in the queue"), why);
        assertTrue(why.contains("\tworker " + fredId.value().substring(0, 8) + " (fred): task type PC2 not enabled\n"),
                why);
        assertTrue(why.contains("no worker could ever run it"), why);
        assertEquals("Sector 1: no task waiting\n", WhyView.render(get(sealing.why(1))));
    }

    @Test
    void abortByPrefixCancelsTheRunningCallAndFreesTheWorker() throws Exception {
        UUID pc1 = runningPc1AndQueuedPc2();
        assertEquals("'zz' is not the start of a call id (expected hex digits such as 1a2b3c4d)",
                failure(sealing.abortByPrefix("zz")));
        SealingApi.Aborted a = get(sealing.abortByPrefix(pc1.toString().substring(0, 8)));
        assertTrue(a.aborted(), a.detail());
        assertEquals("aborting job " + pc1 + ", task PC1, sector 1, running on host fred", a.line());
        assertTrue(executor.cancelled);
        String workers = WorkersView.render(get(sealing.workers()).workers(), false);
        assertFalse(workers.contains("TASK:"), workers);
        assertTrue(workers.contains("] 0/8 core(s) in use"), workers);
        assertTrue(failure(sealing.abortByPrefix(pc1.toString().substring(0, 8))).startsWith(
                "no job with call id starting with"));
    }

    @Test
    void aQueuedRequestIsRemovedBySchedId() throws Exception {
        runningPc1AndQueuedPc2();
        UUID queued = get(sealing.snapshot(false)).queue().get(0).request().schedId();
        assertTrue(get(sealing.removeRequest(queued)).aborted());
        assertTrue(failure(sealing.removeRequest(queued)).startsWith("no queued request " + queued));
    }

    @Test
    void disablingAWorkerNamesItAndWhySaysSo() throws Exception {
        assertEquals("no worker 'barney'; the workers are: " + fredId + " (fred)",
                failure(sealing.setEnabled("barney", false)));
        SealingApi.WorkerEnabled off = get(sealing.setEnabled("fred", false));
        assertEquals(UUID.fromString(fredId.value()), off.worker());
        assertFalse(off.enabled());
        sched(3, TaskType.PC1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (get(sealing.snapshot(false)).queue().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(WorkersView.render(get(sealing.workers()).workers(), false).contains("host fred (disabled)"));
        String why = WhyView.render(get(sealing.why(3)));
        assertTrue(why.contains("(fred): worker disabled\n"), why);
        assertFalse(why.contains("no worker could ever run it"), "enabling the worker would run it: " + why);
        get(sealing.setEnabled(fredId.value().substring(0, 6), true));
        assertTrue(executor.working.get(10, TimeUnit.SECONDS) != null, "enabled again, fred takes the PC1");
    }

    @Test
    void theJsonRpcMethodsAnswerFromTheSameViews() throws Exception {
        UUID pc1 = runningPc1AndQueuedPc2();
        SectorsRpcBackend rpc = new SectorsRpcBackend(null, new ApiTokens(ApiSecret.random()), "sealer test", 30)
                .withSealing(sealing, PROOF);
        Map<UUID, LotusTypes.WorkerStats> stats = get(rpc.workerStats());
        LotusTypes.WorkerStats fredStats = stats.get(UUID.fromString(fredId.value()));
        assertEquals("fred", fredStats.info().hostname());
        assertEquals(Map.of(PROOF.id() + ":seal/v0/precommit/1", 1), fredStats.taskCounts());
        Map<UUID, List<LotusTypes.WorkerJob>> jobs = get(rpc.workerJobs());
        LotusTypes.WorkerJob job = jobs.get(UUID.fromString(fredId.value())).get(0);
        assertEquals(pc1, job.id().id());
        assertEquals(0, job.runWait());
        assertTrue(job.start().isBefore(Instant.now().plusSeconds(1)));
        assertEquals(1, get(rpc.sealingSchedDiag(false)).schedInfo().requests().size());
        assertEquals(WaitReason.TASK_TYPE_DISABLED,
                get(rpc.sectorWhy(2)).tasks().get(0).workers().get(0).reason());
        LotusTypes.CallId unknown = new LotusTypes.CallId(new LotusTypes.SectorId(1000, 1), UUID.randomUUID());
        assertEquals("call " + unknown.id() + ": no queued, assigned or running task has this call id",
                failure(rpc.sealingAbort(unknown)));
        get(rpc.sealingAbort(new LotusTypes.CallId(new LotusTypes.SectorId(1000, 1), pc1)));
        assertTrue(executor.cancelled);
    }
}
