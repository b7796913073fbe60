package io.sealer.core.sched;

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

/**
 * Why a task is not running, and whether it ever can: read-only questions about the
 * registry, answered in sentences an operator can act on.
 */
final class Explanations<R> {
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
     * Per worker ("hostname (id)"): "worker disabled", "does not accept PC2", "can never fit:
     * " with figures, "another worker holds this sector (name)", or "acceptable; ..." (it
     * waits for a window of that worker, or behind other tasks).
     */
    Map<String, String> explain(TaskRequest t) {
        List<String> holders = new ArrayList<>();
        if (storage.strict(t)) {
            for (WorkerState<R> w : registry.all().values()) {
                if (storage.judge(w.info.id(), t) == StorageRule.Verdict.PREFERRED) {
                    holders.add(w.info.hostname());
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (WorkerState<R> w : registry.all().values()) {
            String reason;
            if (!w.enabled) {
                reason = "worker disabled";
            } else if (!w.info.taskTypes().contains(t.type())) {
                reason = "does not accept " + t.type().shortName();
            } else {
                String fit = WorkerState.IDLE.explain(w.need(t), t.schedId(), t.sealTask(), w.info.resources(),
                        w.info.ignoreResources(), parallelism);
                if (!fit.equals(Fit.OK.reason())) {
                    reason = "can never fit: " + fit;
                } else if (storage.refusal(w.info.id(), t).isPresent()) {
                    reason = storage.refusal(w.info.id(), t).get();
                } else if (!holders.isEmpty() && storage.judge(w.info.id(), t) != StorageRule.Verdict.PREFERRED) {
                    reason = "another worker holds this sector (" + String.join(", ", holders) + ")";
                } else if (!registry.hasOpenWindow(w.info.id())) {
                    reason = "acceptable; no open window (its windows hold " + w.assigned.size()
                            + " task(s) waiting for resources on the worker)";
                } else {
                    reason = "acceptable; waits behind higher-priority tasks in the queue";
                }
            }
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
