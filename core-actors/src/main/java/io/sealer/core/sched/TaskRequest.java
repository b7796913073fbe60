package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;
import io.sealer.core.resources.SealTask;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to run one task (docs/scheduling.md), immutable. {@code prepType} is the type of its
 * prepare step (GET for a fetch, NOOP for none); {@code params} are the task's inputs for the
 * executor (for example the ticket of a PreCommit1), opaque to the scheduler.
 *
 * <p>{@code callId} is null for a one-off task, or the idempotent name of a sector's task
 * ({@code s-t01000-5.PreCommit1.3}: sector, state, attempt; see docs/architecture.md): the same
 * call submitted twice has the same {@code schedId} ({@link #forCall}), so the scheduler never
 * queues it twice and a worker that already finished it answers from its record.
 */
public record TaskRequest(
        UUID schedId,
        SectorRef sector,
        TaskType type,
        int priority,
        TaskType prepType,
        SelectorSpec selector,
        Map<String, String> params,
        String callId) implements JsonSerializable {

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

    /** A one-off task without a call id. */
    public TaskRequest(UUID schedId, SectorRef sector, TaskType type, int priority, TaskType prepType,
            SelectorSpec selector, Map<String, String> params) {
        this(schedId, sector, type, priority, prepType, selector, params, null);
    }

    /** A sector's task named by its call id; its schedId is derived from the call id. */
    public static TaskRequest forCall(String callId, SectorRef sector, TaskType type, int priority, TaskType prepType,
            SelectorSpec selector, Map<String, String> params) {
        return new TaskRequest(schedIdOf(callId), sector, type, priority, prepType, selector, params,
                Objects.requireNonNull(callId, "callId"));
    }

    /** The schedId every submission of {@code callId} carries. */
    public static UUID schedIdOf(String callId) {
        return UUID.nameUUIDFromBytes(("call:" + callId).getBytes(StandardCharsets.UTF_8));
    }

    public static TaskRequest of(SectorRef sector, TaskType type, int priority) {
        return new TaskRequest(UUID.randomUUID(), sector, type, priority, TaskType.NOOP, SelectorSpec.TASK_TYPE, Map.of());
    }

    public TaskRequest withPrepType(TaskType prep) {
        return new TaskRequest(schedId, sector, type, priority, prep, selector, params, callId);
    }

    public TaskRequest withSelector(SelectorSpec spec) {
        return new TaskRequest(schedId, sector, type, priority, prepType, spec, params, callId);
    }

    public TaskRequest withParams(Map<String, String> p) {
        return new TaskRequest(schedId, sector, type, priority, prepType, selector, p, callId);
    }

    public SealTask sealTask() {
        return new SealTask(type, sector.proof());
    }

    public SealTask prepSealTask() {
        return new SealTask(prepType, sector.proof());
    }
}
