package io.sealer.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The worker side of scheduling (docs/scheduling.md, "Windows"): preparing, executing, MaxConcurrent, ready work. */
class WorkerPoolsTest {
    private static final long GIB = 1L << 30;
    private static final WorkerResources DECENT = new WorkerResources(128 * GIB, GIB, 200 * GIB, GIB, 32, List.of());

    static WorkerPools pools(Map<String, String> env) {
        return new WorkerPools(DECENT, ResourceTable.fromEnv(env, w -> {}), false, Parallelism.DEFAULT);
    }

    static TaskRequest task(TaskType type, long sector, TaskType prep) {
        return TaskRequest.of(new SectorRef(new SectorId(1000, sector), SealProof.STACKED_DRG_32GIB_V1_1), type, 0)
                .withPrepType(prep);
    }

    @Test
    void startsWithTwoWindowsRequestedAndRequestsOneWhenAWindowEmpties() {
        WorkerPools p = pools(Map.of());
        assertEquals(2, p.start().requestWindows());
        WorkerPools.Effects e = p.windowAssigned(UUID.randomUUID(), List.of(task(TaskType.PC1, 1, TaskType.GET)));
        assertEquals(1, e.startPrepare().size());
        assertEquals(1, e.requestWindows(), "the emptied window is replaced");
        assertEquals(2, p.windowsRequested());
    }

    @Test
    void maxConcurrentHoldsExtraTasksInPrepared() {
        WorkerPools p = pools(Map.of("PC1_32G_MAX_CONCURRENT", "1"));
        p.start();
        TaskRequest a = task(TaskType.PC1, 1, TaskType.GET);
        TaskRequest b = task(TaskType.PC1, 2, TaskType.GET);
        WorkerPools.Effects e = p.windowAssigned(UUID.randomUUID(), List.of(a, b));
        assertEquals(List.of(a, b), e.startPrepare(), "GET's limit (none) applies while preparing");
        assertEquals(List.of(a), p.prepared(a.schedId()).startWork());
        assertEquals(List.of(), p.prepared(b.schedId()).startWork());
        assertEquals(WorkerPools.Stage.PREPARED, p.stage(b.schedId()));
        assertEquals(List.of(b), p.finished(a.schedId()).startWork());
        assertEquals(WorkerPools.Stage.RUNNING, p.stage(b.schedId()));
    }

    @Test
    void theFetchLimitAppliesWhilePreparing() { // TestPledgeMaxConcurrentGet's rule
        WorkerPools p = pools(Map.of("GET_32G_MAX_CONCURRENT", "1"));
        p.start();
        TaskRequest a = task(TaskType.PC1, 1, TaskType.GET);
        TaskRequest b = task(TaskType.PC1, 2, TaskType.GET);
        assertEquals(List.of(a), p.windowAssigned(UUID.randomUUID(), List.of(a, b)).startPrepare());
        WorkerPools.Effects e = p.prepared(a.schedId());
        assertEquals(List.of(a), e.startWork());
        assertEquals(List.of(b), e.startPrepare(), "a's fetch slot passed to b once a moved to executing");
    }

    @Test
    void readyCommitTasksSkipPreparingUnlessAPreparedTaskWaits() {
        WorkerPools p = pools(Map.of());
        p.start();
        TaskRequest c2 = task(TaskType.C2, 3, TaskType.NOOP);
        WorkerPools.Effects e = p.windowAssigned(UUID.randomUUID(), List.of(c2));
        assertEquals(List.of(c2), e.startWork());
        assertEquals(List.of(), e.startPrepare());
        assertEquals(29, p.activeSnapshot().cpuUse(), "C2 32 GiB without GPU: 92 % of 32 threads");

        // A PC2 prepared while C2 runs waits for threads; meanwhile C1 may not jump ahead.
        TaskRequest pc2 = task(TaskType.PC2, 4, TaskType.GET);
        p.windowAssigned(UUID.randomUUID(), List.of(pc2));
        assertEquals(List.of(), p.prepared(pc2.schedId()).startWork());
        TaskRequest c1 = task(TaskType.C1, 5, TaskType.GET);
        WorkerPools.Effects c1Effects = p.windowAssigned(UUID.randomUUID(), List.of(c1));
        assertEquals(List.of(), c1Effects.startWork(), "no ready work while a prepared task waits");
        assertEquals(List.of(c1), c1Effects.startPrepare(), "C1 prepares through the normal path instead");
        assertEquals(List.of(pc2), p.finished(c2.schedId()).startWork());
    }

    @Test
    void disableDropsUnstartedTasksAndStopsRequesting() {
        WorkerPools p = pools(Map.of());
        p.start();
        TaskRequest a = task(TaskType.PC1, 1, TaskType.GET);
        TaskRequest b = task(TaskType.PC1, 2, TaskType.GET);
        TaskRequest c = task(TaskType.PC1, 3, TaskType.GET);
        p.windowAssigned(UUID.randomUUID(), List.of(a, b, c));
        assertEquals(List.of(c), p.disable(), "a and b are preparing; c had not started");
        assertEquals(0, p.prepared(a.schedId()).requestWindows(), "a disabled worker requests nothing");
        assertEquals(2, p.start().requestWindows());
    }

    @Test
    void loadCountsAssignedWindows() {
        WorkerPools p = pools(Map.of());
        p.start();
        p.windowAssigned(UUID.randomUUID(), List.of(task(TaskType.PC1, 1, TaskType.GET), task(TaskType.PC1, 2, TaskType.GET),
                task(TaskType.PC1, 3, TaskType.GET)));
        // Executing: empty, floored by the OS's 1 GiB; preparing: two PC1 (112 GiB of 128); one
        // PC1 (56 GiB) waits in its window. Each term is RAM-bound; the OS floor counts once per term.
        assertEquals(1.0 / 128 + 112.0 / 128 + 56.0 / 128, p.load().utilization(), 1e-9);
        assertEquals(3, p.load().tasks());
        assertEquals(Map.of("PC1", 3), p.load().tasksByType());
    }
}
