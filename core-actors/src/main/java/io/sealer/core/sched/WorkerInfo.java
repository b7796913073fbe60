package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.task.TaskType;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a worker tells the scheduler about itself (docs/scheduling.md): its name, hardware, resource
 * table (after its env overrides), the task types it accepts, and whether resources are
 * ignored (only a miner's local worker with resource filtering off).
 */
public record WorkerInfo(
        WorkerId id,
        String hostname,
        WorkerResources resources,
        ResourceTable table,
        Set<TaskType> taskTypes,
        boolean ignoreResources) implements JsonSerializable {

    public WorkerInfo {
        taskTypes = taskTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(taskTypes));
    }

    public WorkerInfo withTaskTypes(Set<TaskType> types) {
        return new WorkerInfo(id, hostname, resources, table, types, ignoreResources);
    }
}
