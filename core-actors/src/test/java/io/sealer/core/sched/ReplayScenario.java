package io.sealer.core.sched;

import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * One random scheduling scenario, fixed by its seed: workers with random hardware, GPUs, task
 * types, resource overrides and enabled flags; a queue of tasks of every type, size, priority
 * and selector (sector affinity against random held sectors); then several passes with events
 * between them (windows opening, tasks starting, loads changing, workers disabled, enabled,
 * removed or joining, more tasks arriving). {@link #run} returns the transcript of every
 * decision: what each pass assigned to which window, what went back to the queue, and which
 * tasks can run anywhere. Same seed, same transcript, as long as the scheduler decides the same.
 */
final class ReplayScenario {
    private static final long GIB = 1L << 30;
    private static final TaskType[] TYPES = {TaskType.DC, TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1,
        TaskType.C2, TaskType.FIN, TaskType.FUS, TaskType.GET, TaskType.UNS, TaskType.RU, TaskType.PR1, TaskType.PR2,
        TaskType.GSK, TaskType.FRU, TaskType.DL, TaskType.WDP, TaskType.WNP};
    private static final String[] OVERRIDES = {"PC1_MAX_CONCURRENT", "PC2_MAX_CONCURRENT", "AP_MAX_CONCURRENT",
        "C2_GPU_UTILIZATION", "PC2_GPU_UTILIZATION", "PC1_32G_MIN_MEMORY", "C2_MAX_CONCURRENT", "GET_MAX_CONCURRENT"};

    private ReplayScenario() {}

    static String run(long seed) {
        Random rnd = new Random(seed);
        AssignerKind assigner = AssignerKind.values()[rnd.nextInt(AssignerKind.values().length)];
        Parallelism parallelism = rnd.nextBoolean() ? Parallelism.DEFAULT : Parallelism.ALL;
        Map<WorkerId, Set<SectorId>> held = new HashMap<>();
        SchedulerCore<Integer> core = new SchedulerCore<>(parallelism, assigner, new Random(seed * 31 + 7),
                (w, s) -> held.getOrDefault(w, Set.of()).contains(s));
        StringBuilder out = new StringBuilder();
        out.append("assigner ").append(assigner.configName()).append(' ').append(parallelism.num()).append('/')
                .append(parallelism.denom()).append('\n');

        int sectors = 1 + rnd.nextInt(40);
        List<WorkerId> workers = new ArrayList<>();
        Map<WorkerId, Integer> windowSerial = new HashMap<>();
        Map<UUID, String> windowName = new HashMap<>();
        int nWorkers = 1 + rnd.nextInt(10);
        for (int i = 0; i < nWorkers; i++) {
            workers.add(addWorker(core, rnd, "w" + i, sectors, held));
        }
        for (WorkerId w : workers) {
            if (rnd.nextInt(6) == 0) {
                core.disableWorker(w);
            }
            int windows = rnd.nextInt(4);
            for (int k = 0; k < windows; k++) {
                open(core, w, windowSerial, windowName);
            }
        }
        List<TaskRequest> tasks = new ArrayList<>();
        int initial = rnd.nextInt(150);
        for (int i = 0; i < initial; i++) {
            submit(core, rnd, tasks, sectors);
        }
        StringBuilder runnable = new StringBuilder();
        for (TaskRequest t : tasks) {
            runnable.append(core.runnableAnywhere(t) ? '1' : '0');
        }
        out.append("runnable ").append(runnable).append('\n');

        int passes = 2 + rnd.nextInt(5);
        for (int p = 0; p < passes; p++) {
            List<SchedulerCore.WindowAssignment<Integer>> filled = core.trySchedule();
            out.append("pass ").append(p).append(':');
            for (SchedulerCore.WindowAssignment<Integer> a : filled) {
                out.append(' ').append(windowName.get(a.windowId())).append('=');
                for (QueuedTask<Integer> q : a.tasks()) {
                    out.append(q.reply()).append(',');
                }
            }
            out.append(" queued ").append(core.queue().size()).append(" open ").append(core.openWindows().size())
                    .append('\n');
            events(core, rnd, workers, windowSerial, windowName, tasks, sectors, held, out);
        }
        return out.toString();
    }

    private static void events(SchedulerCore<Integer> core, Random rnd, List<WorkerId> workers,
            Map<WorkerId, Integer> windowSerial, Map<UUID, String> windowName, List<TaskRequest> tasks, int sectors,
            Map<WorkerId, Set<SectorId>> held, StringBuilder out) {
        for (WorkerId w : new ArrayList<>(workers)) {
            WorkerState<Integer> s = core.worker(w);
            if (s == null) {
                continue;
            }
            List<UUID> assigned = new ArrayList<>(s.assigned().keySet());
            if (!assigned.isEmpty() && rnd.nextBoolean()) {
                List<UUID> start = assigned.subList(0, 1 + rnd.nextInt(assigned.size()));
                core.started(w, new ArrayList<>(start));
            }
            if (rnd.nextInt(3) == 0) {
                Map<String, Integer> byType = new HashMap<>();
                byType.put(TYPES[rnd.nextInt(TYPES.length)].shortName(), rnd.nextInt(4));
                core.updateLoad(w, new WorkerLoad(rnd.nextDouble() * 3, rnd.nextInt(8), byType));
            }
            int windows = rnd.nextInt(3);
            for (int k = 0; k < windows; k++) {
                open(core, w, windowSerial, windowName);
            }
            switch (rnd.nextInt(14)) {
                case 0 -> out.append("disable ").append(w).append(' ').append(ids(core.disableWorker(w))).append('\n');
                case 1 -> core.enableWorker(w);
                case 2 -> {
                    out.append("remove ").append(w).append(' ').append(ids(core.removeWorker(w))).append('\n');
                    workers.remove(w);
                }
                case 3 -> core.updateTaskTypes(w, randomTypes(rnd));
                default -> { }
            }
        }
        if (rnd.nextInt(3) == 0) {
            WorkerId joined = addWorker(core, rnd, "w" + windowSerial.size() + "j" + workers.size(), sectors, held);
            workers.add(joined);
            open(core, joined, windowSerial, windowName);
        }
        int more = rnd.nextInt(30);
        for (int i = 0; i < more; i++) {
            submit(core, rnd, tasks, sectors);
        }
        if (!tasks.isEmpty() && rnd.nextInt(4) == 0) {
            QueuedTask<Integer> removed = core.removeRequest(tasks.get(rnd.nextInt(tasks.size())).schedId());
            out.append("removed ").append(removed == null ? "-" : removed.reply()).append('\n');
        }
    }

    private static String ids(List<QueuedTask<Integer>> back) {
        return back.stream().map(q -> q.reply().toString()).toList().toString();
    }

    private static WorkerId addWorker(SchedulerCore<Integer> core, Random rnd, String name, int sectors,
            Map<WorkerId, Set<SectorId>> held) {
        WorkerId id = new WorkerId(name);
        long ram = (4 + rnd.nextInt(600)) * GIB;
        long used = rnd.nextInt(8) * GIB / 2;
        long swap = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(256) * GIB;
        int cpus = 1 + rnd.nextInt(128);
        List<String> gpus = new ArrayList<>();
        int nGpus = rnd.nextInt(4);
        for (int g = 0; g < nGpus; g++) {
            gpus.add("GPU" + g);
        }
        Map<String, String> env = new HashMap<>();
        if (rnd.nextInt(3) == 0) {
            int k = 1 + rnd.nextInt(3);
            for (int i = 0; i < k; i++) {
                String key = OVERRIDES[rnd.nextInt(OVERRIDES.length)];
                String value = switch (key) {
                    case "C2_GPU_UTILIZATION", "PC2_GPU_UTILIZATION" -> Double.toString(rnd.nextInt(5) * 0.25);
                    case "PC1_32G_MIN_MEMORY" -> Long.toString(rnd.nextInt(80) * GIB);
                    default -> Integer.toString(rnd.nextInt(4));
                };
                env.put(key, value);
            }
        }
        if (rnd.nextInt(4) == 0) {
            env.put("FIL_PROOFS_USE_MULTICORE_SDR", "1");
        }
        ResourceTable table = env.isEmpty() ? ResourceTable.defaults() : ResourceTable.fromEnv(env, w -> { });
        core.addWorker(new WorkerInfo(id, name, new WorkerResources(ram, Math.min(used, ram), swap, 0, cpus, gpus),
                table, randomTypes(rnd), rnd.nextInt(12) == 0));
        Set<SectorId> mine = new HashSet<>();
        int h = rnd.nextInt(4);
        for (int i = 0; i < h; i++) {
            mine.add(new SectorId(1000, rnd.nextInt(sectors)));
        }
        held.put(id, mine);
        return id;
    }

    private static Set<TaskType> randomTypes(Random rnd) {
        Set<TaskType> types = EnumSet.noneOf(TaskType.class);
        if (rnd.nextInt(5) == 0) {
            types.addAll(List.of(TYPES));
            return types;
        }
        int n = rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            types.add(TYPES[rnd.nextInt(TYPES.length)]);
        }
        return types;
    }

    private static void open(SchedulerCore<Integer> core, WorkerId w, Map<WorkerId, Integer> windowSerial,
            Map<UUID, String> windowName) {
        int serial = windowSerial.merge(w, 1, Integer::sum);
        UUID id = new UUID(w.value().hashCode(), serial);
        windowName.put(id, w + "." + serial);
        core.openWindow(w, id);
    }

    private static void submit(SchedulerCore<Integer> core, Random rnd, List<TaskRequest> tasks, int sectors) {
        TaskType type = TYPES[rnd.nextInt(TYPES.length)];
        SealProof proof = SealProof.values()[rnd.nextInt(SealProof.values().length)];
        int priority = switch (rnd.nextInt(4)) {
            case 0 -> TaskRequest.DEAL_PRIORITY;
            case 1 -> rnd.nextInt(2000) - 1000;
            default -> 0;
        };
        SelectorSpec selector = rnd.nextInt(3) == 0 ? SelectorSpec.SECTOR_AFFINITY : SelectorSpec.TASK_TYPE;
        TaskType prep = rnd.nextBoolean() ? TaskType.GET : TaskType.NOOP;
        int index = tasks.size();
        TaskRequest t = new TaskRequest(new UUID(7, index), new SectorRef(new SectorId(1000, rnd.nextInt(sectors)), proof),
                type, priority, prep, selector, Map.of());
        tasks.add(t);
        core.submit(t, index, index);
    }

    static String digest(String transcript) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(transcript.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                hex.append(String.format("%02x", d[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
