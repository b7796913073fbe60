package io.sealer.core.sched;

import java.util.Arrays;

/**
 * The spread assigners' shared rule: the candidate window whose worker has the lowest task
 * count that still fits, first in candidate order among equals. A count starts at
 * {@link #initialCount} the first time the pass reads it and grows by one per task the pass
 * assigns; subclasses say what is counted (all tasks, or tasks per type) and where it starts.
 */
abstract class CountingSelector implements WindowSelector {
    private static final int ABSENT = -1;
    /** Counts per pass worker index, one slot per {@link #slot}; null until first read. */
    private final int[][] counts;
    private final int slots;

    CountingSelector(int workers, int slots) {
        this.counts = new int[workers][];
        this.slots = slots;
    }

    /** Which of a worker's counts {@code t} reads and raises. */
    abstract int slot(TaskRequest t);

    /** A worker's count before this pass gave it anything. */
    abstract int initialCount(WorkerState<?> w, TaskRequest t);

    @Override
    public final int choose(TaskRequest t, Candidates candidates, SchedulingPass<?> pass) {
        int best = -1;
        int bestCount = Integer.MAX_VALUE;
        for (int j = candidates.first(); j < candidates.size(); j = candidates.after(j)) {
            int i = candidates.window(j);
            int c = count(pass.owner(i), t);
            if (c < bestCount) {
                if (pass.fits(t, i)) {
                    best = i;
                    bestCount = c;
                } else {
                    candidates.drop(j);
                }
            }
        }
        return best;
    }

    @Override
    public final void assigned(WorkerState<?> w, TaskRequest t, double utilizationGrowth) {
        int c = count(w, t) + 1;
        countsOf(w)[slot(t)] = c;
    }

    private int[] countsOf(WorkerState<?> w) {
        int[] slot = counts[w.passIndex];
        if (slot == null) {
            slot = new int[slots];
            Arrays.fill(slot, ABSENT);
            counts[w.passIndex] = slot;
        }
        return slot;
    }

    private int count(WorkerState<?> w, TaskRequest t) {
        int c = countsOf(w)[slot(t)];
        return c != ABSENT ? c : initialCount(w, t);
    }
}
