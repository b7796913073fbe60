package io.sealer.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.task.TaskType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which task types a worker and a miner's local worker take, flag by flag. */
class WorkerTasksTest {

    private static Set<TaskType> types(String list) {
        return list.isBlank() ? EnumSet.noneOf(TaskType.class)
                : Arrays.stream(list.split(" ")).map(TaskType::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(TaskType.class)));
    }

    @ParameterizedTest(name = "no-default={0} ap={1} pc1={2} pc2={3} commit={4} unseal={5}")
    @CsvSource({
        "false, true,  true,  true,  true,  true,  GET C1 FIN AP PC1 PC2 C2 UNS",
        "true,  true,  true,  true,  true,  true,  AP PC1 PC2 C2 UNS",
        "false, false, false, false, false, false, GET C1 FIN",
        "true,  false, false, false, false, false, ''",
        "false, false, true,  false, false, false, GET C1 FIN PC1",
        "true,  false, false, true,  true,  false, PC2 C2",
    })
    void workerRun(boolean noDefault, boolean ap, boolean pc1, boolean pc2, boolean commit, boolean unseal, String expected) {
        assertEquals(types(expected), WorkerTasks.worker(noDefault, new WorkerTasks.Allowed(ap, pc1, pc2, commit, unseal)));
    }

    @ParameterizedTest(name = "ap={0} pc1={1} pc2={2} commit={3} unseal={4}")
    @CsvSource({
        "true,  true,  true,  true,  true,  GET C1 FIN AP PC1 PC2 C2 UNS",
        "false, false, false, false, false, GET C1 FIN",
        "true,  false, false, false, false, GET C1 FIN AP",
        "false, false, false, true,  false, GET C1 FIN C2",
    })
    void minerLocalWorker(boolean ap, boolean pc1, boolean pc2, boolean commit, boolean unseal, String expected) {
        assertEquals(types(expected), WorkerTasks.minerLocal(new WorkerTasks.Allowed(ap, pc1, pc2, commit, unseal)));
    }
}
