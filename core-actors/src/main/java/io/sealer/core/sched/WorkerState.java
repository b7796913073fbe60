package io.sealer.core.sched;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Fit;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.Resources;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The scheduler's view of one worker: what it reported (info, load), whether it is enabled,
 * and the tasks sent to it that it has not started. Changed only by the {@link WorkerRegistry}
 * and the {@link SchedulingPass}.
 */
public final class WorkerState<R> {
    /** What an idle worker holds: nothing. Never changed. */
    static final ActiveResources IDLE = new ActiveResources();

    WorkerInfo info;
    boolean enabled = true;
    /** False while the worker's node is unreachable: no windows, but its unstarted tasks stay. */
    boolean reachable = true;
    WorkerLoad load = WorkerLoad.IDLE;
    double pendingUtilization;
    final Map<UUID, QueuedTask<R>> assigned = new LinkedHashMap<>();
    /** Dense index of this worker in the current pass, valid while passId matches. */
    int passIndex;
    long passId = -1;

    WorkerState(WorkerInfo info) {
        this.info = info;
    }

    public WorkerInfo info() {
        return info;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean reachable() {
        return reachable;
    }

    public WorkerLoad load() {
        return load;
    }

    /** Utilization for ranking: the last report plus windows sent since. */
    public double utilization() {
        return load.utilization() + pendingUtilization;
    }

    /** Tasks sent to the worker in windows that it has not started yet. */
    public Map<UUID, QueuedTask<R>> assigned() {
        return Collections.unmodifiableMap(assigned);
    }

    /** What {@code t} needs on this worker, by the worker's own table. */
    Resources need(TaskRequest t) {
        return info.table().spec(t.type(), t.sector().proof());
    }

    /** Whether {@code t} fits on top of {@code held} (a pass accumulator, or {@link #IDLE}). */
    boolean fits(TaskRequest t, ActiveResources held, Parallelism parallelism) {
        return held.fit(need(t), t.schedId(), t.sealTask(), info.resources(), info.ignoreResources(), parallelism)
                == Fit.OK;
    }

    /** Whether this worker accepts {@code t}'s type and {@code t} fits its whole, idle machine. */
    boolean acceptsAndFitsIdle(TaskRequest t, Parallelism parallelism) {
        return info.taskTypes().contains(t.type()) && fits(t, IDLE, parallelism);
    }
}
