package io.sealer.cluster.sealing;

import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.task.TaskType;

/**
 * The stages of a committed-capacity sector (spec/scheduler.md §5.5), each with the task it
 * runs, the task's prepare type and selector, and the stage that follows success. WAIT_SEED
 * runs no task: it waits for the chain's seed.
 */
public enum SectorStage {
    PACKING(TaskType.AP, TaskType.NOOP, SelectorSpec.TASK_TYPE),
    PRE_COMMIT_1(TaskType.PC1, TaskType.GET, SelectorSpec.SECTOR_AFFINITY),
    PRE_COMMIT_2(TaskType.PC2, TaskType.GET, SelectorSpec.SECTOR_AFFINITY),
    WAIT_SEED(null, null, null),
    COMMIT_1(TaskType.C1, TaskType.GET, SelectorSpec.SECTOR_AFFINITY),
    COMMIT_2(TaskType.C2, TaskType.NOOP, SelectorSpec.TASK_TYPE),
    FINALIZE(TaskType.FIN, TaskType.GET, SelectorSpec.SECTOR_AFFINITY),
    PROVING(null, null, null),
    FAILED(null, null, null);

    private final TaskType task;
    private final TaskType prepType;
    private final SelectorSpec selector;

    SectorStage(TaskType task, TaskType prepType, SelectorSpec selector) {
        this.task = task;
        this.prepType = prepType;
        this.selector = selector;
    }

    /** The task this stage runs, or null (WAIT_SEED, PROVING, FAILED). */
    public TaskType task() {
        return task;
    }

    public TaskType prepType() {
        return prepType;
    }

    public SelectorSpec selector() {
        return selector;
    }

    /** The stage after this one succeeds. */
    public SectorStage next() {
        return switch (this) {
            case PACKING -> PRE_COMMIT_1;
            case PRE_COMMIT_1 -> PRE_COMMIT_2;
            case PRE_COMMIT_2 -> WAIT_SEED;
            case WAIT_SEED -> COMMIT_1;
            case COMMIT_1 -> COMMIT_2;
            case COMMIT_2 -> FINALIZE;
            case FINALIZE, PROVING -> PROVING;
            case FAILED -> FAILED;
        };
    }

    public boolean terminal() {
        return this == PROVING || this == FAILED;
    }
}
