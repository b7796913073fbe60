package io.sealer.core.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lotus's TestWindowCompact (docs/testing.md, "Scheduler acceptance cases"): decent worker, 32 GiB sectors. */
class WindowCompactTest {
    private static final long GIB = 1L << 30;

    static Stream<Arguments> cases() {
        TaskType pc1 = TaskType.PC1;
        TaskType pc2 = TaskType.PC2;
        TaskType ap = TaskType.AP;
        return Stream.of(
                Arguments.of("2-pc1-windows", List.of(List.of(pc1), List.of(pc1)), List.of(List.of(pc1, pc1))),
                Arguments.of("1-window", List.of(List.of(pc1, pc1)), List.of(List.of(pc1, pc1))),
                Arguments.of("2-pc2-windows", List.of(List.of(pc2), List.of(pc2)), List.of(List.of(pc2), List.of(pc2))),
                Arguments.of("2pc1-pc1ap", List.of(List.of(pc1, pc1), List.of(pc1, ap)),
                        List.of(List.of(pc1, pc1, ap), List.of(pc1))),
                Arguments.of("2pc1-pc1appc2", List.of(List.of(pc1, pc1), List.of(pc1, ap, pc2)),
                        List.of(List.of(pc1, pc1, ap), List.of(pc1, pc2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compacts(String name, List<List<TaskType>> start, List<List<TaskType>> expected) {
        WorkerResources decent = new WorkerResources(128 * GIB, GIB, 200 * GIB, GIB, 32, List.of());
        WorkerPools pools = new WorkerPools(decent, ResourceTable.defaults(), false, Parallelism.DEFAULT);
        List<List<TaskRequest>> windows = new ArrayList<>();
        long sector = 1;
        for (List<TaskType> w : start) {
            List<TaskRequest> tasks = new ArrayList<>();
            for (TaskType t : w) {
                tasks.add(TaskRequest.of(new SectorRef(new SectorId(1000, sector++), SealProof.STACKED_DRG_32GIB_V1), t, 0));
            }
            windows.add(tasks);
        }
        pools.loadWindowsForTest(windows);

        int freed = pools.compactOnly();

        List<List<TaskType>> got = pools.windows().stream()
                .map(w -> w.todo().stream().map(TaskRequest::type).toList()).toList();
        assertEquals(expected, got);
        assertEquals(start.size() - expected.size(), freed, "windows requested drops by the windows removed");
        // Each window's accumulator equals the sum of its tasks.
        for (WorkerPools.Window w : pools.windows()) {
            ActiveResources sum = new ActiveResources();
            for (TaskRequest t : w.todo()) {
                sum.add(t.sealTask(), t.schedId(), ResourceTable.defaults().spec(t.type(), t.sector().proof()), decent,
                        Parallelism.DEFAULT);
            }
            assertEquals(sum.snapshot(), w.allocated(), name);
        }
        assertEquals(UUID.class, pools.windows().get(0).id().getClass());
    }
}
