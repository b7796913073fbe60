package io.sealer.core.sched;

import io.sealer.core.task.TaskType;

/**
 * The spread-tasks assigner: like spread, counted per (worker, task type); with {@code qcount}
 * (experiment-spread-tasks-qcount) the worker's reported tasks of that type count too.
 */
final class SpreadTasksSelector extends CountingSelector {
    private final boolean qcount;

    SpreadTasksSelector(int workers, boolean qcount) {
        super(workers, TaskType.values().length);
        this.qcount = qcount;
    }

    @Override
    int slot(TaskRequest t) {
        return t.type().ordinal();
    }

    @Override
    int initialCount(WorkerState<?> w, TaskRequest t) {
        return qcount ? w.load.tasksByType().getOrDefault(t.type().shortName(), 0) : 0;
    }
}
