package io.sealer.core.sched;

import java.util.Arrays;

/**
 * The utilization assigner: the first fitting window in candidate order, moving on only to a
 * strictly less utilized worker, where a worker's utilization is its report plus what this
 * pass has given it.
 *
 * <p>Lotus's rule with one deliberate change: further windows of a worker already considered
 * for this task are skipped instead of ending the scan. Lotus stops at the best worker's own
 * second window (same utilization, "not lower") and so piles a burst onto one machine
 * (lotus#7607); here the scan goes on to the next worker.
 */
final class UtilizationSelector implements WindowSelector {
    /** Pass utilization per pass worker index; NaN until first read. */
    private final double[] utilization;

    UtilizationSelector(int workers) {
        utilization = new double[workers];
        Arrays.fill(utilization, Double.NaN);
    }

    @Override
    public int choose(TaskRequest t, Candidates candidates, SchedulingPass<?> pass) {
        int best = -1;
        double bestUtil = 0;
        WorkerState<?> previous = null;
        for (int j = candidates.first(); j < candidates.size(); j = candidates.after(j)) {
            int i = candidates.window(j);
            WorkerState<?> w = pass.owner(i);
            if (w == previous) {
                continue;
            }
            if (!pass.fits(t, i)) {
                candidates.drop(j);
                continue;
            }
            previous = w;
            double u = utilization[w.passIndex];
            if (Double.isNaN(u)) {
                u = w.utilization();
                utilization[w.passIndex] = u;
            }
            if (best < 0 || u < bestUtil) {
                best = i;
                bestUtil = u;
            } else {
                break;
            }
        }
        return best;
    }

    @Override
    public void assigned(WorkerState<?> w, TaskRequest t, double utilizationGrowth) {
        double u = utilization[w.passIndex];
        utilization[w.passIndex] = Double.isNaN(u) ? utilizationGrowth : u + utilizationGrowth;
    }
}
