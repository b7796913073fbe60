package io.sealer.core.sched;

import java.util.Random;

/**
 * How one assigner picks a window for a task among its class's candidates (docs/scheduling.md), with
 * the per-pass bookkeeping it needs. One instance serves one pass.
 */
interface WindowSelector {

    /**
     * The window (a pass window index) that takes {@code t}, or -1 if none fits. Candidates
     * that cannot fit {@code t} on top of what the pass gave them may be dropped.
     */
    int choose(TaskRequest t, Candidates candidates, SchedulingPass<?> pass);

    /** {@code t} went to a window of {@code w}, whose pass utilization grew by {@code utilizationGrowth}. */
    void assigned(WorkerState<?> w, TaskRequest t, double utilizationGrowth);

    /** A fresh selector of {@code kind} for a pass over {@code workers} distinct workers. */
    static WindowSelector forPass(AssignerKind kind, int workers, Random random) {
        return switch (kind) {
            case UTILIZATION -> new UtilizationSelector(workers);
            case SPREAD -> new SpreadSelector(workers, false);
            case SPREAD_QCOUNT -> new SpreadSelector(workers, true);
            case SPREAD_TASKS -> new SpreadTasksSelector(workers, false);
            case SPREAD_TASKS_QCOUNT -> new SpreadTasksSelector(workers, true);
            case RANDOM -> new RandomSelector(random);
        };
    }
}
