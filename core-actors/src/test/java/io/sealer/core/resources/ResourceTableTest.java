package io.sealer.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default table (docs/scheduling.md, "The default resource table") and env overrides
 * ("Overriding resources per worker"; Lotus's cases in docs/testing.md).
 */
class ResourceTableTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private static ResourceTable env(String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ResourceTable.fromEnv(m, w -> {});
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // type, size, max, min, par, parGpu, gpu, base
        "AP,  S32G, 4294967296, 4294967296, 1, 0, 0, 1073741824",
        "PC1, S512M, 1073741824, 805306368, 1, 0, 0, 1048576",
        "PC1, S32G, 68719476736, 60129542144, 1, 0, 0, 10485760",
        "PC1, S64G, 137438953472, 120259084288, 1, 0, 0, 10485760",
        "PC2, S512M, 1610612736, 1073741824, -1, 0, 0, 1073741824",
        "PC2, S32G, 16106127360, 16106127360, -1, 6, 1.0, 1073741824",
        "C1,  S64G, 1073741824, 1073741824, 0, 0, 0, 1073741824",
        "C2,  S512M, 1610612736, 1073741824, 1, 0, 1.0, 10737418240",
        "C2,  S32G, 161061273600, 32212254720, -1, 6, 1.0, 34359738368",
        "C2,  S64G, 204010946560, 64424509440, -1, 6, 1.0, 68719476736",
        "GET, S2K, 1048576, 1048576, 0, 0, 0, 0",
        "RU,  S32G, 4294967296, 4294967296, 1, 6, 1.0, 1073741824",
        "WDP, S32G, 103079215104, 32212254720, -1, 6, 1.0, 34359738368",
        "WNP, S512M, 2048, 2048, 1, 0, 1.0, 10737418240",
        "WNP, S64G, 1073741824, 1073741824, -1, 6, 1.0, 68719476736",
        "AP,  S2K, 2048, 2048, 1, 0, 0, 2048",
    })
    void defaultRowsMatchTheSpec(TaskType type, SectorSize size, long max, long min, int par, int parGpu, double gpu,
            long base) {
        Resources r = ResourceTable.defaults().spec(type, size);
        assertEquals(new Resources(min, max, gpu, par, parGpu, base, 0), r);
    }

    @Test
    void derivedRowsAndGaps() {
        ResourceTable t = ResourceTable.defaults();
        for (SectorSize s : SectorSize.values()) {
            assertEquals(t.spec(TaskType.PC1, s), t.spec(TaskType.UNS, s), "UNS = PC1 " + s);
            assertEquals(t.spec(TaskType.RU, s), t.spec(TaskType.GSK, s), "GSK = RU " + s);
            assertEquals(t.spec(TaskType.C1, s), t.spec(TaskType.PR1, s), "PR1 = C1 " + s);
            assertEquals(t.spec(TaskType.C2, s), t.spec(TaskType.PR2, s), "PR2 = C2 " + s);
            assertEquals(t.spec(TaskType.AP, SectorSize.S32G), t.spec(TaskType.DC, s), "DC = AP 32GiB " + s);
            for (TaskType zero : List.of(TaskType.FIN, TaskType.FUS, TaskType.FRU, TaskType.DL, TaskType.NOOP)) {
                assertSame(Resources.NONE, t.spec(zero, s), zero + " has no row");
            }
        }
        assertEquals(t.spec(TaskType.PC1, SealProof.STACKED_DRG_32GIB_V1), t.spec(TaskType.PC1, SealProof.STACKED_DRG_32GIB_V1_1));
        assertEquals(t.spec(TaskType.PC1, SealProof.STACKED_DRG_32GIB_V1), t.spec(TaskType.PC1, SealProof.STACKED_DRG_32GIB_V1_1_SYNTHETIC));
        assertSame(Resources.NONE, t.spec(TaskType.PC1, SealProof.STACKED_DRG_32GIB_V1_2_NI));
        assertEquals(0, t.spec(TaskType.PC1, SectorSize.S32G).maxConcurrent());
    }

    @Test
    void listResourceOverride() { // TestListResourceOverride
        ResourceTable t = env("UNS_2K_MAX_PARALLELISM", "2", "PC2_2K_GPU_UTILIZATION", "0.4", "PC2_2K_MAX_MEMORY", "2222");
        assertEquals(2, t.spec(TaskType.UNS, SealProof.STACKED_DRG_2KIB_V1_1).maxParallelism());
        assertEquals(0.4, t.spec(TaskType.PC2, SealProof.STACKED_DRG_2KIB_V1_1).gpuUtilization());
        assertEquals(2222, t.spec(TaskType.PC2, SealProof.STACKED_DRG_2KIB_V1_1).maxMemory());
        assertEquals(1, t.spec(TaskType.UNS, SectorSize.S8M).maxParallelism());
        assertEquals(1, ResourceTable.defaults().spec(TaskType.UNS, SectorSize.S2K).maxParallelism(), "defaults untouched");
    }

    @Test
    void multicoreSdrGivesPc1AndUnsOnePlusProducers() { // TestListResourceSDRMulticoreOverride
        ResourceTable t = env("FIL_PROOFS_USE_MULTICORE_SDR", "1");
        assertEquals(4, t.spec(TaskType.PC1, SectorSize.S32G).maxParallelism());
        assertEquals(4, t.spec(TaskType.UNS, SectorSize.S2K).maxParallelism());
        ResourceTable t2 = env("FIL_PROOFS_USE_MULTICORE_SDR", "1", "FIL_PROOFS_MULTICORE_SDR_PRODUCERS", "9000");
        assertEquals(9001, t2.spec(TaskType.PC1, SectorSize.S32G).maxParallelism());
        assertEquals(9001, t2.spec(TaskType.UNS, SectorSize.S64G).maxParallelism());
        assertEquals(1, env("FIL_PROOFS_MULTICORE_SDR_PRODUCERS", "9000").spec(TaskType.PC1, SectorSize.S32G).maxParallelism(),
                "producers count only with multicore SDR on");
        assertEquals(7, env("FIL_PROOFS_USE_MULTICORE_SDR", "1", "PC1_32G_MAX_PARALLELISM", "7")
                .spec(TaskType.PC1, SectorSize.S32G).maxParallelism(), "an explicit override wins");
    }

    @Test
    void unsizedSetsAllSizes() { // TestUnsizedSetAll
        ResourceTable t = env("UNS_MAX_PARALLELISM", "2");
        for (SectorSize s : List.of(SectorSize.S2K, SectorSize.S8M, SectorSize.S32G)) {
            assertEquals(2, t.spec(TaskType.UNS, s).maxParallelism());
        }
    }

    @Test
    void sizedBeatsUnsized() { // TestUnsizedNotPreferred
        List<String> warnings = new ArrayList<>();
        ResourceTable t = ResourceTable.fromEnv(Map.of("DC_MAX_PARALLELISM", "2", "DC_64G_MAX_PARALLELISM", "1"), warnings::add);
        for (SectorSize s : SectorSize.values()) {
            assertEquals(s == SectorSize.S64G ? 1 : 2, t.spec(TaskType.DC, s).maxParallelism(), s.label());
        }
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("DC_64G_MAX_PARALLELISM")), "sized DC var warns");
    }

    @ParameterizedTest
    @CsvSource({
        "PC1_32G_MAX_MEMORY, lots",
        "PC1_32G_MAX_MEMORY, -5",
        "PC2_GPU_UTILIZATION, half",
        "PC2_32G_GPU_UTILIZATION, -0.5",
        "C2_MAX_PARALLELISM, 1.5",
        "FIL_PROOFS_MULTICORE_SDR_PRODUCERS, x",
    })
    void badValueNamesTheVariable(String key, String value) {
        Map<String, String> e = new java.util.HashMap<>(Map.of(key, value));
        e.put("FIL_PROOFS_USE_MULTICORE_SDR", "1");
        ResourceEnvException ex = assertThrows(ResourceEnvException.class, () -> ResourceTable.fromEnv(e, w -> {}));
        assertEquals(key, ex.variable());
        assertTrue(ex.getMessage().contains(key) && ex.getMessage().contains(value), ex.getMessage());
    }

    @Test
    void unknownResourceLikeNamesWarn() {
        List<String> warnings = new ArrayList<>();
        ResourceTable.fromEnv(Map.of("PC1_32G_MAX_MEMROY", "1", "PATH", "/bin"), warnings::add);
        assertEquals(List.of("ignoring unknown resource variable PC1_32G_MAX_MEMROY"), warnings);
    }

    @Test
    void keysListEverySizedAndUnsizedField() {
        Map<String, String> all = ResourceKeys.all(ResourceTable.defaults());
        assertEquals("60129542144", all.get("PC1_32G_MIN_MEMORY"));
        assertEquals("1.0", all.get("PC2_32G_GPU_UTILIZATION"));
        assertEquals("0.0", all.get("PC2_2K_GPU_UTILIZATION"));
        assertEquals("-1", all.get("PC2_MAX_PARALLELISM"));
        assertEquals(14 * 7 * 6, all.size(), "14 types x 7 fields x (5 sizes + unsized)");
        assertEquals(Map.of("AP_2K_MAX_MEMORY", "99999"), ResourceKeys.set(Map.of("AP_2K_MAX_MEMORY", "99999", "HOME", "/")));
    }

    @Test
    void tableRoundTripsThroughRows() {
        ResourceTable t = env("PC2_32G_GPU_UTILIZATION", "0.5");
        assertEquals(t, ResourceTable.fromRows(t.toRows()));
        assertEquals(GIB * 15, ResourceTable.fromRows(t.toRows()).spec(TaskType.PC2, SectorSize.S32G).minMemory());
        assertEquals(MIB, t.spec(TaskType.GET, SectorSize.S64G).minMemory());
    }
}
