package io.sealer.cluster.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The environment a worker reads: what is accepted and the one line for what is not. */
class WorkerEnvTest {

    private static Map<String, String> env(String name, String value) {
        Map<String, String> env = new HashMap<>();
        env.put(name, value);
        return env;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PC1_32G_MAX_CONCURRENT|-1|0|invalid value for PC1_32G_MAX_CONCURRENT: '-1' (expected a non-negative integer; 0 means no limit)",
        "C2_MAX_CONCURRENT|-3|0|invalid value for C2_MAX_CONCURRENT: '-3' (expected a non-negative integer; 0 means no limit)",
        "PC2_32G_GPU_UTILIZATION|3|2|invalid value for PC2_32G_GPU_UTILIZATION: '3' (expected at most 2, the number of GPUs this worker has)",
        "C2_GPU_UTILIZATION|1.5|0|invalid value for C2_GPU_UTILIZATION: '1.5' (expected at most 1, the number of GPUs a worker without GPUs counts)",
        "NVIDIA_VISIBLE_DEVICES|0,,1|1|invalid value for NVIDIA_VISIBLE_DEVICES: '0,,1' (expected all, none, or a comma-separated list of GPU indexes or UUIDs such as 0,1 or GPU-3b2c...)",
        "NVIDIA_VISIBLE_DEVICES|gpu0|1|invalid value for NVIDIA_VISIBLE_DEVICES: 'gpu0' (expected all, none, or a comma-separated list of GPU indexes or UUIDs such as 0,1 or GPU-3b2c...)",
        "NVIDIA_VISIBLE_DEVICES|0;1|1|invalid value for NVIDIA_VISIBLE_DEVICES: '0;1' (expected all, none, or a comma-separated list of GPU indexes or UUIDs such as 0,1 or GPU-3b2c...)",
    })
    void refused(String name, String value, int gpus, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerEnv.resourceTable(env(name, value), gpus, w -> { }));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PC1_32G_MAX_CONCURRENT|0|0",
        "PC1_32G_MAX_CONCURRENT|4|0",
        "PC2_32G_GPU_UTILIZATION|2|2",
        "PC2_32G_GPU_UTILIZATION|0.5|0",
        "NVIDIA_VISIBLE_DEVICES|all|1",
        "NVIDIA_VISIBLE_DEVICES|none|1",
        "NVIDIA_VISIBLE_DEVICES||1",
        "NVIDIA_VISIBLE_DEVICES|0, 2|1",
        "NVIDIA_VISIBLE_DEVICES|GPU-3b2c1d4e-aaaa-bbbb-cccc-0123456789ab|1",
        "NVIDIA_VISIBLE_DEVICES|MIG-GPU-3b2c1d4e/1/0|1",
    })
    void accepted(String name, String value, int gpus) {
        assertDoesNotThrow(() -> WorkerEnv.resourceTable(env(name, value == null ? "" : value), gpus, w -> { }));
    }

    @ParameterizedTest
    @CsvSource({"trace", "debug", "INFO", "warn", "error"})
    void logLevels(String level) {
        assertDoesNotThrow(() -> WorkerEnv.checkLogLevel(env("SEALER_LOG_LEVEL", level)));
    }

    @ParameterizedTest
    @CsvSource({"loud", "warning", "off", "all"})
    void unknownLogLevels(String level) {
        assertEquals("invalid value for SEALER_LOG_LEVEL: '" + level + "' (expected one of trace, debug, info, warn, error)",
                assertThrows(IllegalArgumentException.class,
                        () -> WorkerEnv.checkLogLevel(env("SEALER_LOG_LEVEL", level))).getMessage());
    }

    @org.junit.jupiter.api.Test
    void acceptedOverridesReachTheTable() {
        assertEquals(3, WorkerEnv.resourceTable(env("PC1_32G_MAX_CONCURRENT", "3"), 0, w -> { })
                .spec(TaskType.PC1, SectorSize.S32G).maxConcurrent());
    }
}
