package io.sealer.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.SealTask;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.WaitExplanation.WorkerVerdict;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The typed verdicts of "why is this task waiting", one situation per row (storage reasons
 * aside): what a 32 GiB task needs comes from a table with round figures set by env overrides
 * (PC1 40 GiB RAM / 50 GiB RAM+swap / 1 thread; PC2 all threads; C2 one GPU), the worker's
 * figures from its machine and what its running tasks hold.
 */
class ExplanationsTest {
    private static final long GIB = 1L << 30;
    private static final SealProof PROOF = SealProof.STACKED_DRG_32GIB_V1;
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("PC1_32G_MIN_MEMORY", Long.toString(40 * GIB)),
            Map.entry("PC1_32G_MAX_MEMORY", Long.toString(50 * GIB)),
            Map.entry("PC1_32G_BASE_MIN_MEMORY", "0"),
            Map.entry("PC1_32G_MAX_PARALLELISM", "1"),
            Map.entry("PC2_32G_MIN_MEMORY", Long.toString(10 * GIB)),
            Map.entry("PC2_32G_MAX_MEMORY", Long.toString(10 * GIB)),
            Map.entry("PC2_32G_BASE_MIN_MEMORY", "0"),
            Map.entry("PC2_32G_GPU_UTILIZATION", "0"),
            Map.entry("PC2_32G_MAX_PARALLELISM", "-1"),
            Map.entry("C2_32G_MIN_MEMORY", Long.toString(10 * GIB)),
            Map.entry("C2_32G_MAX_MEMORY", Long.toString(10 * GIB)),
            Map.entry("C2_32G_BASE_MIN_MEMORY", "0"),
            Map.entry("C2_32G_GPU_UTILIZATION", "1"),
            Map.entry("C2_32G_MAX_PARALLELISM", "1"),
            Map.entry("C2_32G_MAX_PARALLELISM_GPU", "1"));
    private static final ResourceTable TABLE = table(Map.of());
    /** No worker holds any sector's files; nothing is refused for storage. */
    private static final StorageRule NO_FILES = StorageRule.affinity((w, sector) -> false);

    private static ResourceTable table(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(ENV);
        env.putAll(extra);
        return ResourceTable.fromEnv(env, w -> {});
    }

    private static WorkerResources machine(long ramGib, long swapGib, List<String> gpus) {
        return new WorkerResources(ramGib * GIB, GIB, swapGib * GIB, 0, 32, gpus);
    }

    private static WorkerInfo info(String host, WorkerResources res, ResourceTable table, TaskType... types) {
        return new WorkerInfo(new WorkerId(UUID.nameUUIDFromBytes(host.getBytes()).toString()), host, res, table,
                EnumSet.of(types[0], types), false);
    }

    private static TaskRequest task(TaskType type, SelectorSpec selector) {
        return new TaskRequest(UUID.randomUUID(), new SectorRef(new SectorId(1000, 5), PROOF), type, 0, TaskType.NOOP,
                selector, Map.of());
    }

    /** What {@code running} tasks hold on {@code info}'s machine. */
    private static ActiveResources running(WorkerInfo info, TaskType... running) {
        ActiveResources a = new ActiveResources();
        for (TaskType t : running) {
            a.add(new SealTask(t, PROOF), UUID.randomUUID(), info.table().spec(t, PROOF), info.resources(),
                    Parallelism.ALL);
        }
        return a;
    }

    private static Explanations.Candidate ready(WorkerInfo info, TaskType... runningTasks) {
        return new Explanations.Candidate(info, true, running(info, runningTasks), 1, 0);
    }

    private static final WorkerInfo BIG = info("big", machine(128, 0, List.of()), TABLE, TaskType.PC1, TaskType.PC2);
    private static final WorkerInfo GPU = info("gpu", machine(256, 0, List.of("A100")), TABLE, TaskType.C2);
    private static final WorkerInfo LIMITED = info("limited", machine(256, 0, List.of()),
            table(Map.of("PC1_32G_MAX_CONCURRENT", "1")), TaskType.PC1);

    static Stream<Arguments> situations() {
        return Stream.of(
                Arguments.of("worker disabled", new Explanations.Candidate(BIG, false, null, 1, 0), TaskType.PC1,
                        WaitReason.WORKER_DISABLED, null, null, null),
                Arguments.of("task type not enabled", ready(info("ap-only", machine(128, 0, List.of()), TABLE,
                        TaskType.AP)), TaskType.PC1, WaitReason.TASK_TYPE_DISABLED, null, null, null),
                Arguments.of("not enough RAM on the whole machine", ready(info("small", machine(32, 64, List.of()),
                        TABLE, TaskType.PC1)), TaskType.PC1, WaitReason.RAM, 40 * GIB, 32 * GIB, 32 * GIB),
                Arguments.of("not enough RAM now: three PC1 hold 120 GiB", ready(BIG, TaskType.PC1, TaskType.PC1,
                        TaskType.PC1), TaskType.PC1, WaitReason.RAM, 40 * GIB, 8 * GIB, 128 * GIB),
                Arguments.of("not enough memory+swap now: two PC1 may peak at 100 GiB", ready(BIG, TaskType.PC1,
                        TaskType.PC1), TaskType.PC1, WaitReason.MEMORY_AND_SWAP, 50 * GIB, 28 * GIB, 128 * GIB),
                Arguments.of("threads: PC2 takes all 32, a PC1 holds one", ready(BIG, TaskType.PC1), TaskType.PC2,
                        WaitReason.THREADS, 32L, 31L, 32L),
                Arguments.of("GPU: the one GPU runs a C2", ready(GPU, TaskType.C2), TaskType.C2, WaitReason.GPU, 1L, 0L,
                        1L),
                Arguments.of("MaxConcurrent reached", ready(LIMITED, TaskType.PC1), TaskType.PC1,
                        WaitReason.MAX_CONCURRENT, 1L, 0L, 1L),
                Arguments.of("windows full", new Explanations.Candidate(BIG, true, running(BIG), 0, 2), TaskType.PC1,
                        WaitReason.NO_OPEN_WINDOW, null, null, null),
                Arguments.of("fits: behind other tasks", ready(BIG), TaskType.PC1, WaitReason.BEHIND_OTHER_TASKS, null,
                        null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void eachSituationGetsItsReasonAndFigures(String name, Explanations.Candidate worker, TaskType type,
            WaitReason reason, Number need, Number free, Number total) {
        List<WorkerVerdict> v = Explanations.verdicts(task(type, SelectorSpec.TASK_TYPE), List.of(worker), NO_FILES,
                Parallelism.ALL);
        assertEquals(1, v.size());
        assertEquals(reason, v.get(0).reason(), name);
        assertEquals(worker.info().hostname(), v.get(0).hostname());
        assertEquals(need, v.get(0).need(), "need");
        assertEquals(free, v.get(0).free(), "free");
        assertEquals(total, v.get(0).total(), "total");
    }

    @Test
    void theSectorsFilesElsewhereKeepAnAffinityTaskOffOtherWorkers() {
        WorkerInfo holder = info("holder", machine(128, 0, List.of()), TABLE, TaskType.PC2);
        TaskRequest pc2 = task(TaskType.PC2, SelectorSpec.SECTOR_AFFINITY);
        StorageRule heldByHolder = StorageRule.affinity((w, sector) -> w.equals(holder.id()));
        List<WorkerVerdict> v = Explanations.verdicts(pc2, List.of(ready(BIG), ready(holder, TaskType.PC1)),
                heldByHolder, Parallelism.ALL);
        assertEquals(WaitReason.FILES_ELSEWHERE, v.get(0).reason());
        assertEquals("holder", v.get(0).detail());
        assertEquals(WaitReason.THREADS, v.get(1).reason(), "the holder itself waits for its threads");

        List<WorkerVerdict> anyWorker = Explanations.verdicts(task(TaskType.PC2, SelectorSpec.TASK_TYPE),
                List.of(ready(BIG)), heldByHolder, Parallelism.ALL);
        assertEquals(WaitReason.BEHIND_OTHER_TASKS, anyWorker.get(0).reason(), "a task-type task goes anywhere");
    }

    @Test
    void aStorageRefusalIsNoSpaceOrFilesElsewhereByWhetherTheTaskMustStayWithItsFiles() {
        String noSpace = "no storage path with space (needs 30.2 KiB, best has 10 B)";
        StorageRule refusing = new StorageRule() {
            @Override
            public Verdict judge(WorkerId worker, TaskRequest t) {
                return Verdict.REFUSED;
            }

            @Override
            public boolean strict(TaskRequest t) {
                return t.type() == TaskType.PC2;
            }

            @Override
            public java.util.Optional<String> refusal(WorkerId worker, TaskRequest t) {
                return java.util.Optional.of(t.type() == TaskType.PC2 ? "the sector's files are on store-1" : noSpace);
            }
        };
        WorkerVerdict space = Explanations.verdicts(task(TaskType.PC1, SelectorSpec.TASK_TYPE), List.of(ready(BIG)),
                refusing, Parallelism.ALL).get(0);
        assertEquals(WaitReason.NO_STORAGE_SPACE, space.reason());
        assertEquals(noSpace, space.detail());
        assertFalse(space.permanent(), "space may be freed");
        WorkerVerdict files = Explanations.verdicts(task(TaskType.PC2, SelectorSpec.TASK_TYPE), List.of(ready(BIG)),
                refusing, Parallelism.ALL).get(0);
        assertEquals(WaitReason.FILES_ELSEWHERE, files.reason());
        assertEquals("the sector's files are on store-1", files.detail());
    }

    @Test
    void noWorkerCouldEverRunATaskWhoseTypeNoWorkerEnables() {
        TaskRequest pc2 = task(TaskType.PC2, SelectorSpec.TASK_TYPE);
        WorkerInfo apOnly = info("ap-only", machine(128, 0, List.of()), TABLE, TaskType.AP);
        WorkerInfo small = info("small", machine(32, 0, List.of()), TABLE, TaskType.PC1);
        WaitExplanation.WaitingTask never = new WaitExplanation.WaitingTask(TaskType.PC2, pc2.schedId(), 1000, 1, 1,
                Explanations.verdicts(pc2, List.of(ready(apOnly), ready(small)), NO_FILES, Parallelism.ALL));
        assertEquals(WaitReason.NO_WORKER_EVER, never.reason());

        WaitExplanation.WaitingTask busy = new WaitExplanation.WaitingTask(TaskType.PC1, pc2.schedId(), 1000, 1, 1,
                Explanations.verdicts(task(TaskType.PC1, SelectorSpec.TASK_TYPE), List.of(ready(apOnly),
                        ready(BIG, TaskType.PC1, TaskType.PC1, TaskType.PC1)), NO_FILES, Parallelism.ALL));
        assertNull(busy.reason(), "a worker that is only busy now will run it later");
        assertFalse(busy.workers().get(1).permanent());
        assertTrue(busy.workers().get(0).permanent());
    }
}
