package io.sealer.core.sim;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Fit;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.Resources;
import io.sealer.core.resources.SealTask;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The best a cluster could do for a generated pipeline, whatever the scheduler does. Workers
 * are grouped when identical. Per group and task type, {@code slots} is how many such tasks fit
 * an idle worker (the fit check of docs/scheduling.md, MaxConcurrent included).
 *
 * <p>Steady-state capacity is a linear program over the average number of tasks of each type
 * running on a worker of each group: per group, their threads, RAM (MinMemory), RAM + swap
 * (MaxMemory) and GPU share stay within the worker's, no type above its slots, and each type
 * runs N·duration task-seconds per N sectors. Every real schedule satisfies these on average,
 * so no schedule beats the rate.
 *
 * <p>The makespan can be no shorter than the largest of: the last arrival plus one sector's
 * latency; per type, the steps before it, ceil(N / slots) rounds of it, and the steps after it;
 * per set of types, the earliest of them can start, their work at the capacity of the program
 * restricted to them, and the shortest tail after them.
 */
public final class SimBound {
    /** A task type that fits an idle worker without limit (no resources, no MaxConcurrent) gets this many slots. */
    static final int UNLIMITED = 100_000;
    private static final int MAX_GROUPS_FOR_SUBSETS = 24;

    /** The bound: makespan lower bound, what set it, the steady-state rate and every lower bound by name. */
    public record Bound(long makespanMs, String bottleneck, double capacitySectorsPerSecond,
            Map<String, Long> lowerBounds) {}

    private record GroupKey(WorkerResources resources, Map<String, String> env, Set<TaskType> types, boolean ignore) {}

    private record Group(SimSpec.WorkerSpec worker, int count) {}

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
        Map<GroupKey, int[]> counts = new LinkedHashMap<>();
        Map<GroupKey, SimSpec.WorkerSpec> reps = new LinkedHashMap<>();
        for (SimSpec.WorkerSpec w : spec.workers()) {
            GroupKey k = new GroupKey(w.resources(), w.env(), w.taskTypes(), w.ignoreResources());
            reps.putIfAbsent(k, w);
            counts.computeIfAbsent(k, x -> new int[1])[0]++;
        }
        List<Group> groups = new ArrayList<>();
        reps.forEach((k, w) -> groups.add(new Group(w, counts.get(k)[0])));

        List<TaskType> types = new ArrayList<>();
        Map<TaskType, Long> duration = new LinkedHashMap<>();
        Map<TaskType, Integer> perSector = new LinkedHashMap<>();
        Map<TaskType, Long> pre = new LinkedHashMap<>();
        Map<TaskType, Long> post = new LinkedHashMap<>();
        long elapsed = 0;
        long latency = pipe.latencyMs();
        for (SimSpec.Step s : steps) {
            if (s.type() != null) {
                if (!types.contains(s.type())) {
                    types.add(s.type());
                    pre.put(s.type(), elapsed);
                }
                duration.merge(s.type(), s.durationMs(), Math::max);
                perSector.merge(s.type(), 1, Integer::sum);
                post.put(s.type(), latency - elapsed - s.durationMs());
            }
            elapsed += s.durationMs();
        }
        Map<String, Long> lower = new LinkedHashMap<>();
        lower.put("arrivals", pipe.startMs() + (n - 1) * pipe.everyMs() + latency);

        int[][] slots = new int[groups.size()][types.size()];
        boolean impossible = false;
        for (int k = 0; k < types.size(); k++) {
            TaskType t = types.get(k);
            long total = 0;
            for (int g = 0; g < groups.size(); g++) {
                slots[g][k] = slots(groups.get(g).worker(), t, spec.proof(), spec.parallel());
                total += (long) groups.get(g).count() * slots[g][k];
            }
            if (total == 0) {
                impossible = true;
                continue;
            }
            long tasks = (long) n * perSector.get(t);
            long rounds = (tasks + total - 1) / total;
            lower.put(t.shortName() + " slots", pipe.startMs() + pre.get(t) + rounds * duration.get(t) + post.get(t));
        }
        if (impossible) {
            return new Bound(Long.MAX_VALUE, "no worker for some task type", 0, lower);
        }
        Lp lp = new Lp(spec, groups, types, duration, perSector, slots);
        int all = (1 << types.size()) - 1;
        double capacity = lp.capacity(all);
        boolean subsets = groups.size() <= MAX_GROUPS_FOR_SUBSETS && types.size() <= 10;
        long bestSubset = -1;
        String bestSubsetName = null;
        for (int mask = 1; mask <= all; mask++) {
            if (!subsets && mask != all) {
                continue;
            }
            double x = mask == all ? capacity : lp.capacity(mask);
            if (x <= 0 || Double.isInfinite(x)) {
                continue;
            }
            long minPre = Long.MAX_VALUE;
            long minPost = Long.MAX_VALUE;
            StringBuilder name = new StringBuilder();
            for (int k = 0; k < types.size(); k++) {
                if ((mask & (1 << k)) != 0) {
                    minPre = Math.min(minPre, pre.get(types.get(k)));
                    minPost = Math.min(minPost, post.get(types.get(k)));
                    name.append(name.length() == 0 ? "" : "+").append(types.get(k).shortName());
                }
            }
            long lb = pipe.startMs() + minPre + (long) Math.ceil(n / x * 1000) + minPost;
            if (mask == all) {
                lower.put("cluster capacity", lb);
            } else if (lb > bestSubset) {
                bestSubset = lb;
                bestSubsetName = name + " capacity";
            }
            // The same set, counting only the work that cannot be done before a time tau: a
            // task is released when its sector arrives plus the steps before it, and runs at
            // most at full speed from then on. What is left at tau takes at least the time the
            // program needs for exactly that work; then the shortest tail after it.
            for (long tau : taus(mask, types, pre, pipe)) {
                double[] work = new double[types.size()];
                long tail = Long.MAX_VALUE;
                for (int k = 0; k < types.size(); k++) {
                    if ((mask & (1 << k)) != 0) {
                        TaskType t = types.get(k);
                        work[k] = remainingMs(pipe, pre.get(t), duration.get(t), tau) / 1000.0;
                        if (work[k] > 0) {
                            tail = Math.min(tail, post.get(t));
                        }
                    }
                }
                if (tail == Long.MAX_VALUE) {
                    continue;
                }
                double rate = lp.rate(mask, work);
                if (rate <= 0 || Double.isInfinite(rate)) {
                    continue;
                }
                long lbTau = tau + (long) Math.ceil(1000 / rate) + tail;
                if (lbTau > bestSubset) {
                    bestSubset = lbTau;
                    bestSubsetName = (mask == all ? "cluster" : name.toString()) + " work left at "
                            + SimResult.seconds(tau) + " s";
                }
            }
        }
        if (bestSubsetName != null) {
            lower.put(bestSubsetName, bestSubset);
        }
        String bottleneck = "arrivals";
        long best = -1;
        for (Map.Entry<String, Long> e : lower.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                bottleneck = e.getKey();
            }
        }
        return new Bound(best, bottleneck, capacity, lower);
    }

    /** Times at which to count the work left: when the first, a quarter, ..., the last sector's step is released. */
    private static List<Long> taus(int mask, List<TaskType> types, Map<TaskType, Long> pre, SimSpec.PipelineSpec pipe) {
        List<Long> out = new ArrayList<>();
        int n = pipe.sectors();
        for (int k = 0; k < types.size(); k++) {
            if ((mask & (1 << k)) != 0) {
                for (int q = 0; q <= 4; q++) {
                    long i = (long) (n - 1) * q / 4;
                    long tau = pipe.startMs() + i * pipe.everyMs() + pre.get(types.get(k));
                    if (!out.contains(tau)) {
                        out.add(tau);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Milliseconds of a step's work (duration d, starting pre after its sector arrives) that no
     * schedule can have done by tau: each sector's task has progressed at most tau minus its
     * release. Closed form over the evenly spaced arrivals.
     */
    static double remainingMs(SimSpec.PipelineSpec pipe, long pre, long d, long tau) {
        int n = pipe.sectors();
        double u = tau - pre - pipe.startMs(); // progress of sector 0's task at most
        if (d <= 0) {
            return 0;
        }
        long every = pipe.everyMs();
        if (every == 0) {
            return n * Math.min(d, Math.max(0, d - u));
        }
        // Sector i may have progressed u - i*every: full d left for i > u/every, none for i <= (u-d)/every.
        long hi = (long) Math.floor(u / every); // last i with progress >= 0
        long lo = (long) Math.ceil((u - d) / every); // first i with progress <= d
        lo = Math.max(0, lo);
        hi = Math.min(n - 1L, hi);
        double total = 0;
        long fullFrom = Math.max(0, hi + 1);
        if (fullFrom < n) {
            total += (double) (n - fullFrom) * d;
        }
        if (hi >= lo) {
            long count = hi - lo + 1;
            total += count * (d - u) + every * (double) (lo + hi) * count / 2;
        }
        return total;
    }

    /** The capacity program, restricted to a set of task types. */
    private static final class Lp {
        private final SimSpec spec;
        private final List<Group> groups;
        private final List<TaskType> types;
        private final Map<TaskType, Long> duration;
        private final Map<TaskType, Integer> perSector;
        private final int[][] slots;

        Lp(SimSpec spec, List<Group> groups, List<TaskType> types, Map<TaskType, Long> duration,
                Map<TaskType, Integer> perSector, int[][] slots) {
            this.spec = spec;
            this.groups = groups;
            this.types = types;
            this.duration = duration;
            this.perSector = perSector;
            this.slots = slots;
        }

        /**
         * Max sectors per second. Variables: x, then c[g][t] (tasks of t running on average on
         * one worker of g). Rows: per group its four resources; per variable its slots; per
         * type k_t·d_t·x − Σ_g n_g·c[g][t] ≤ 0.
         */
        double capacity(int mask) {
            double[] work = new double[types.size()];
            for (int k = 0; k < types.size(); k++) {
                work[k] = perSector.get(types.get(k)) * duration.get(types.get(k)) / 1000.0;
            }
            return rate(mask, work);
        }

        /**
         * How many times per second the cluster can do {@code work} (task-seconds per type, of
         * the types in {@code mask}); for a sector's work, that is sectors per second.
         */
        double rate(int mask, double[] work) {
            List<int[]> vars = new ArrayList<>();
            List<Integer> typeIdx = new ArrayList<>();
            for (int k = 0; k < types.size(); k++) {
                if ((mask & (1 << k)) != 0 && work[k] > 0) {
                    typeIdx.add(k);
                    for (int g = 0; g < groups.size(); g++) {
                        if (slots[g][k] > 0) {
                            vars.add(new int[] {g, k});
                        }
                    }
                }
            }
            if (typeIdx.isEmpty()) {
                return Double.POSITIVE_INFINITY;
            }
            int nv = 1 + vars.size();
            int rows = groups.size() * 4 + vars.size() + typeIdx.size();
            double[][] a = new double[rows][nv];
            double[] b = new double[rows];
            Parallelism p = spec.parallel();
            SealProof proof = spec.proof();
            for (int g = 0; g < groups.size(); g++) {
                WorkerResources w = groups.get(g).worker().resources();
                boolean ignore = groups.get(g).worker().ignoreResources();
                b[g * 4] = ignore ? 0 : w.cpus();
                b[g * 4 + 1] = ignore ? 0 : w.memPhysical() / (double) (1 << 30);
                b[g * 4 + 2] = ignore ? 0 : (w.memPhysical() + w.memSwap()) / (double) (1 << 30);
                b[g * 4 + 3] = ignore ? 0 : w.gpuCount();
            }
            int row = groups.size() * 4;
            for (int v = 0; v < vars.size(); v++) {
                int g = vars.get(v)[0];
                int k = vars.get(v)[1];
                SimSpec.WorkerSpec ws = groups.get(g).worker();
                WorkerResources w = ws.resources();
                if (!ws.ignoreResources()) {
                    Resources r = ws.table().spec(types.get(k), proof);
                    a[g * 4][v + 1] = r.threads(w.cpus(), w.gpuCount(), p);
                    a[g * 4 + 1][v + 1] = r.minMemory() / (double) (1 << 30);
                    a[g * 4 + 2][v + 1] = r.maxMemory() / (double) (1 << 30);
                    a[g * 4 + 3][v + 1] = w.gpuCount() > 0 && r.gpuUtilization() > 0 ? r.gpuUtilization() : 0;
                }
                a[row + v][v + 1] = 1;
                b[row + v] = slots[g][k];
            }
            row += vars.size();
            for (int i = 0; i < typeIdx.size(); i++) {
                int k = typeIdx.get(i);
                a[row + i][0] = work[k];
                for (int v = 0; v < vars.size(); v++) {
                    if (vars.get(v)[1] == k) {
                        a[row + i][v + 1] = -groups.get(vars.get(v)[0]).count();
                    }
                }
            }
            double[] c = new double[nv];
            c[0] = 1;
            double[] z = Simplex.maximize(a, b, c);
            return z == null ? Double.POSITIVE_INFINITY : z[0];
        }
    }
}
