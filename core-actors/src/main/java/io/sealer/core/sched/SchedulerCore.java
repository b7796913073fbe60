package io.sealer.core.sched;

import io.sealer.core.resources.Parallelism;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * The scheduler's state and its scheduling pass, free of actors and clocks so the Scheduler
 * actor and the simulator run the same code. It owns the queue ({@link RequestQueue}) and the
 * workers with their open windows and unstarted tasks ({@link WorkerRegistry}), so a worker
 * that is disabled or lost gives its unstarted tasks back to the queue at once. Not thread-safe.
 *
 * <p>The parts, one concern each (docs/scheduling.md, "Where the scheduler's code lives"):
 * {@link SchedulingPass} makes one pass; {@link CandidateIndex} gives each task class its
 * acceptable windows, best first; one {@link WindowSelector} per assigner picks among them;
 * {@link Explanations} says why a task waits or that it never can run.
 *
 * <p>What keeps a pass over 100,000 tasks fast (none of it changes a decision; see
 * docs/performance.md, "Scheduler"): tasks of one class (type, proof, selector) that found no
 * window cannot find one later in the same pass, since windows only fill up, so the rest of
 * that class is skipped; for the same reason a window that cannot fit a task of a class leaves
 * that class's candidate list for the rest of the pass; the pass's bookkeeping lives in arrays
 * indexed by a dense per-pass worker number.
 */
public final class SchedulerCore<R> {

    /** A window a worker has asked for, in the order it was opened. */
    public record OpenWindow(WorkerId worker, UUID windowId) {}

    /** Tasks assigned to one window in a pass, to be sent to its worker. */
    public record WindowAssignment<R>(WorkerId worker, UUID windowId, List<QueuedTask<R>> tasks) {}

    /** Where a resubmitted request already is: sent to {@code assignedTo}, or queued when that is null. */
    public record Held(WorkerId assignedTo) {}

    private final Parallelism parallelism;
    private final AssignerKind assigner;
    private final Random random;
    private final StorageRule storage;
    private final RequestQueue<R> queue = new RequestQueue<>();
    private final WorkerRegistry<R> registry = new WorkerRegistry<>();
    private final Explanations<R> explanations;
    private long passCount;

    /**
     * @param random breaks ties among equally good workers (and picks for the random assigner)
     * @param storage which workers' storage suits a task's selector
     */
    public SchedulerCore(Parallelism parallelism, AssignerKind assigner, Random random, StorageRule storage) {
        this.parallelism = parallelism;
        this.assigner = assigner;
        this.random = random;
        this.storage = storage;
        this.explanations = new Explanations<>(registry, parallelism, storage);
    }

    /** @param holdsSector whether a worker already holds a sector's files ({@link StorageRule#affinity}) */
    public SchedulerCore(Parallelism parallelism, AssignerKind assigner, Random random,
            BiPredicate<WorkerId, SectorId> holdsSector) {
        this(parallelism, assigner, random, StorageRule.affinity(holdsSector));
    }

    public SchedulerCore(Parallelism parallelism, AssignerKind assigner, Random random) {
        this(parallelism, assigner, random, (w, s) -> false);
    }

    public Parallelism parallelism() {
        return parallelism;
    }

    public AssignerKind assigner() {
        return assigner;
    }

    // ---- requests ---------------------------------------------------------------------

    public boolean submit(TaskRequest request, R reply, long now) {
        return queue.push(request, reply, now);
    }

    /** Removes a queued request; null if it is not queued (assigned or running already). */
    public QueuedTask<R> removeRequest(UUID schedId) {
        return queue.remove(schedId);
    }

    public RequestQueue<R> queue() {
        return queue;
    }

    // ---- workers ----------------------------------------------------------------------

    /** Adds a worker, or updates the info of one already known (keeping its state). */
    public void addWorker(WorkerInfo info) {
        registry.add(info);
    }

    public void updateTaskTypes(WorkerId id, Set<TaskType> types) {
        registry.updateTaskTypes(id, types);
    }

    /** Drops a worker; its unstarted tasks go back to the queue. Returns them. */
    public List<QueuedTask<R>> removeWorker(WorkerId id) {
        return requeue(registry.remove(id));
    }

    /**
     * Disables a worker (unreachable, or by the operator): every task sent to it that has not
     * started goes back to the queue at once, its open windows close, and it gets no work until
     * enabled. Running tasks are not touched. Returns the requeued tasks.
     */
    public List<QueuedTask<R>> disableWorker(WorkerId id) {
        return requeue(registry.disable(id));
    }

    private List<QueuedTask<R>> requeue(List<QueuedTask<R>> back) {
        back.forEach(queue::requeue);
        return back;
    }

    /** See {@link WorkerRegistry#setReachable}: unreachable closes the windows but keeps the unstarted tasks. */
    public void setReachable(WorkerId id, boolean reachable) {
        registry.setReachable(id, reachable);
    }

    /**
     * A request submitted again: if it is queued or sent to a worker unstarted, it takes the new
     * reply handle and is not queued twice.
     *
     * @return null if neither (submit it), else where it is
     */
    public Held resubmitted(UUID schedId, R reply) {
        if (queue.replaceReply(schedId, reply)) {
            return new Held(null);
        }
        WorkerId w = registry.replaceAssignedReply(schedId, reply);
        return w == null ? null : new Held(w);
    }

    public void enableWorker(WorkerId id) {
        registry.enable(id);
    }

    public WorkerState<R> worker(WorkerId id) {
        return registry.get(id);
    }

    public Map<WorkerId, WorkerState<R>> workers() {
        return registry.all();
    }

    /** A worker asks for a window; ignored if the worker is unknown or disabled. */
    public boolean openWindow(WorkerId id, UUID windowId) {
        return registry.openWindow(id, windowId);
    }

    public List<OpenWindow> openWindows() {
        return Collections.unmodifiableList(registry.openWindows());
    }

    public void updateLoad(WorkerId id, WorkerLoad load) {
        registry.updateLoad(id, load);
    }

    /**
     * The worker started these tasks (they left its windows). Returns the ids that had been
     * requeued meanwhile (a disable raced the start) and were taken out of the queue again.
     */
    public List<UUID> started(WorkerId id, List<UUID> schedIds) {
        registry.started(id, schedIds);
        List<UUID> raced = new ArrayList<>();
        for (UUID u : schedIds) {
            if (queue.remove(u) != null) {
                raced.add(u);
            }
        }
        return raced;
    }

    // ---- the pass ---------------------------------------------------------------------

    /**
     * One scheduling pass. Assigned tasks leave the queue and are remembered as sent to their
     * worker; the windows that got tasks are closed and returned for delivery.
     */
    public List<WindowAssignment<R>> trySchedule() {
        if (registry.openWindows().isEmpty() || queue.isEmpty()) {
            return List.of();
        }
        return new SchedulingPass<>(queue, registry, ++passCount, parallelism, assigner, random, storage).run();
    }

    // ---- diagnostics ------------------------------------------------------------------

    /**
     * Why a task is not running, per worker: "worker disabled", "does not accept PC2", a
     * resource reason with figures, "another worker holds this sector (name)", or "acceptable;
     * ..." (it waits for a window of that worker).
     */
    public Map<String, String> explain(TaskRequest t) {
        return explanations.explain(t);
    }

    /** Whether any known worker could ever run {@code t} (accepts it and it fits an idle worker). */
    public boolean runnableAnywhere(TaskRequest t) {
        return explanations.runnableAnywhere(t);
    }

    /**
     * Why no registered worker's whole machine could ever fit {@code t} ("PC1 of a 32GiB sector
     * needs 56.0 GiB of RAM; the largest worker (host) has 23.0 GiB"); empty when one could, or
     * when no worker is registered. Task types are not considered: they can be enabled later.
     */
    public Optional<String> unschedulable(TaskRequest t) {
        return explanations.unschedulable(t);
    }
}
