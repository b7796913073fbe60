package io.sealer.core.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The random assigner (experiment-random): uniformly random among the windows that fit. */
final class RandomSelector implements WindowSelector {
    private final Random random;

    RandomSelector(Random random) {
        this.random = random;
    }

    @Override
    public int choose(TaskRequest t, Candidates candidates, SchedulingPass<?> pass) {
        List<Integer> fitting = new ArrayList<>();
        for (int j = candidates.first(); j < candidates.size(); j = candidates.after(j)) {
            int i = candidates.window(j);
            if (pass.fits(t, i)) {
                fitting.add(i);
            } else {
                candidates.drop(j);
            }
        }
        return fitting.isEmpty() ? -1 : fitting.get(random.nextInt(fitting.size()));
    }

    @Override
    public void assigned(WorkerState<?> w, TaskRequest t, double utilizationGrowth) {
        // Nothing to remember: each choice is independent.
    }
}
