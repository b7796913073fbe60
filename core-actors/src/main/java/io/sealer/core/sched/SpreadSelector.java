package io.sealer.core.sched;

/**
 * The spread assigner: the worker with the fewest tasks given in this pass; with
 * {@code qcount} (experiment-spread-qcount) its running and unstarted tasks count too.
 */
final class SpreadSelector extends CountingSelector {
    private final boolean qcount;

    SpreadSelector(int workers, boolean qcount) {
        super(workers, 1);
        this.qcount = qcount;
    }

    @Override
    int slot(TaskRequest t) {
        return 0;
    }

    @Override
    int initialCount(WorkerState<?> w, TaskRequest t) {
        return qcount ? w.load.tasks() + w.assigned.size() : 0;
    }
}
