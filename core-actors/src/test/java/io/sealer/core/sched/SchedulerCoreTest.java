package io.sealer.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scheduling pass alone (docs/scheduling.md, "The scheduling pass"): assigners, selectors, windows, requeueing. */
class SchedulerCoreTest {
    private static final long GIB = 1L << 30;
    private static final SealProof P32 = SealProof.STACKED_DRG_32GIB_V1_1;

    static WorkerInfo worker(String name, TaskType... types) {
        return new WorkerInfo(new WorkerId(name), name, new WorkerResources(128 * GIB, GIB, 200 * GIB, GIB, 32, List.of()),
                ResourceTable.defaults(), Set.of(types), false);
    }

    static TaskRequest task(TaskType type, long sector) {
        return TaskRequest.of(new SectorRef(new SectorId(1000, sector), P32), type, 0);
    }

    static Map<String, Integer> perWorker(List<SchedulerCore.WindowAssignment<String>> out) {
        Map<String, Integer> m = new HashMap<>();
        for (SchedulerCore.WindowAssignment<String> a : out) {
            m.merge(a.worker().value(), a.tasks().size(), Integer::sum);
        }
        return m;
    }

    private static SchedulerCore<String> core(AssignerKind kind, String... workers) {
        SchedulerCore<String> c = new SchedulerCore<>(Parallelism.DEFAULT, kind, new Random(1));
        for (String w : workers) {
            c.addWorker(worker(w, TaskType.AP, TaskType.PC1));
            c.openWindow(new WorkerId(w), UUID.randomUUID());
            c.openWindow(new WorkerId(w), UUID.randomUUID());
        }
        return c;
    }

    @Test
    void utilizationFillsTheLeastLoadedWorkerWindowFirst() {
        SchedulerCore<String> c = core(AssignerKind.UTILIZATION, "a", "b", "c");
        for (int i = 0; i < 4; i++) {
            c.submit(task(TaskType.AP, i), "", 0);
        }
        Map<String, Integer> got = perWorker(c.trySchedule());
        // Each AP raises its worker's utilization, so the next goes to a less loaded worker.
        assertEquals(4, got.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(got.values().stream().allMatch(n -> n <= 2), got.toString());
        assertEquals(3, got.size(), got.toString());
    }

    @Test
    void spreadPutsOnePerWorkerBeforeDoubling() {
        SchedulerCore<String> c = core(AssignerKind.SPREAD, "a", "b", "c");
        for (int i = 0; i < 6; i++) {
            c.submit(task(TaskType.AP, i), "", 0);
        }
        assertEquals(Map.of("a", 2, "b", 2, "c", 2), perWorker(c.trySchedule()));
    }

    @Test
    void aPassNeverOverfillsAWindowAndLeavesTheRestQueued() {
        SchedulerCore<String> c = core(AssignerKind.UTILIZATION, "a");
        for (int i = 0; i < 10; i++) {
            c.submit(task(TaskType.PC1, i), "", 0);
        }
        List<SchedulerCore.WindowAssignment<String>> out = c.trySchedule();
        assertEquals(2, out.size(), "both windows used");
        assertEquals(List.of(2, 2), out.stream().map(a -> a.tasks().size()).toList(), "two 32 GiB PC1 per window");
        assertEquals(6, c.queue().size());
        assertEquals(0, c.openWindows().size());
        assertEquals(List.of(0L, 1L, 2L, 3L), out.stream().flatMap(a -> a.tasks().stream())
                .map(q -> q.request().sector().id().number()).toList(), "lowest sectors first");
        assertEquals(4, c.worker(new WorkerId("a")).assigned().size());
    }

    @Test
    void disableRequeuesAssignedTasksAndStartedOnesAreForgotten() {
        SchedulerCore<String> c = core(AssignerKind.UTILIZATION, "a");
        for (int i = 0; i < 4; i++) {
            c.submit(task(TaskType.PC1, i), "", 0);
        }
        List<SchedulerCore.WindowAssignment<String>> out = c.trySchedule();
        UUID first = out.get(0).tasks().get(0).request().schedId();
        c.started(new WorkerId("a"), List.of(first));
        assertEquals(3, c.disableWorker(new WorkerId("a")).size());
        assertEquals(3, c.queue().size());
        assertFalse(c.queue().contains(first));
        assertFalse(c.openWindow(new WorkerId("a"), UUID.randomUUID()), "a disabled worker opens no window");
        c.enableWorker(new WorkerId("a"));
        assertTrue(c.openWindow(new WorkerId("a"), UUID.randomUUID()));
    }

    @Test
    void preferredWorkersExcludeTheOthers() {
        // b holds sector 5: with SECTOR_AFFINITY only b may take it, even when a is idle.
        SchedulerCore<String> c = new SchedulerCore<>(Parallelism.DEFAULT, AssignerKind.UTILIZATION, new Random(1),
                (w, s) -> w.value().equals("b") && s.number() == 5);
        for (String w : List.of("a", "b")) {
            c.addWorker(worker(w, TaskType.PC2));
            c.openWindow(new WorkerId(w), UUID.randomUUID());
        }
        c.updateLoad(new WorkerId("b"), new WorkerLoad(0.9, 3, Map.of()));
        c.submit(task(TaskType.PC2, 5).withSelector(SelectorSpec.SECTOR_AFFINITY), "", 0);
        c.submit(task(TaskType.PC2, 6).withSelector(SelectorSpec.SECTOR_AFFINITY), "", 0);
        Map<String, Integer> got = perWorker(c.trySchedule());
        assertEquals(Map.of("a", 1, "b", 1), got);
        assertEquals(List.of(), c.queue().toList());
    }

    @Test
    void aSectorAffinityTaskWaitsForItsHolderWhenOnlyOtherWorkersHaveWindows() {
        // b holds sector 5 but has no open window: a must not take the task (it lacks the files).
        SchedulerCore<String> c = new SchedulerCore<>(Parallelism.DEFAULT, AssignerKind.UTILIZATION, new Random(1),
                (w, s) -> w.value().equals("b") && s.number() == 5);
        c.addWorker(worker("a", TaskType.PC2));
        c.addWorker(worker("b", TaskType.PC2));
        c.openWindow(new WorkerId("a"), UUID.randomUUID());
        c.submit(task(TaskType.PC2, 5).withSelector(SelectorSpec.SECTOR_AFFINITY), "", 0);
        assertEquals(List.of(), c.trySchedule());
        assertEquals(1, c.queue().size());

        c.openWindow(new WorkerId("b"), UUID.randomUUID());
        assertEquals(Map.of("b", 1), perWorker(c.trySchedule()));

        // A holder that is disabled (or left) no longer keeps the sector's tasks from the others.
        c.submit(task(TaskType.PC2, 5).withSelector(SelectorSpec.SECTOR_AFFINITY), "", 0);
        c.disableWorker(new WorkerId("b"));
        assertEquals(Map.of("a", 1), perWorker(c.trySchedule()));
    }

    @Test
    void explainSaysWhyPerWorker() {
        SchedulerCore<String> c = new SchedulerCore<>(Parallelism.DEFAULT, AssignerKind.UTILIZATION, new Random(1));
        c.addWorker(worker("ap-only", TaskType.AP));
        c.addWorker(new WorkerInfo(new WorkerId("small"), "small", new WorkerResources(32 * GIB, GIB, 0, 0, 16, List.of()),
                ResourceTable.defaults(), Set.of(TaskType.PC1), false));
        c.addWorker(worker("off", TaskType.PC1));
        c.disableWorker(new WorkerId("off"));
        TaskRequest pc1 = task(TaskType.PC1, 1);
        Map<String, String> why = c.explain(pc1);
        assertEquals(List.of("does not accept PC1",
                "can never fit: not enough physical memory: need 56.01 GiB, free 32 GiB of 32 GiB",
                "worker disabled"), new ArrayList<>(why.values()));
        assertTrue(c.runnableAnywhere(pc1), "a disabled worker may come back");
        c.removeWorker(new WorkerId("off"));
        assertFalse(c.runnableAnywhere(pc1));
    }

    @Test
    void unknownAssignerIsAClearError() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AssignerKind.parse("round-robin"));
        assertTrue(e.getMessage().startsWith("unknown assigner 'round-robin'"));
        assertEquals(AssignerKind.SPREAD, AssignerKind.parse("spread"));
        assertEquals(AssignerKind.UTILIZATION, AssignerKind.parse(""));
    }
}
