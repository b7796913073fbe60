package io.sealer.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The thread rule and the fit check (docs/scheduling.md, "The thread rule", "Does a task fit?"), as tables. */
class FitTest {
    private static final long GIB = 1L << 30;

    /** The "decent" worker of Lotus's tests (docs/testing.md): 128 GiB RAM, 200 GiB swap, 1 GiB + 1 GiB used, 32 cores. */
    static WorkerResources decent(List<String> gpus) {
        return new WorkerResources(128 * GIB, GIB, 200 * GIB, GIB, 32, gpus);
    }

    @ParameterizedTest
    @CsvSource({"12,11", "16,14", "24,22", "32,29", "64,58", "128,117", "1,1", "2,1"})
    void ninetyTwoPercentRule(int cpus, int threads) {
        assertEquals(threads, Parallelism.DEFAULT.threadsFor(cpus));
    }

    @ParameterizedTest(name = "{0} {1}: {2} fit")
    @CsvSource({
        // how many tasks of a type fit one empty decent worker, one after another
        "PC1, S32G, 2",
        "PC1, S64G, 1",
        "PC1, S512M, 32",
        "PC1, S2K, 32",
        "PC2, S32G, 1",
        "C2,  S32G, 1",
        "AP,  S32G, 31", // 4 GiB each + 1 GiB base: the 32nd needs 5 GiB of the 4 left
        "C1,  S32G, 127",
        "GET, S32G, 1000",
    })
    void howManyFitADecentWorker(TaskType type, SectorSize size, int expected) {
        WorkerResources w = decent(List.of());
        SealProof proof = SealProof.of(size, SealProof.Version.V1_1);
        Resources need = ResourceTable.defaults().spec(type, proof);
        ActiveResources a = new ActiveResources();
        SealTask st = new SealTask(type, proof);
        int n = 0;
        while (n < 1000 && a.fit(need, UUID.randomUUID(), st, w, false, Parallelism.DEFAULT) == Fit.OK) {
            a.add(st, UUID.randomUUID(), need, w, Parallelism.DEFAULT);
            n++;
        }
        assertEquals(expected, n);
    }

    @Test
    void thirdPc1FailsOnPhysicalMemory() {
        WorkerResources w = decent(List.of());
        Resources pc1 = ResourceTable.defaults().spec(TaskType.PC1, SectorSize.S32G);
        SealTask st = new SealTask(TaskType.PC1, SealProof.STACKED_DRG_32GIB_V1);
        ActiveResources a = new ActiveResources();
        a.add(st, UUID.randomUUID(), pc1, w, Parallelism.DEFAULT);
        a.add(st, UUID.randomUUID(), pc1, w, Parallelism.DEFAULT);
        assertEquals(Fit.PHYSICAL_MEMORY, a.fit(pc1, UUID.randomUUID(), st, w, false, Parallelism.DEFAULT));
        assertEquals("not enough physical memory: need 56.01 GiB, free 16 GiB of 128 GiB",
                a.explain(pc1, UUID.randomUUID(), st, w, false, Parallelism.DEFAULT));
        assertEquals(Fit.OK, a.fit(pc1, UUID.randomUUID(), st, w, true, Parallelism.DEFAULT), "ignoreResources");
    }

    @Test
    void pc2TakesNinetyTwoPercentWithoutGpuAndSixWithOne() {
        Resources pc2 = ResourceTable.defaults().spec(TaskType.PC2, SectorSize.S32G);
        assertEquals(29, pc2.threads(32, 0, Parallelism.DEFAULT));
        assertEquals(6, pc2.threads(32, 1, Parallelism.DEFAULT));
        assertEquals(32, pc2.threads(32, 0, Parallelism.ALL));
        // With 29 threads in use only 3 single-thread tasks fit beside a PC2; zero-thread C1 always fits.
        WorkerResources w = decent(List.of());
        ActiveResources a = new ActiveResources();
        a.add(new SealTask(TaskType.PC2, SealProof.STACKED_DRG_32GIB_V1), UUID.randomUUID(), pc2, w, Parallelism.DEFAULT);
        Resources ap = ResourceTable.defaults().spec(TaskType.AP, SectorSize.S32G);
        SealTask apTask = new SealTask(TaskType.AP, SealProof.STACKED_DRG_32GIB_V1);
        for (int i = 0; i < 3; i++) {
            assertEquals(Fit.OK, a.fit(ap, UUID.randomUUID(), apTask, w, false, Parallelism.DEFAULT));
            a.add(apTask, UUID.randomUUID(), ap, w, Parallelism.DEFAULT);
        }
        assertEquals(Fit.CPU, a.fit(ap, UUID.randomUUID(), apTask, w, false, Parallelism.DEFAULT));
        Resources c1 = ResourceTable.defaults().spec(TaskType.C1, SectorSize.S32G);
        assertEquals(Fit.OK, a.fit(c1, UUID.randomUUID(), new SealTask(TaskType.C1, SealProof.STACKED_DRG_32GIB_V1), w, false,
                Parallelism.DEFAULT));
    }

    @Test
    void twoPc2ShareOneGpuAtHalfUtilization() {
        WorkerResources w = decent(List.of("RTX 3090"));
        SealTask st = new SealTask(TaskType.PC2, SealProof.STACKED_DRG_32GIB_V1);
        Resources full = ResourceTable.defaults().spec(TaskType.PC2, SectorSize.S32G);
        ActiveResources a = new ActiveResources();
        a.add(st, UUID.randomUUID(), full, w, Parallelism.DEFAULT);
        assertEquals(Fit.GPU, a.fit(full, UUID.randomUUID(), st, w, false, Parallelism.DEFAULT));

        Resources half = ResourceTable.fromEnv(Map.of("PC2_32G_GPU_UTILIZATION", "0.5"), x -> {}).spec(TaskType.PC2, SectorSize.S32G);
        ActiveResources b = new ActiveResources();
        b.add(st, UUID.randomUUID(), half, w, Parallelism.DEFAULT);
        assertEquals(Fit.OK, b.fit(half, UUID.randomUUID(), st, w, false, Parallelism.DEFAULT));
        b.add(st, UUID.randomUUID(), half, w, Parallelism.DEFAULT);
        assertEquals(Fit.GPU, b.fit(half, UUID.randomUUID(), st, w, false, Parallelism.DEFAULT));
        assertEquals(12, b.snapshot().cpuUse());
        assertEquals(1.0, b.utilization(w), 1e-9);
    }

    @Test
    void virtualMemoryCountsSwapAndOsUsage() {
        // 64 GiB RAM, no swap, 40 GiB used by the OS: a 32 GiB PC1 (Max 64 GiB) does not fit in RAM + swap.
        WorkerResources busy = new WorkerResources(64 * GIB, 40 * GIB, 0, 0, 16, List.of());
        Resources pc1 = ResourceTable.defaults().spec(TaskType.PC1, SectorSize.S32G);
        SealTask st = new SealTask(TaskType.PC1, SealProof.STACKED_DRG_32GIB_V1);
        assertEquals(Fit.VIRTUAL_MEMORY, new ActiveResources().fit(pc1, UUID.randomUUID(), st, busy, false, Parallelism.DEFAULT));
        WorkerResources swapped = new WorkerResources(64 * GIB, 40 * GIB, 64 * GIB, 0, 16, List.of());
        assertEquals(Fit.OK, new ActiveResources().fit(pc1, UUID.randomUUID(), st, swapped, false, Parallelism.DEFAULT));
    }

    @Test
    void maxConcurrentCountsDistinctRequestsEvenWhenIgnoringResources() {
        WorkerResources w = decent(List.of());
        Resources pc1 = ResourceTable.defaults().spec(TaskType.PC1, SectorSize.S2K).withMaxConcurrent(1);
        SealTask st = new SealTask(TaskType.PC1, SealProof.STACKED_DRG_2KIB_V1);
        ActiveResources a = new ActiveResources();
        UUID first = UUID.randomUUID();
        a.add(st, first, pc1, w, Parallelism.DEFAULT);
        assertEquals(Fit.MAX_CONCURRENT, a.fit(pc1, UUID.randomUUID(), st, w, true, Parallelism.DEFAULT));
        assertEquals(Fit.OK, a.fit(pc1, first, st, w, false, Parallelism.DEFAULT), "already counted under its own id");
        a.free(st, first, pc1, w, Parallelism.DEFAULT);
        assertEquals(Fit.OK, a.fit(pc1, UUID.randomUUID(), st, w, false, Parallelism.DEFAULT));
        assertEquals(true, a.isEmpty());
    }

    @Test
    void utilizationIsTheMostLoadedResource() {
        WorkerResources w = decent(List.of());
        ActiveResources a = new ActiveResources();
        Resources pc1 = ResourceTable.defaults().spec(TaskType.PC1, SectorSize.S32G);
        a.add(new SealTask(TaskType.PC1, SealProof.STACKED_DRG_32GIB_V1), UUID.randomUUID(), pc1, w, Parallelism.DEFAULT);
        assertEquals(56.0 / 128, a.utilization(w), 1e-9);
        assertEquals(1.0 / 128, new ActiveResources().utilization(w), 1e-9, "OS usage floors RAM");
    }
}
