package io.sealer.cluster.operator;

import io.sealer.cluster.api.ApiJson;
import io.sealer.core.actors.ResourceManager;
import io.sealer.core.actors.SchedulerSnapshot;
import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Fit;
import io.sealer.core.resources.Resources;
import io.sealer.core.resources.SealTask;
import io.sealer.core.sched.Explanations;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WaitExplanation;
import io.sealer.core.sched.WaitReason;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * From one {@link SchedulerSnapshot} to what the operator views render: the workers of
 * {@code sealing workers}, the jobs of {@code sealing jobs}, the {@link SchedDiag} and the
 * {@link WaitExplanation} of a sector. Pure: the same snapshot always gives the same views.
 *
 * <p>Where a job stands (its run-wait number): running = executing (0); prepared = fetching
 * its inputs or prepared and waiting for the executing pool (1); assigned(n) = in the worker's
 * n-th window (n + 1); returned = finished, its outcome sent and not yet acknowledged by the
 * sector (−2; such results are held by the worker that ran them, so it is listed under that
 * worker, not under the all-zero id).
 */
public final class SnapshotViews {
    /** The stage names {@link ResourceManager.Job#stage()} carries. */
    private static final String RUNNING = "running";
    private static final String ASSIGNED = "assigned";
    private static final int RETURNED = -2;

    private SnapshotViews() {}

    /** Every registered worker; figures of a worker that did not report in time are zero. */
    public static List<WorkerSnapshot> workers(SchedulerSnapshot s) {
        List<WorkerSnapshot> out = new ArrayList<>();
        for (SchedulerSnapshot.Worker w : s.workers()) {
            WorkerInfo info = w.status() == null ? w.info() : w.status().info();
            ActiveResources.Snapshot exec = w.status() == null ? new ActiveResources().snapshot() : w.status().executing();
            Map<TaskType, Integer> counts = new EnumMap<>(TaskType.class);
            Map<TaskType, Integer> limits = new EnumMap<>(TaskType.class);
            for (ResourceManager.Job j : jobsOf(w)) {
                if (!j.stage().equals(ASSIGNED)) {
                    counts.merge(j.type(), 1, Integer::sum);
                    int max = info.table().spec(j.type(), j.proof()).maxConcurrent();
                    if (max > 0) {
                        limits.merge(j.type(), max, Math::max);
                    }
                }
            }
            var r = info.resources();
            out.add(new WorkerSnapshot(Explanations.workerUuid(info.id()), info.hostname(), w.enabled(),
                    info.taskTypes(), r.cpus(), r.memPhysical(), r.memUsed(), r.memSwap(), r.memSwapUsed(), r.gpus(),
                    exec.cpuUse(), exec.memUsedMin(), exec.memUsedMax(), exec.gpuUsed(), counts, limits));
        }
        return out;
    }

    /** The current hostname of every registered worker, by the id the views show. */
    public static Map<UUID, String> hostnames(SchedulerSnapshot s) {
        Map<UUID, String> out = new LinkedHashMap<>();
        s.workers().forEach(w -> out.put(Explanations.workerUuid(w.info().id()), w.info().hostname()));
        return out;
    }

    /** Every task on a worker (assigned, preparing, running) and every result not acknowledged yet. */
    public static List<JobSnapshot> jobs(SchedulerSnapshot s) {
        List<JobSnapshot> out = new ArrayList<>();
        Map<String, SchedulerSnapshot.Worker> byId = new LinkedHashMap<>();
        for (SchedulerSnapshot.Worker w : s.workers()) {
            byId.put(w.info().id().value(), w);
            UUID worker = Explanations.workerUuid(w.info().id());
            for (ResourceManager.Job j : jobsOf(w)) {
                int runWait = switch (j.stage()) {
                    case RUNNING -> 0;
                    case ASSIGNED -> JobState.assignedRunWait(Math.max(0, j.window()));
                    default -> 1;
                };
                out.add(new JobSnapshot(j.schedId(), j.sector().number(), worker, w.info().hostname(), j.type(), runWait,
                        j.sinceMs() > 0 ? Instant.ofEpochMilli(j.sinceMs()) : null));
            }
        }
        for (SchedulerSnapshot.Call c : s.calls()) {
            if (c.finished() && c.request() != null) {
                SchedulerSnapshot.Worker w = byId.get(c.worker().value());
                out.add(new JobSnapshot(c.schedId(), c.request().sector().id().number(),
                        Explanations.workerUuid(c.worker()), w == null ? "" : w.info().hostname(), c.request().type(),
                        RETURNED, null));
            }
        }
        return out;
    }

    /**
     * The scheduler's state in the seed's shape: the calls the miner waits on ({@code Waiting},
     * with their work in {@code CallToWork}), the results sent and not acknowledged
     * ({@code ReturnedWork}), the queue and the open windows, and why each queued sector waits.
     */
    public static SchedDiag schedDiag(SchedulerSnapshot s) {
        Map<String, String> callToWork = new LinkedHashMap<>();
        List<String> waiting = new ArrayList<>();
        List<String> returned = new ArrayList<>();
        for (SchedulerSnapshot.Call c : s.calls()) {
            if (c.request() == null) {
                continue;
            }
            String key = callKey(c.request());
            if (c.finished()) {
                returned.add(key);
            } else {
                waiting.add(key);
                callToWork.put(key, c.request().type().wireName() + "(" + ApiJson.write(Map.of("CallId",
                        c.request().callId() == null ? "" : c.request().callId())) + ")");
            }
        }
        List<String> open = new ArrayList<>();
        for (SchedulerSnapshot.Worker w : s.workers()) {
            for (int i = 0; i < w.openWindows(); i++) {
                open.add(Explanations.workerUuid(w.info().id()).toString());
            }
        }
        List<SchedDiag.Request> requests = new ArrayList<>();
        Set<SectorId> waitingSectors = new LinkedHashSet<>();
        for (SchedulerSnapshot.Queued q : s.queue()) {
            TaskRequest r = q.request();
            requests.add(new SchedDiag.Request(r.priority(), r.schedId(),
                    new SchedDiag.Sector(r.sector().id().miner(), r.sector().id().number()), r.type().wireName()));
            waitingSectors.add(r.sector().id());
        }
        List<WaitExplanation> why = waitingSectors.stream().map(id -> why(s, id)).toList();
        return new SchedDiag(callToWork, List.of(), returned, new SchedDiag.SchedInfo(open, requests), waiting, why);
    }

    /**
     * Why the tasks of {@code sector} wait: each queued one (with its place in the queue) with a
     * verdict per worker, and each one sent to a worker's window with that worker's verdict.
     */
    public static WaitExplanation why(SchedulerSnapshot s, SectorId sector) {
        List<WaitExplanation.WaitingTask> tasks = new ArrayList<>();
        List<Explanations.Candidate> candidates = new ArrayList<>();
        for (SchedulerSnapshot.Worker w : s.workers()) {
            WorkerInfo info = w.status() == null ? w.info() : w.status().info();
            candidates.add(new Explanations.Candidate(info, w.enabled(), busy(info, w, s), w.openWindows(),
                    w.assigned().size()));
        }
        int place = 0;
        for (SchedulerSnapshot.Queued q : s.queue()) {
            place++;
            if (q.request().sector().id().equals(sector)) {
                tasks.add(new WaitExplanation.WaitingTask(q.request().type(), q.request().schedId(),
                        Math.max(0, s.takenAtMs() - q.queuedAtMs()), place, s.queue().size(),
                        Explanations.verdicts(q.request(), candidates, q.storageRule(), s.parallelism())));
            }
        }
        for (int i = 0; i < s.workers().size(); i++) {
            SchedulerSnapshot.Worker w = s.workers().get(i);
            for (ResourceManager.Job j : jobsOf(w)) {
                if (j.stage().equals(ASSIGNED) && j.sector().equals(sector)) {
                    tasks.add(new WaitExplanation.WaitingTask(j.type(), j.schedId(), 0, 0, s.queue().size(),
                            List.of(inWindow(j, candidates.get(i), s))));
                }
            }
        }
        return new WaitExplanation(sector.miner(), sector.number(), tasks);
    }

    /** The verdict of the worker whose window holds {@code j}: what its running tasks leave too little of. */
    private static WaitExplanation.WorkerVerdict inWindow(ResourceManager.Job j, Explanations.Candidate c,
            SchedulerSnapshot s) {
        WorkerInfo info = c.info();
        Resources need = info.table().spec(j.type(), j.proof());
        SealTask task = new SealTask(j.type(), j.proof());
        TaskRequest probe = new TaskRequest(j.schedId(), new io.sealer.core.task.SectorRef(j.sector(), j.proof()),
                j.type(), 0, TaskType.NOOP, null, Map.of());
        Fit fit = c.busy().fit(need, j.schedId(), task, info.resources(), info.ignoreResources(), s.parallelism());
        UUID id = Explanations.workerUuid(info.id());
        return fit == Fit.OK ? WaitExplanation.WorkerVerdict.of(id, info.hostname(), WaitReason.IN_WINDOW, null)
                : Explanations.figures(id, info, fit, need, probe, c.busy(), s.parallelism());
    }

    /** What a worker's executing tasks hold now, rebuilt from the jobs it reported (idle when it did not report). */
    private static ActiveResources busy(WorkerInfo info, SchedulerSnapshot.Worker w, SchedulerSnapshot s) {
        ActiveResources acc = new ActiveResources();
        for (ResourceManager.Job j : jobsOf(w)) {
            if (j.stage().equals(RUNNING)) {
                acc.add(new SealTask(j.type(), j.proof()), j.schedId(), info.table().spec(j.type(), j.proof()),
                        info.resources(), s.parallelism());
            }
        }
        return acc;
    }

    private static List<ResourceManager.Job> jobsOf(SchedulerSnapshot.Worker w) {
        return w.status() == null ? List.of() : w.status().jobs();
    }

    /** "{@code <miner>-<sector>-<call uuid>}", the seed's name of a call. */
    private static String callKey(TaskRequest r) {
        return r.sector().id().miner() + "-" + r.sector().id().number() + "-" + r.schedId();
    }
}
