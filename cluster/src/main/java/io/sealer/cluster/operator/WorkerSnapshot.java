package io.sealer.cluster.operator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sealer.core.JsonSerializable;
import io.sealer.core.task.TaskType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One worker as the operator views show it, filled from the scheduler's worker stats.
 *
 * <p>Memory and CPU figures follow Lotus's {@code WorkerStats}: {@code cpuUse}, {@code memUsedMin},
 * {@code memUsedMax} and {@code gpuUsed} count only the tasks executing now, while
 * {@code taskCounts} also counts the tasks preparing. {@code maxConcurrent} holds the worker's
 * per-type limit where it has one (absent or 0 = no limit).
 *
 * @param memUsed     RAM in use on the machine (total minus available), tasks included
 * @param memSwap     swap size; 0 when the worker runs with no swap
 * @param taskTypes   the task types the worker accepts now
 */
public record WorkerSnapshot(UUID id, String hostname, boolean enabled, Set<TaskType> taskTypes,
        int cpus, long memPhysical, long memUsed, long memSwap, long memSwapUsed, List<String> gpus,
        long cpuUse, long memUsedMin, long memUsedMax, double gpuUsed,
        Map<TaskType, Integer> taskCounts, Map<TaskType, Integer> maxConcurrent) implements JsonSerializable {

    public WorkerSnapshot {
        if (id == null || hostname == null) {
            throw new IllegalArgumentException("a worker snapshot needs an id and a hostname");
        }
        if (cpus <= 0 || memPhysical <= 0) {
            throw new IllegalArgumentException("worker " + id + " reports " + cpus + " CPUs and " + memPhysical
                    + " bytes of RAM; both must be positive");
        }
        taskTypes = Set.copyOf(taskTypes);
        gpus = List.copyOf(gpus);
        taskCounts = Map.copyOf(taskCounts);
        maxConcurrent = Map.copyOf(maxConcurrent);
    }

    /** Whether {@code sealing workers} lists it: sealing workers, and workers with no task types at all. */
    @JsonIgnore
    public boolean isSealingWorker() {
        return taskTypes.isEmpty() || taskTypes.stream().anyMatch(t -> t.kind() == TaskType.Kind.SEALING);
    }
}
