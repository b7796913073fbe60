package io.sealer.core.sim;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.SealTask;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.QueuedTask;
import io.sealer.core.sched.SchedulerCore;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.WorkerPools;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

/**
 * Runs the real scheduling code against simulated workers in virtual time. The scheduler side
 * is a {@link SchedulerCore} and every worker a {@link WorkerPools}, the same classes the
 * Scheduler and ResourceManager actors drive; this class only plays the messages between them
 * (with no latency) and the clock. Prepare and work steps take the durations of the input.
 *
 * <p>Events at one virtual instant are applied in the order they were created (tasks arriving
 * together come in list order); then, if a task arrived or a worker opened a window, scheduling
 * passes run until one assigns nothing, as the Scheduler runs one pass per burst of messages. The run ends when no event is left: every
 * task is done, could never run anywhere ("unschedulable", found when it arrives), or (a bug)
 * is stuck, which is reported instead of waiting forever.
 */
public final class SimEngine {
    /** The miner id of simulated sectors. */
    static final long MINER = 1000;

    /** One task of the run, the reply handle the scheduler carries for it. */
    static final class SimTask {
        final String id;
        final TaskRequest request;
        final long at;
        final long prepareMs;
        final long durationMs;
        final int sector; // index of the generated sector, -1 for explicit tasks
        final int step;
        int worker = -1;
        boolean hadPrepare;

        SimTask(String id, TaskRequest request, long at, long prepareMs, long durationMs, int sector, int step) {
            this.id = id;
            this.request = request;
            this.at = at;
            this.prepareMs = prepareMs;
            this.durationMs = durationMs;
            this.sector = sector;
            this.step = step;
        }
    }

    /** A line of the trace. */
    public record TraceEvent(long tMs, String task, String worker, String event) {}

    private enum Kind { ARRIVE, PREPARED, DONE, SECTOR_STEP, SECTOR_ARRIVE }

    private record Ev(long t, long seq, Kind kind, SimTask task, int sector, int step) {}

    private final SimSpec spec;
    private final boolean trace;
    private final SchedulerCore<SimTask> core;
    private final WorkerId[] ids;
    private final WorkerPools[] pools;
    private final Map<WorkerId, Integer> index = new HashMap<>();
    private final PriorityQueue<Ev> events = new PriorityQueue<>((a, b) -> a.t != b.t ? Long.compare(a.t, b.t)
            : Long.compare(a.seq, b.seq));
    private final Map<UUID, SimTask> live = new HashMap<>();
    private final Map<SealTask, Boolean> runnable = new HashMap<>();
    private long seq;
    private long windowSeq;
    private long taskSeq;
    private long now;
    private boolean passNeeded;

    // results
    private final List<TraceEvent> traceEvents = new ArrayList<>();
    private final List<String> unschedulable = new ArrayList<>();
    private final Map<TaskType, List<Long>> waits = new EnumMap<>(TaskType.class);
    private final UsageMeter usage;
    private long tasksDone;
    private int sectorsFinished;
    private int sectorsStalled;
    private long lastEvent;
    private int passes;
    private long nextFreshSector;
    private long[] sectorNumber;

    public SimEngine(SimSpec spec, boolean trace) {
        this.spec = spec;
        this.trace = trace;
        this.core = new SchedulerCore<>(spec.parallel(), spec.assigner(), new Random(spec.seed()));
        int n = spec.workers().size();
        ids = new WorkerId[n];
        pools = new WorkerPools[n];
        usage = new UsageMeter(n);
        for (int i = 0; i < n; i++) {
            SimSpec.WorkerSpec w = spec.workers().get(i);
            ids[i] = new WorkerId(w.name());
            index.put(ids[i], i);
            core.addWorker(new WorkerInfo(ids[i], w.name(), w.resources(), w.table(), w.taskTypes(), w.ignoreResources()));
            pools[i] = new WorkerPools(w.resources(), w.table(), w.ignoreResources(), spec.parallel());
        }
        long maxExplicit = 0;
        for (SimSpec.TaskSpec t : spec.tasks()) {
            maxExplicit = Math.max(maxExplicit, t.sector());
        }
        nextFreshSector = maxExplicit + 1;
    }

    /** Runs the simulation to its end. */
    public SimResult run() {
        for (int i = 0; i < pools.length; i++) {
            apply(i, pools[i].start());
        }
        for (SimSpec.TaskSpec t : spec.tasks()) {
            long number = t.sector() >= 0 ? t.sector() : nextFreshSector++;
            TaskRequest req = new TaskRequest(nextUuid(), new SectorRef(new SectorId(MINER, number), spec.proof()),
                    t.type(), t.priority(), t.prepType(), SelectorSpec.TASK_TYPE, Map.of());
            SimTask st = new SimTask(t.id(), req, t.atMs(), t.prepareMs(), t.durationMs(), -1, -1);
            push(t.atMs(), Kind.ARRIVE, st, -1, -1);
        }
        SimSpec.PipelineSpec p = spec.pipeline();
        if (p != null && p.sectors() > 0) {
            sectorNumber = new long[p.sectors()];
            push(p.startMs(), Kind.SECTOR_ARRIVE, null, 0, 0);
        }
        while (!events.isEmpty()) {
            now = events.peek().t;
            while (!events.isEmpty() && events.peek().t == now) {
                handle(events.poll());
            }
            schedule();
        }
        usage.close(lastEvent);
        return result();
    }

    private void handle(Ev e) {
        lastEvent = Math.max(lastEvent, e.t);
        switch (e.kind) {
            case ARRIVE -> arrive(e.task);
            case PREPARED -> apply(e.task.worker, pools[e.task.worker].prepared(e.task.request.schedId()));
            case DONE -> done(e.task);
            case SECTOR_ARRIVE -> {
                SimSpec.PipelineSpec p = spec.pipeline();
                sectorNumber[e.sector] = nextFreshSector++;
                if (e.sector + 1 < p.sectors()) {
                    push(now + p.everyMs(), Kind.SECTOR_ARRIVE, null, e.sector + 1, 0);
                }
                sectorStep(e.sector, 0);
            }
            case SECTOR_STEP -> sectorStep(e.sector, e.step);
        }
    }

    /** Starts step {@code step} of generated sector {@code s}; WaitSeed is a plain delay. */
    private void sectorStep(int s, int step) {
        List<SimSpec.Step> steps = spec.pipeline().steps();
        if (step >= steps.size()) {
            sectorsFinished++;
            return;
        }
        SimSpec.Step st = steps.get(step);
        if (st.type() == null) {
            push(now + st.durationMs(), Kind.SECTOR_STEP, null, s, step + 1);
            return;
        }
        int priority = spec.pipeline().hasDeals(s) ? TaskRequest.DEAL_PRIORITY : 0;
        // The prepare type is the sector state's; the selector stays task-type only, since the
        // simulator models no sector files for an affinity to follow.
        TaskRequest req = new TaskRequest(nextUuid(), new SectorRef(new SectorId(MINER, sectorNumber[s]), spec.proof()),
                st.type(), priority, st.task().prepType(), SelectorSpec.TASK_TYPE, Map.of());
        arrive(new SimTask("s" + sectorNumber[s] + "-" + st.type().shortName(), req, now, 0, st.durationMs(), s, step));
    }

    private void arrive(SimTask t) {
        boolean ok = runnable.computeIfAbsent(t.request.sealTask(), k -> core.runnableAnywhere(t.request));
        if (!ok) {
            unschedulable.add(t.id);
            if (t.sector >= 0) {
                sectorsStalled++;
            }
            return;
        }
        live.put(t.request.schedId(), t);
        core.submit(t.request, t, now);
        passNeeded = true;
    }

    private void done(SimTask t) {
        record(t, "done");
        tasksDone++;
        live.remove(t.request.schedId());
        apply(t.worker, pools[t.worker].finished(t.request.schedId()));
        if (t.sector >= 0) {
            sectorStep(t.sector, t.step + 1);
        }
    }

    /**
     * Scheduling passes while something that can change a pass's outcome happened (a task
     * arrived or a window opened, the events on which the Scheduler actor asks for a pass);
     * filled windows go to their workers at once, which may open windows again.
     */
    private void schedule() {
        while (passNeeded) {
            passNeeded = false;
            List<SchedulerCore.WindowAssignment<SimTask>> filled = core.trySchedule();
            passes++;
            if (filled.isEmpty()) {
                return;
            }
            for (SchedulerCore.WindowAssignment<SimTask> a : filled) {
                int w = index.get(a.worker());
                List<TaskRequest> reqs = new ArrayList<>(a.tasks().size());
                for (QueuedTask<SimTask> q : a.tasks()) {
                    q.reply().worker = w;
                    reqs.add(q.request());
                }
                apply(w, pools[w].windowAssigned(a.windowId(), reqs));
            }
        }
    }

    /**
     * Plays a worker's effects as the ResourceManager does: work that starts (the worker
     * decided those first: prepared tasks move up before new prepares), prepares, window
     * starts and requests, and its new load.
     */
    private void apply(int w, WorkerPools.Effects e) {
        for (TaskRequest r : e.startWork()) {
            SimTask t = live.get(r.schedId());
            record(t, "start");
            long wait = now - t.at - (t.hadPrepare ? t.prepareMs : 0);
            waits.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(Math.max(0, wait));
            push(now + t.durationMs, Kind.DONE, t, -1, -1);
        }
        for (TaskRequest r : e.startPrepare()) {
            SimTask t = live.get(r.schedId());
            record(t, "prepare");
            push(now + t.prepareMs, Kind.PREPARED, t, -1, -1);
        }
        if (!e.leftWindows().isEmpty()) {
            core.started(ids[w], e.leftWindows());
        }
        for (int i = 0; i < e.requestWindows(); i++) {
            core.openWindow(ids[w], new UUID(1, windowSeq++));
            passNeeded = true;
        }
        core.updateLoad(ids[w], pools[w].load());
        ActiveResources.Snapshot s = pools[w].activeSnapshot();
        WorkerResources res = spec.workers().get(w).resources();
        usage.set(w, now, (double) s.cpuUse() / res.cpus(), (double) s.memUsedMin() / Math.max(1, res.memPhysical()),
                res.gpuCount() == 0 ? 0 : s.gpuUsed() / res.gpuCount());
    }

    private void record(SimTask t, String event) {
        if (event.equals("prepare")) {
            t.hadPrepare = true;
        }
        if (trace) {
            traceEvents.add(new TraceEvent(now, t.id, t.worker < 0 ? "" : ids[t.worker].value(), event));
        }
    }

    private void push(long t, Kind kind, SimTask task, int sector, int step) {
        events.add(new Ev(t, seq++, kind, task, sector, step));
    }

    private UUID nextUuid() {
        return new UUID(0, ++taskSeq);
    }

    private SimResult result() {
        List<String> stuck = new ArrayList<>();
        for (QueuedTask<SimTask> q : core.queue()) {
            stuck.add(q.reply().id);
        }
        for (SimTask t : live.values()) {
            if (!stuck.contains(t.id)) {
                stuck.add(t.id);
            }
        }
        return new SimResult(spec, traceEvents, unschedulable, stuck, lastEvent, tasksDone, sectorsFinished, sectorsStalled,
                waits, usage, passes);
    }

    /** Time-weighted CPU, RAM and GPU use of each worker's executing pool. */
    static final class UsageMeter {
        final double[] cpu;
        final double[] ram;
        final double[] gpu;
        final double[][] area;
        final long[] since;

        UsageMeter(int n) {
            cpu = new double[n];
            ram = new double[n];
            gpu = new double[n];
            area = new double[n][3];
            since = new long[n];
        }

        void set(int w, long t, double c, double r, double g) {
            long dt = t - since[w];
            area[w][0] += cpu[w] * dt;
            area[w][1] += ram[w] * dt;
            area[w][2] += gpu[w] * dt;
            since[w] = t;
            cpu[w] = c;
            ram[w] = r;
            gpu[w] = g;
        }

        void close(long t) {
            for (int w = 0; w < cpu.length; w++) {
                set(w, t, cpu[w], ram[w], gpu[w]);
            }
        }

        /** Average use over [0, makespan]: {cpu, ram, gpu}. */
        double[] average(int w, long makespan) {
            if (makespan <= 0) {
                return new double[3];
            }
            return new double[] {area[w][0] / makespan, area[w][1] / makespan, area[w][2] / makespan};
        }
    }
}
