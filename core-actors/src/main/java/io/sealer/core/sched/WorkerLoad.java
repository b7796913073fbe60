package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;
import java.util.Map;

/**
 * A worker's load as it reports it: utilization of its executing and preparing pools plus its
 * assigned-but-unstarted windows (docs/scheduling.md), and its task counts (all
 * stages) in total and per task type short name.
 */
public record WorkerLoad(double utilization, int tasks, Map<String, Integer> tasksByType) implements JsonSerializable {
    public static final WorkerLoad IDLE = new WorkerLoad(0, 0, Map.of());

    public WorkerLoad {
        tasksByType = tasksByType == null ? Map.of() : Map.copyOf(tasksByType);
    }
}
