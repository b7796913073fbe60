package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;
import io.sealer.core.resources.SealTask;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to run one task (docs/scheduling.md), immutable. {@code prepType} is the type of its
 * prepare step (GET for a fetch, NOOP for none); {@code params} are the task's inputs for the
 * executor (for example the ticket of a PreCommit1), opaque to the scheduler.
 */
public record TaskRequest(
        UUID schedId,
        SectorRef sector,
        TaskType type,
        int priority,
        TaskType prepType,
        SelectorSpec selector,
        Map<String, String> params) implements JsonSerializable {

    /** The priority of every task of a sector that holds at least one deal. */
    public static final int DEAL_PRIORITY = 1024;

    public TaskRequest {
        Objects.requireNonNull(schedId, "schedId");
        Objects.requireNonNull(sector, "sector");
        Objects.requireNonNull(type, "type");
        prepType = prepType == null ? TaskType.NOOP : prepType;
        selector = selector == null ? SelectorSpec.TASK_TYPE : selector;
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static TaskRequest of(SectorRef sector, TaskType type, int priority) {
        return new TaskRequest(UUID.randomUUID(), sector, type, priority, TaskType.NOOP, SelectorSpec.TASK_TYPE, Map.of());
    }

    public TaskRequest withPrepType(TaskType prep) {
        return new TaskRequest(schedId, sector, type, priority, prep, selector, params);
    }

    public TaskRequest withSelector(SelectorSpec spec) {
        return new TaskRequest(schedId, sector, type, priority, prepType, spec, params);
    }

    public TaskRequest withParams(Map<String, String> p) {
        return new TaskRequest(schedId, sector, type, priority, prepType, selector, p);
    }

    public SealTask sealTask() {
        return new SealTask(type, sector.proof());
    }

    public SealTask prepSealTask() {
        return new SealTask(prepType, sector.proof());
    }
}
