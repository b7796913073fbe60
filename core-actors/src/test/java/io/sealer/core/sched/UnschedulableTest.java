package io.sealer.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which tasks no registered worker could ever run, and the sentence that says why. */
class UnschedulableTest {
    private static final long GIB = 1L << 30;

    /**
     * Workers as "name:ramGiB:swapGiB:cpus:gpus[:ENV=value]" separated by spaces; each accepts
     * only AP, so task types play no part.
     */
    private static SchedulerCore<String> core(String workers) {
        SchedulerCore<String> c = new SchedulerCore<>(Parallelism.DEFAULT, AssignerKind.UTILIZATION, new Random(1));
        for (String w : workers.isBlank() ? new String[0] : workers.split(" ")) {
            String[] f = w.split(":");
            List<String> gpus = new ArrayList<>();
            for (int g = 0; g < Integer.parseInt(f[4]); g++) {
                gpus.add("GPU" + g);
            }
            Map<String, String> env = f.length > 5 ? Map.of(f[5].split("=")[0], f[5].split("=")[1]) : Map.of();
            c.addWorker(new WorkerInfo(new WorkerId(f[0]), f[0], new WorkerResources(Long.parseLong(f[1]) * GIB, 0,
                    Long.parseLong(f[2]) * GIB, 0, Integer.parseInt(f[3]), gpus), ResourceTable.fromEnv(env, x -> { }),
                    Set.of(TaskType.AP), false));
        }
        return c;
    }

    @ParameterizedTest(name = "{1} {2} on {0}")
    @CsvSource(delimiter = '|', value = {
        "host:23:0:32:0 | PC1 | STACKED_DRG_32GIB_V1_1 | PC1 of a 32GiB sector needs 56.0 GiB of RAM; the largest worker (host) has 23.0 GiB",
        "small:23:0:32:0 big:60:0:32:0 | PC1 | STACKED_DRG_32GIB_V1_1 | PC1 of a 32GiB sector needs 64.0 GiB of RAM + swap; the largest worker (big) has 60.0 GiB free",
        "small:23:0:32:0 big:100:0:32:0 | PC1 | STACKED_DRG_32GIB_V1_1 | ",
        "host:23:0:32:0 | PC1 | STACKED_DRG_512MIB_V1_1 | ",
        "host:100:0:32:0 | C2 | STACKED_DRG_32GIB_V1_1 | C2 of a 32GiB sector needs 182.0 GiB of RAM + swap; the largest worker (host) has 100.0 GiB free",
        "host:100:100:32:0 | C2 | STACKED_DRG_32GIB_V1_1 | ",
        "host:256:0:4:0:PC1_MAX_PARALLELISM=8 | PC1 | STACKED_DRG_32GIB_V1_1 | PC1 of a 32GiB sector needs 8 CPU threads; the largest worker (host) has 4",
        "host:256:0:32:1:PC2_GPU_UTILIZATION=2 | PC2 | STACKED_DRG_32GIB_V1_1 | PC2 of a 32GiB sector needs 2.0 GPUs; the largest worker (host) has 1",
        "host:256:0:32:0:PC2_GPU_UTILIZATION=2 | PC2 | STACKED_DRG_32GIB_V1_1 | ",
        " | PC1 | STACKED_DRG_64GIB_V1_1 | ",
        "host:1:0:1:0 | DC | STACKED_DRG_2KIB_V1 | DC needs 5.0 GiB of RAM; the largest worker (host) has 1.0 GiB",
    })
    void reasonNamesTheNeedAndTheLargestWorker(String workers, TaskType type, SealProof proof, String reason) {
        SchedulerCore<String> c = core(workers == null ? "" : workers);
        TaskRequest t = TaskRequest.of(new SectorRef(new SectorId(1000, 1), proof), type, 0);
        assertEquals(reason == null ? "" : reason, c.unschedulable(t).orElse(""));
    }
}
