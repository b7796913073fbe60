package io.sealer.core.sched;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Bytes;
import io.sealer.core.resources.Fit;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.Resources;
import io.sealer.core.resources.WorkerResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Why a task is not running, and whether it ever can: read-only questions about the
 * registry, answered as typed verdicts ({@link WaitReason} with its figures, one per worker) that
 * the API and {@code sealing why} share, or in sentences an operator can act on.
 */
public final class Explanations<R> {
    private static final long GIB = 1L << 30;

    private final WorkerRegistry<R> registry;
    private final Parallelism parallelism;
    private final StorageRule storage;

    Explanations(WorkerRegistry<R> registry, Parallelism parallelism, StorageRule storage) {
        this.registry = registry;
        this.parallelism = parallelism;
        this.storage = storage;
    }

    /**
     * A worker as a verdict sees it.
     *
     * @param busy        what its executing tasks hold now; null when not known (taken as idle)
     * @param openWindows windows it asked for that the scheduler has not filled
     * @param assigned    tasks sent to it that it has not started
     */
    public record Candidate(WorkerInfo info, boolean enabled, ActiveResources busy, int openWindows, int assigned) {}

    /**
     * Why {@code t} is not running on each worker, in the order given: worker disabled, task type
     * not enabled, a resource its whole machine lacks (figures against the idle machine), storage
     * (the rule refuses the worker: for a task that must run where its files are, they are
     * elsewhere; for any other, no path of the worker has the space), the sector's files on other
     * workers (a strict task while some worker holds them), a resource its running tasks hold now
     * (figures against them), its windows full, or else it waits behind other tasks.
     */
    public static List<WaitExplanation.WorkerVerdict> verdicts(TaskRequest t, List<Candidate> workers,
            StorageRule storage, Parallelism parallelism) {
        List<String> holders = new ArrayList<>();
        boolean strict = storage.strict(t);
        for (Candidate c : workers) {
            if (strict && storage.judge(c.info().id(), t) == StorageRule.Verdict.PREFERRED) {
                holders.add(c.info().hostname());
            }
        }
        List<WaitExplanation.WorkerVerdict> out = new ArrayList<>();
        for (Candidate c : workers) {
            boolean elsewhere = !holders.isEmpty() && storage.judge(c.info().id(), t) != StorageRule.Verdict.PREFERRED;
            out.add(verdict(t, c, storage.refusal(c.info().id(), t), strict, elsewhere, holders, parallelism));
        }
        return out;
    }

    private static WaitExplanation.WorkerVerdict verdict(TaskRequest t, Candidate c, Optional<String> refusal,
            boolean strict, boolean filesElsewhere, List<String> holders, Parallelism p) {
        WorkerInfo info = c.info();
        UUID id = workerUuid(info.id());
        if (!c.enabled()) {
            return WaitExplanation.WorkerVerdict.of(id, info.hostname(), WaitReason.WORKER_DISABLED, null);
        }
        if (!info.taskTypes().contains(t.type())) {
            return WaitExplanation.WorkerVerdict.of(id, info.hostname(), WaitReason.TASK_TYPE_DISABLED, null);
        }
        Resources need = info.table().spec(t.type(), t.sector().proof());
        Fit never = WorkerState.IDLE.fit(need, t.schedId(), t.sealTask(), info.resources(), info.ignoreResources(), p);
        if (never != Fit.OK) {
            return figures(id, info, never, need, t, WorkerState.IDLE, p);
        }
        if (refusal.isPresent()) {
            return WaitExplanation.WorkerVerdict.of(id, info.hostname(),
                    strict ? WaitReason.FILES_ELSEWHERE : WaitReason.NO_STORAGE_SPACE, refusal.get());
        }
        if (filesElsewhere) {
            return WaitExplanation.WorkerVerdict.of(id, info.hostname(), WaitReason.FILES_ELSEWHERE,
                    String.join(", ", holders));
        }
        ActiveResources busy = c.busy() == null ? WorkerState.IDLE : c.busy();
        Fit now = busy.fit(need, t.schedId(), t.sealTask(), info.resources(), info.ignoreResources(), p);
        if (now != Fit.OK) {
            return figures(id, info, now, need, t, busy, p);
        }
        if (c.openWindows() == 0) {
            return WaitExplanation.WorkerVerdict.of(id, info.hostname(), WaitReason.NO_OPEN_WINDOW,
                    c.assigned() + " task(s) in its windows");
        }
        return WaitExplanation.WorkerVerdict.of(id, info.hostname(), WaitReason.BEHIND_OTHER_TASKS, null);
    }

    /** The verdict for a failed fit, with what the task needs, what is free and the worker's whole amount. */
    public static WaitExplanation.WorkerVerdict figures(UUID id, WorkerInfo info, Fit fit, Resources need, TaskRequest t,
            ActiveResources held, Parallelism p) {
        WorkerResources w = info.resources();
        ActiveResources.Snapshot s = held.snapshot();
        WaitReason reason = WaitReason.of(fit);
        return switch (fit) {
            case MAX_CONCURRENT -> WaitExplanation.WorkerVerdict.withFigures(id, info.hostname(), reason, 1,
                    Math.max(0, need.maxConcurrent() - held.count(t.sealTask())), need.maxConcurrent());
            case PHYSICAL_MEMORY -> WaitExplanation.WorkerVerdict.withFigures(id, info.hostname(), reason,
                    need.minMemory() + need.baseMinMemory(), Math.max(0, w.memPhysical() - s.memUsedMin()),
                    w.memPhysical());
            case VIRTUAL_MEMORY -> WaitExplanation.WorkerVerdict.withFigures(id, info.hostname(), reason,
                    need.maxMemory() + need.baseMinMemory(), Math.max(0, w.memPhysical() + w.memSwap()
                            - Math.max(s.memUsedMax(), w.memUsed() + w.memSwapUsed())), w.memPhysical() + w.memSwap());
            case CPU -> WaitExplanation.WorkerVerdict.withFigures(id, info.hostname(), reason,
                    need.threads(w.cpus(), w.gpuCount(), p), Math.max(0, w.cpus() - s.cpuUse()), w.cpus());
            case GPU -> WaitExplanation.WorkerVerdict.withFigures(id, info.hostname(), reason, need.gpuUtilization(),
                    Math.max(0, w.gpuCount() - s.gpuUsed()), w.gpuCount());
            case OK -> throw new IllegalArgumentException("the task fits; there is no reason to wait");
        };
    }

    /** A worker id as the views show it: the session UUID, or a stable UUID made from a test's name. */
    public static UUID workerUuid(WorkerId id) {
        try {
            return UUID.fromString(id.value());
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(id.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * Per worker ("hostname (id)"): "worker disabled", "does not accept PC2", "can never fit:
     * " with figures, the storage rule's refusal, "another worker holds this sector (name)", or
     * "acceptable; ..." (it waits for a window of that worker, or behind other tasks). The
     * verdicts of {@link #verdicts} against idle workers, in words.
     */
    Map<String, String> explain(TaskRequest t) {
        List<Candidate> candidates = new ArrayList<>();
        for (WorkerState<R> w : registry.all().values()) {
            candidates.add(new Candidate(w.info, w.enabled, null, registry.hasOpenWindow(w.info.id()) ? 1 : 0,
                    w.assigned.size()));
        }
        List<WaitExplanation.WorkerVerdict> verdicts = verdicts(t, candidates, storage, parallelism);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            WorkerState<R> w = registry.all().get(candidates.get(i).info().id());
            WaitExplanation.WorkerVerdict v = verdicts.get(i);
            String reason = switch (v.reason()) {
                case WORKER_DISABLED -> "worker disabled";
                case TASK_TYPE_DISABLED -> "does not accept " + t.type().shortName();
                case NO_STORAGE_SPACE -> v.detail();
                case FILES_ELSEWHERE -> storage.refusal(w.info.id(), t).isPresent() ? v.detail()
                        : "another worker holds this sector (" + v.detail() + ")";
                case NO_OPEN_WINDOW -> "acceptable; no open window (its windows hold " + w.assigned.size()
                        + " task(s) waiting for resources on the worker)";
                case BEHIND_OTHER_TASKS, IN_WINDOW -> "acceptable; waits behind higher-priority tasks in the queue";
                default -> "can never fit: " + WorkerState.IDLE.explain(w.need(t), t.schedId(), t.sealTask(),
                        w.info.resources(), w.info.ignoreResources(), parallelism);
            };
            out.put(w.info.hostname() + " (" + w.info.id() + ")", reason);
        }
        return out;
    }

    /** Whether any known worker could ever run {@code t} (accepts it and it fits an idle worker). */
    boolean runnableAnywhere(TaskRequest t) {
        for (WorkerState<R> w : registry.all().values()) {
            if (w.acceptsAndFitsIdle(t, parallelism)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why no registered worker could ever run {@code t}, even with every task type enabled
     * and nothing else running: "PC1 of a 32GiB sector needs 56.0 GiB of RAM; the largest
     * worker (host) has 23.0 GiB", where the largest worker is the one with the most RAM and
     * the figure is the first check it fails. Empty when some worker's whole machine fits
     * {@code t}, or when no worker is registered (nothing is known yet).
     */
    Optional<String> unschedulable(TaskRequest t) {
        WorkerState<R> largest = null;
        for (WorkerState<R> w : registry.all().values()) {
            if (w.fits(t, WorkerState.IDLE, parallelism)) {
                return Optional.empty();
            }
            if (largest == null || w.info.resources().memPhysical() > largest.info.resources().memPhysical()) {
                largest = w;
            }
        }
        if (largest == null) {
            return Optional.empty();
        }
        return Optional.of(shortfall(t, largest));
    }

    private String shortfall(TaskRequest t, WorkerState<R> w) {
        Resources need = w.need(t);
        WorkerResources has = w.info.resources();
        String task = t.type().sectorSized()
                ? t.type().shortName() + " of a " + t.sector().proof().sectorSize().label() + " sector"
                : t.type().shortName();
        String largest = "; the largest worker (" + w.info.hostname() + ") has ";
        Fit fit = WorkerState.IDLE.fit(need, t.schedId(), t.sealTask(), has, w.info.ignoreResources(), parallelism);
        return switch (fit) {
            case PHYSICAL_MEMORY -> task + " needs " + gib(need.minMemory() + need.baseMinMemory()) + " of RAM"
                    + largest + gib(has.memPhysical());
            case VIRTUAL_MEMORY -> task + " needs " + gib(need.maxMemory() + need.baseMinMemory())
                    + " of RAM + swap" + largest + gib(has.memPhysical() + has.memSwap() - has.memUsed()
                            - has.memSwapUsed()) + " free";
            case CPU -> task + " needs " + need.threads(has.cpus(), has.gpuCount(), parallelism) + " CPU threads"
                    + largest + has.cpus();
            case GPU -> task + " needs " + need.gpuUtilization() + " GPUs" + largest + has.gpuCount();
            default -> task + " cannot run on any worker: " + WorkerState.IDLE.explain(need, t.schedId(),
                    t.sealTask(), has, w.info.ignoreResources(), parallelism);
        };
    }

    /** "56.0 GiB" from one GiB up, else as {@link Bytes#format} writes it. */
    private static String gib(long bytes) {
        return bytes >= GIB ? String.format(Locale.ROOT, "%.1f GiB", (double) bytes / GIB) : Bytes.format(bytes);
    }
}
