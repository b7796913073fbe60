package io.sealer.core.resources;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A resource accumulator (docs/scheduling.md): the sums of MinMemory, MaxMemory, threads and GPU share
 * of the tasks charged to it, and per seal task the requests counted against MaxConcurrent.
 * BaseMinMemory is added to a candidate's need but never accumulated. Not thread-safe: owned
 * by one actor or one scheduling pass.
 */
public final class ActiveResources {
    private long memUsedMin;
    private long memUsedMax;
    private double gpuUsed;
    private int cpuUse;
    private Map<SealTask, Map<UUID, Integer>> counter;

    public ActiveResources() {}

    private ActiveResources(ActiveResources other) {
        memUsedMin = other.memUsedMin;
        memUsedMax = other.memUsedMax;
        gpuUsed = other.gpuUsed;
        cpuUse = other.cpuUse;
        if (other.counter != null) {
            counter = new HashMap<>();
            other.counter.forEach((k, v) -> counter.put(k, new HashMap<>(v)));
        }
    }

    public ActiveResources copy() {
        return new ActiveResources(this);
    }

    public void add(SealTask task, UUID id, Resources r, WorkerResources w, Parallelism p) {
        if (r.gpuUtilization() > 0) {
            gpuUsed += r.gpuUtilization();
        }
        cpuUse += r.threads(w.cpus(), w.gpuCount(), p);
        memUsedMin += r.minMemory();
        memUsedMax += r.maxMemory();
        if (counter == null) {
            counter = new HashMap<>();
        }
        counter.computeIfAbsent(task, k -> new HashMap<>()).merge(id, 1, Integer::sum);
    }

    /**
     * Adds {@code r}'s memory, threads and GPU share without counting a request against
     * MaxConcurrent. Only for accumulators in which no task of this seal task can have a
     * MaxConcurrent limit (a scheduling pass's window, when the worker's row has none).
     */
    public void addUncounted(Resources r, WorkerResources w, Parallelism p) {
        if (r.gpuUtilization() > 0) {
            gpuUsed += r.gpuUtilization();
        }
        cpuUse += r.threads(w.cpus(), w.gpuCount(), p);
        memUsedMin += r.minMemory();
        memUsedMax += r.maxMemory();
    }

    public void free(SealTask task, UUID id, Resources r, WorkerResources w, Parallelism p) {
        if (r.gpuUtilization() > 0) {
            gpuUsed = Math.max(0, gpuUsed - r.gpuUtilization());
        }
        cpuUse -= r.threads(w.cpus(), w.gpuCount(), p);
        memUsedMin -= r.minMemory();
        memUsedMax -= r.maxMemory();
        Map<UUID, Integer> ids = counter == null ? null : counter.get(task);
        if (ids != null) {
            ids.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
            if (ids.isEmpty()) {
                counter.remove(task);
            }
        }
    }

    /**
     * Whether {@code need} for request {@code id} of {@code task} fits on top of what this
     * accumulator holds on worker {@code w}. MaxConcurrent is checked even when the worker
     * ignores resources; a request already counted does not count against the limit again.
     */
    public Fit fit(Resources need, UUID id, SealTask task, WorkerResources w, boolean ignoreResources, Parallelism p) {
        if (need.maxConcurrent() > 0 && counter != null) {
            Map<UUID, Integer> tasks = counter.get(task);
            if (tasks != null && tasks.size() >= need.maxConcurrent()
                    && (id == null || tasks.getOrDefault(id, 0) == 0)) {
                return Fit.MAX_CONCURRENT;
            }
        }
        if (ignoreResources) {
            return Fit.OK;
        }
        long neededPhys = need.minMemory() + need.baseMinMemory();
        long availPhys = w.memPhysical() - memUsedMin;
        if (neededPhys > availPhys) {
            return Fit.PHYSICAL_MEMORY;
        }
        long neededVirt = need.maxMemory() + need.baseMinMemory();
        long usedVirt = Math.max(memUsedMax, w.memUsed() + w.memSwapUsed());
        long availVirt = w.memPhysical() + w.memSwap() - usedVirt;
        if (neededVirt > availVirt) {
            return Fit.VIRTUAL_MEMORY;
        }
        if (cpuUse + need.threads(w.cpus(), w.gpuCount(), p) > w.cpus()) {
            return Fit.CPU;
        }
        if (w.gpuCount() > 0 && need.gpuUtilization() > 0 && gpuUsed + need.gpuUtilization() > w.gpuCount()) {
            return Fit.GPU;
        }
        return Fit.OK;
    }

    /** A sentence saying why {@code need} does not fit, with the figures; "fits" when it does. */
    public String explain(Resources need, UUID id, SealTask task, WorkerResources w, boolean ignoreResources,
            Parallelism p) {
        Fit fit = fit(need, id, task, w, ignoreResources, p);
        return switch (fit) {
            case OK -> fit.reason();
            case MAX_CONCURRENT -> fit.reason() + " (" + need.maxConcurrent() + " " + task.type().shortName()
                    + " already counted)";
            case PHYSICAL_MEMORY -> fit.reason() + ": need " + Bytes.format(need.minMemory() + need.baseMinMemory())
                    + ", free " + Bytes.format(w.memPhysical() - memUsedMin) + " of " + Bytes.format(w.memPhysical());
            case VIRTUAL_MEMORY -> fit.reason() + ": need " + Bytes.format(need.maxMemory() + need.baseMinMemory())
                    + ", free " + Bytes.format(w.memPhysical() + w.memSwap()
                            - Math.max(memUsedMax, w.memUsed() + w.memSwapUsed()));
            case CPU -> fit.reason() + ": need " + need.threads(w.cpus(), w.gpuCount(), p) + ", " + cpuUse
                    + " of " + w.cpus() + " in use";
            case GPU -> fit.reason() + ": need " + need.gpuUtilization() + ", " + gpuUsed + " of "
                    + w.gpuCount() + " in use";
        };
    }

    /** 1.0 = full; the most loaded of CPU, RAM, RAM + swap and (when present) GPU. */
    public double utilization(WorkerResources w) {
        double max = (double) cpuUse / w.cpus();
        double memMin = (double) Math.max(memUsedMin, w.memUsed()) / w.memPhysical();
        max = Math.max(max, memMin);
        long virt = w.memPhysical() + w.memSwap();
        double memMax = (double) Math.max(memUsedMax, w.memUsed() + w.memSwapUsed()) / virt;
        max = Math.max(max, memMax);
        if (w.gpuCount() > 0) {
            max = Math.max(max, gpuUsed / w.gpuCount());
        }
        return max;
    }

    /** How many distinct requests of {@code task} are counted here. */
    public int count(SealTask task) {
        Map<UUID, Integer> ids = counter == null ? null : counter.get(task);
        return ids == null ? 0 : ids.size();
    }

    public boolean isEmpty() {
        return cpuUse == 0 && memUsedMin == 0 && memUsedMax == 0 && gpuUsed == 0
                && (counter == null || counter.isEmpty());
    }

    public Snapshot snapshot() {
        return new Snapshot(memUsedMin, memUsedMax, gpuUsed, cpuUse);
    }

    /** An immutable copy of the sums, for reports and tests. */
    public record Snapshot(long memUsedMin, long memUsedMax, double gpuUsed, int cpuUse)
            implements io.sealer.core.JsonSerializable {}
}
