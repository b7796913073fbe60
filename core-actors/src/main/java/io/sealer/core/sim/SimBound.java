package io.sealer.core.sim;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Fit;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.Resources;
import io.sealer.core.resources.SealTask;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The best a cluster could do for a generated pipeline, from its bottleneck. Each worker has,
 * per task type it accepts, a number of slots: how many such tasks fit on it when idle (the
 * fit check of spec §2.4, MaxConcurrent included). From those:
 * <ul>
 *   <li>steady-state capacity (sectors per second): a linear program that shares each
 *       worker's time between the task types it accepts, maximizing the sector rate;
 *   <li>a lower bound on the makespan, the largest of: the last arrival plus one sector's
 *       latency; per task type, the steps before it, its N tasks over all its slots, and the
 *       steps after it; and N sectors at the steady-state capacity.
 * </ul>
 * The bound ignores scheduling entirely, so no scheduler can beat it.
 */
public final class SimBound {
    /** A task type that fits an idle worker without limit (no resources, no MaxConcurrent) gets this many slots. */
    static final int UNLIMITED = 100_000;

    /** The bound: makespan lower bound, what set it, and the steady-state rate. */
    public record Bound(long makespanMs, String bottleneck, double capacitySectorsPerSecond,
            Map<String, Long> lowerBounds) {}

    private SimBound() {}

    /** How many tasks of {@code type} fit an idle worker at once. */
    static int slots(SimSpec.WorkerSpec w, TaskType type, SealProof proof, Parallelism p) {
        if (!w.taskTypes().contains(type)) {
            return 0;
        }
        Resources need = w.table().spec(type, proof);
        SealTask st = new SealTask(type, proof);
        ActiveResources acc = new ActiveResources();
        int n = 0;
        while (n < UNLIMITED) {
            UUID id = new UUID(2, n);
            if (acc.fit(need, id, st, w.resources(), w.ignoreResources(), p) != Fit.OK) {
                break;
            }
            acc.add(st, id, need, w.resources(), p);
            n++;
        }
        return n;
    }

    /** The bound for the spec's pipeline; null without a pipeline. */
    public static Bound of(SimSpec spec) {
        SimSpec.PipelineSpec pipe = spec.pipeline();
        if (pipe == null || pipe.sectors() == 0) {
            return null;
        }
        int n = pipe.sectors();
        List<SimSpec.Step> steps = pipe.steps();
        // Groups of identical workers (one per input entry).
        Map<Integer, List<SimSpec.WorkerSpec>> groups = new LinkedHashMap<>();
        for (SimSpec.WorkerSpec w : spec.workers()) {
            groups.computeIfAbsent(w.group(), g -> new ArrayList<>()).add(w);
        }
        List<TaskType> types = new ArrayList<>();
        Map<TaskType, Long> duration = new LinkedHashMap<>();
        Map<TaskType, Integer> perSector = new LinkedHashMap<>();
        for (SimSpec.Step s : steps) {
            if (s.type() != null) {
                if (!types.contains(s.type())) {
                    types.add(s.type());
                }
                duration.merge(s.type(), s.durationMs(), Math::max);
                perSector.merge(s.type(), 1, Integer::sum);
            }
        }
        Map<String, Long> lower = new LinkedHashMap<>();
        long latency = pipe.latencyMs();
        lower.put("arrivals", pipe.startMs() + (n - 1) * pipe.everyMs() + latency);

        // Per type: everything before its (first) step, its tasks over all its slots, everything after.
        int g = groups.size();
        int[][] slots = new int[g][types.size()];
        int gi = 0;
        for (List<SimSpec.WorkerSpec> ws : groups.values()) {
            for (int k = 0; k < types.size(); k++) {
                slots[gi][k] = slots(ws.get(0), types.get(k), spec.proof(), spec.parallel());
            }
            gi++;
        }
        int[] sizes = groups.values().stream().mapToInt(List::size).toArray();
        boolean impossible = false;
        for (int k = 0; k < types.size(); k++) {
            TaskType t = types.get(k);
            long total = 0;
            for (int q = 0; q < g; q++) {
                total += (long) sizes[q] * slots[q][k];
            }
            if (total == 0) {
                impossible = true;
                continue;
            }
            long pre = 0;
            long post = 0;
            int first = -1;
            int last = -1;
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).type() == t) {
                    last = i;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
            for (int i = 0; i < first; i++) {
                pre += steps.get(i).durationMs();
            }
            for (int i = last + 1; i < steps.size(); i++) {
                post += steps.get(i).durationMs();
            }
            long tasks = (long) n * perSector.get(t);
            long rounds = (tasks + total - 1) / total;
            long span = rounds * duration.get(t);
            lower.put(t.shortName() + " slots", pipe.startMs() + pre + span + post);
        }

        double capacity = impossible ? 0 : lp(types, duration, perSector, slots, sizes);
        if (capacity > 0 && !Double.isInfinite(capacity)) {
            lower.put("cluster capacity", pipe.startMs() + (long) Math.ceil(n / capacity * 1000));
        }
        String bottleneck = "arrivals";
        long best = -1;
        for (Map.Entry<String, Long> e : lower.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                bottleneck = e.getKey();
            }
        }
        if (impossible) {
            return new Bound(Long.MAX_VALUE, "no worker for some task type", 0, lower);
        }
        return new Bound(best, bottleneck, capacity, lower);
    }

    /**
     * Steady-state sectors per second: variable 0 is the rate x, then y[g][t] (tasks of type t
     * per second on group g). Each group's time: Σ_t y·d_t/slots ≤ group size; each type:
     * k_t·x ≤ Σ_g y[g][t].
     */
    private static double lp(List<TaskType> types, Map<TaskType, Long> duration, Map<TaskType, Integer> perSector,
            int[][] slots, int[] sizes) {
        int g = sizes.length;
        int tcount = types.size();
        List<int[]> vars = new ArrayList<>();
        for (int q = 0; q < g; q++) {
            for (int k = 0; k < tcount; k++) {
                if (slots[q][k] > 0) {
                    vars.add(new int[] {q, k});
                }
            }
        }
        int nv = 1 + vars.size();
        int m = g + tcount;
        double[][] a = new double[m][nv];
        double[] b = new double[m];
        for (int q = 0; q < g; q++) {
            b[q] = sizes[q];
        }
        for (int k = 0; k < tcount; k++) {
            a[g + k][0] = perSector.get(types.get(k));
        }
        for (int v = 0; v < vars.size(); v++) {
            int q = vars.get(v)[0];
            int k = vars.get(v)[1];
            double seconds = duration.get(types.get(k)) / 1000.0;
            a[q][v + 1] = seconds / slots[q][k];
            a[g + k][v + 1] = -1;
        }
        double[] c = new double[nv];
        c[0] = 1;
        double[] z = Simplex.maximize(a, b, c);
        return z == null ? Double.POSITIVE_INFINITY : z[0];
    }
}
