package io.sealer.cluster.rpc;

import io.sealer.cluster.operator.JobSnapshot;
import io.sealer.cluster.operator.WorkerSnapshot;
import io.sealer.cluster.rpc.LotusTypes.CallId;
import io.sealer.cluster.rpc.LotusTypes.SectorId;
import io.sealer.cluster.rpc.LotusTypes.TaskLimits;
import io.sealer.cluster.rpc.LotusTypes.WorkerInfo;
import io.sealer.cluster.rpc.LotusTypes.WorkerJob;
import io.sealer.cluster.rpc.LotusTypes.WorkerResources;
import io.sealer.cluster.rpc.LotusTypes.WorkerStats;
import io.sealer.core.task.TaskType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Between the views' snapshots and the Lotus shapes on the wire: the node answers
 * {@code Filecoin.WorkerStats} and {@code Filecoin.WorkerJobs} from snapshots, and the CLI
 * turns the answers back into snapshots to render them.
 */
public final class LotusViews {
    /** The worker id and call id Lotus uses for "none". */
    static final UUID NONE = new UUID(0, 0);
    /** Lotus's zero time, for a job with no start. */
    static final Instant NO_START = Instant.parse("0001-01-01T00:00:00Z");

    private LotusViews() {}

    /** A worker's stats for the wire; task counts and limits are keyed by {@code sealProof}. */
    public static WorkerStats workerStats(WorkerSnapshot w, long sealProof) {
        Map<String, Integer> counts = new TreeMap<>();
        w.taskCounts().forEach((t, n) -> counts.put(sealProof + ":" + t.wireName(), n));
        Map<String, Map<String, TaskLimits>> limits = new TreeMap<>();
        w.maxConcurrent().forEach((t, max) -> limits.put(t.wireName(), Map.of(Long.toString(sealProof), new TaskLimits(max))));
        List<String> tasks = w.taskTypes().stream().sorted().map(TaskType::wireName).toList();
        return new WorkerStats(new WorkerInfo(w.hostname(), false, new WorkerResources(w.memPhysical(), w.memUsed(),
                w.memSwap(), w.memSwapUsed(), w.cpus(), w.gpus(), limits)), tasks, w.enabled(), w.memUsedMin(),
                w.memUsedMax(), w.gpuUsed(), w.cpuUse(), counts);
    }

    /** The snapshot the {@code sealing workers} view renders, from a worker's stats; counts of all proofs add up. */
    public static WorkerSnapshot workerSnapshot(UUID id, WorkerStats s) {
        WorkerResources r = s.info().resources();
        Map<TaskType, Integer> counts = new EnumMap<>(TaskType.class);
        s.taskCounts().forEach((key, n) -> counts.merge(TaskType.ofWireName(key.substring(key.indexOf(':') + 1)), n,
                Integer::sum));
        Map<TaskType, Integer> limits = new EnumMap<>(TaskType.class);
        (r.resources() == null ? Map.<String, Map<String, TaskLimits>>of() : r.resources()).forEach((type, byProof) ->
                byProof.values().forEach(l -> limits.merge(TaskType.ofWireName(type), l.maxConcurrent(), Math::max)));
        EnumSet<TaskType> tasks = EnumSet.noneOf(TaskType.class);
        s.tasks().forEach(t -> tasks.add(TaskType.ofWireName(t)));
        return new WorkerSnapshot(id, s.info().hostname(), s.enabled(), tasks, Math.toIntExact(r.cpus()),
                r.memPhysical(), r.memUsed(), r.memSwap(), r.memSwapUsed(), r.gpus() == null ? List.of() : r.gpus(),
                s.cpuUse(), s.memUsedMin(), s.memUsedMax(), s.gpuUsed(), counts, limits);
    }

    /** Jobs for the wire, by worker; jobs with no worker (results the miner holds) under the all-zero id. */
    public static Map<UUID, List<WorkerJob>> workerJobs(List<JobSnapshot> jobs, long miner) {
        Map<UUID, List<WorkerJob>> byWorker = new TreeMap<>();
        for (JobSnapshot j : jobs) {
            SectorId sector = new SectorId(miner, j.sector());
            byWorker.computeIfAbsent(j.workerId() == null ? NONE : j.workerId(), k -> new ArrayList<>())
                    .add(new WorkerJob(new CallId(sector, j.callId() == null ? NONE : j.callId()), sector,
                            j.task().wireName(), j.runWait(), j.start() == null ? NO_START : j.start(), j.hostname()));
        }
        return byWorker;
    }

    /** The rows of the {@code sealing jobs} view, from {@code Filecoin.WorkerJobs}'s answer. */
    public static List<JobSnapshot> jobSnapshots(Map<UUID, List<WorkerJob>> jobs) {
        List<JobSnapshot> rows = new ArrayList<>();
        jobs.forEach((worker, list) -> list.forEach(j -> rows.add(new JobSnapshot(
                NONE.equals(j.id().id()) ? null : j.id().id(), j.sector().number(), NONE.equals(worker) ? null : worker,
                j.hostname(), TaskType.ofWireName(j.task()), j.runWait(),
                j.start() == null || j.start().equals(NO_START) ? null : j.start()))));
        return rows;
    }
}
