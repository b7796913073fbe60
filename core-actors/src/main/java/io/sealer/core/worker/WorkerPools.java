package io.sealer.core.worker;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Fit;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.Resources;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.SealTask;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerLoad;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A worker's side of scheduling (docs/scheduling.md), free of actors and clocks so the ResourceManager
 * and the simulator run the same code. It owns the windows assigned to the worker, the
 * preparing pool (fetches, charged with the full task's resources under the prepare type)
 * and the executing pool, and decides what starts when:
 * <ol>
 *   <li>compaction: tasks move to an earlier window that can still fit them; empty windows go;
 *   <li>ready work: when no prepared task waits, C1/C2 that fit the executing pool start
 *       directly, skipping their prepare step;
 *   <li>preparing work: in the first window, the first task whose prepare fits the
 *       preparing pool starts preparing; repeat; a window whose head fits nothing blocks the
 *       later windows (head-of-line);
 *   <li>a prepared task moves to executing once it fits there (MaxConcurrent included).
 * </ol>
 * Each call returns what to start and how many new windows to request; the caller runs them.
 * Not thread-safe: owned by one actor.
 */
public final class WorkerPools {
    /** Keep this many windows requested (open or assigned), as Lotus does. */
    public static final int SCHED_WINDOWS = 2;

    /** What the caller must do after an event. */
    public record Effects(List<TaskRequest> startPrepare, List<TaskRequest> startWork, List<UUID> leftWindows,
            int requestWindows) {
        static Effects none() {
            return new Effects(List.of(), List.of(), List.of(), 0);
        }

        public boolean isEmpty() {
            return startPrepare.isEmpty() && startWork.isEmpty() && leftWindows.isEmpty() && requestWindows == 0;
        }
    }

    /** A window as the worker holds it: its tasks in order and what they would take. */
    public static final class Window {
        private final UUID id;
        private final List<TaskRequest> todo = new ArrayList<>();
        private final ActiveResources allocated = new ActiveResources();

        Window(UUID id) {
            this.id = id;
        }

        public UUID id() {
            return id;
        }

        public List<TaskRequest> todo() {
            return Collections.unmodifiableList(todo);
        }

        public ActiveResources.Snapshot allocated() {
            return allocated.snapshot();
        }
    }

    /** Where a task is on this worker. */
    public enum Stage { ASSIGNED, PREPARING, PREPARED, RUNNING }

    private final WorkerResources res;
    private final ResourceTable table;
    private final boolean ignoreResources;
    private final Parallelism parallelism;
    private final ActiveResources active = new ActiveResources();
    private final ActiveResources preparing = new ActiveResources();
    private final List<Window> windows = new ArrayList<>();
    private final Map<UUID, TaskRequest> preparingTasks = new LinkedHashMap<>();
    private final Map<UUID, TaskRequest> preparedWaiting = new LinkedHashMap<>();
    private final Map<UUID, TaskRequest> running = new LinkedHashMap<>();
    private boolean enabled = true;
    private int windowsRequested;

    public WorkerPools(WorkerResources res, ResourceTable table, boolean ignoreResources, Parallelism parallelism) {
        this.res = res;
        this.table = table;
        this.ignoreResources = ignoreResources;
        this.parallelism = parallelism;
    }

    /** At start and after re-enabling: request windows up to {@link #SCHED_WINDOWS}. */
    public Effects start() {
        enabled = true;
        return collect(new Collector());
    }

    /**
     * The scheduler disabled this worker and took back every unstarted task: drop the
     * windows and stop requesting until {@link #start()}. Returns the dropped tasks.
     */
    public List<TaskRequest> disable() {
        enabled = false;
        List<TaskRequest> dropped = new ArrayList<>();
        for (Window w : windows) {
            dropped.addAll(w.todo);
        }
        windows.clear();
        windowsRequested = 0;
        return dropped;
    }

    /**
     * The scheduler lost its state (restart): the windows it held open for this worker are
     * gone, the ones assigned here stay. Request new windows up to {@link #SCHED_WINDOWS}.
     */
    public Effects reopen() {
        windowsRequested = windows.size();
        return collect(new Collector());
    }

    /** A window of tasks arrived from the scheduler. */
    public Effects windowAssigned(UUID windowId, List<TaskRequest> tasks) {
        Window w = new Window(windowId);
        for (TaskRequest t : tasks) {
            w.todo.add(t);
            w.allocated.add(t.sealTask(), t.schedId(), need(t), res, parallelism);
        }
        if (!w.todo.isEmpty()) {
            windows.add(w);
        } else {
            windowsRequested--;
        }
        return schedule();
    }

    /** A task's prepare step finished; it moves to executing when it fits there. */
    public Effects prepared(UUID schedId) {
        TaskRequest t = preparingTasks.get(schedId);
        if (t == null) {
            return Effects.none();
        }
        preparedWaiting.put(schedId, t);
        Collector c = new Collector();
        promotePrepared(c);
        return schedule(c);
    }

    /** A task's prepare step failed: its preparing reservation is freed. */
    public Effects prepareFailed(UUID schedId) {
        TaskRequest t = preparingTasks.remove(schedId);
        if (t != null) {
            preparedWaiting.remove(schedId);
            preparing.free(t.prepSealTask(), schedId, prepareNeed(t), res, parallelism);
        }
        return schedule();
    }

    /** A task's work finished (either way): its executing reservation is freed. */
    public Effects finished(UUID schedId) {
        TaskRequest t = running.remove(schedId);
        if (t != null) {
            active.free(t.sealTask(), schedId, need(t), res, parallelism);
        }
        return schedule();
    }

    /**
     * An operator aborted the task: it leaves its window or pool at once and its reservation is
     * freed, whatever its step is still doing. {@code leftWindows} names it when it was still in
     * a window (the scheduler must learn that it left).
     */
    public Effects aborted(UUID schedId) {
        if (running.containsKey(schedId)) {
            return finished(schedId);
        }
        if (preparingTasks.containsKey(schedId)) {
            return prepareFailed(schedId);
        }
        for (Window w : windows) {
            Iterator<TaskRequest> it = w.todo.iterator();
            while (it.hasNext()) {
                TaskRequest t = it.next();
                if (t.schedId().equals(schedId)) {
                    it.remove();
                    w.allocated.free(t.sealTask(), schedId, need(t), res, parallelism);
                    dropEmptyWindows();
                    Collector c = new Collector();
                    c.left.add(schedId);
                    return schedule(c);
                }
            }
        }
        return Effects.none();
    }

    private Effects schedule() {
        return schedule(new Collector());
    }

    private Effects schedule(Collector c) {
        promotePrepared(c);
        compact(c);
        assignReadyWork(c);
        assignPreparingWork(c);
        return collect(c);
    }

    private Effects collect(Collector c) {
        int want = enabled ? Math.max(0, SCHED_WINDOWS - windowsRequested) : 0;
        windowsRequested += want;
        return new Effects(List.copyOf(c.prepare), List.copyOf(c.work), List.copyOf(c.left), want);
    }

    /** Compaction (docs/scheduling.md): move tasks forward into earlier windows that still fit them. */
    void compact(Collector c) {
        for (int i = 1; i < windows.size(); i++) {
            Window prev = windows.get(i - 1);
            Window cur = windows.get(i);
            Iterator<TaskRequest> it = cur.todo.iterator();
            while (it.hasNext()) {
                TaskRequest t = it.next();
                Resources need = need(t);
                if (prev.allocated.fit(need, t.schedId(), t.sealTask(), res, ignoreResources, parallelism) == Fit.OK) {
                    prev.todo.add(t);
                    prev.allocated.add(t.sealTask(), t.schedId(), need, res, parallelism);
                    cur.allocated.free(t.sealTask(), t.schedId(), need, res, parallelism);
                    it.remove();
                }
            }
        }
        dropEmptyWindows();
    }

    /** Ready work (docs/scheduling.md): C1/C2 start straight into executing, without a prepare step. */
    private void assignReadyWork(Collector c) {
        if (!preparedWaiting.isEmpty()) {
            return;
        }
        for (Window w : windows) {
            int started = 0;
            Iterator<TaskRequest> it = w.todo.iterator();
            while (it.hasNext()) {
                TaskRequest t = it.next();
                if (t.type() != TaskType.C1 && t.type() != TaskType.C2) {
                    continue;
                }
                Resources need = need(t);
                if (active.fit(need, t.schedId(), t.sealTask(), res, ignoreResources, parallelism) != Fit.OK) {
                    continue;
                }
                it.remove();
                w.allocated.free(t.sealTask(), t.schedId(), need, res, parallelism);
                active.add(t.sealTask(), t.schedId(), need, res, parallelism);
                running.put(t.schedId(), t);
                c.work.add(t);
                c.left.add(t.schedId());
                started++;
            }
            if (started == 0) {
                break;
            }
        }
        dropEmptyWindows();
    }

    /** Preparing work (docs/scheduling.md), head-of-line per window. */
    private void assignPreparingWork(Collector c) {
        while (!windows.isEmpty()) {
            Window w = windows.get(0);
            TaskRequest chosen = null;
            for (TaskRequest t : w.todo) {
                if (preparing.fit(prepareNeed(t), t.schedId(), t.prepSealTask(), res, ignoreResources, parallelism) == Fit.OK) {
                    chosen = t;
                    break;
                }
            }
            if (chosen == null) {
                return;
            }
            w.todo.remove(chosen);
            w.allocated.free(chosen.sealTask(), chosen.schedId(), need(chosen), res, parallelism);
            preparing.add(chosen.prepSealTask(), chosen.schedId(), prepareNeed(chosen), res, parallelism);
            preparingTasks.put(chosen.schedId(), chosen);
            c.prepare.add(chosen);
            c.left.add(chosen.schedId());
            dropEmptyWindows();
        }
    }

    /** Prepared tasks that now fit executing move there (each checked on its own, in order). */
    private void promotePrepared(Collector c) {
        Iterator<Map.Entry<UUID, TaskRequest>> it = preparedWaiting.entrySet().iterator();
        while (it.hasNext()) {
            TaskRequest t = it.next().getValue();
            Resources need = need(t);
            if (active.fit(need, t.schedId(), t.sealTask(), res, ignoreResources, parallelism) != Fit.OK) {
                continue;
            }
            it.remove();
            active.add(t.sealTask(), t.schedId(), need, res, parallelism);
            preparingTasks.remove(t.schedId());
            preparing.free(t.prepSealTask(), t.schedId(), prepareNeed(t), res, parallelism);
            running.put(t.schedId(), t);
            c.work.add(t);
        }
    }

    private void dropEmptyWindows() {
        Iterator<Window> it = windows.iterator();
        while (it.hasNext()) {
            if (it.next().todo.isEmpty()) {
                it.remove();
                windowsRequested--;
            }
        }
    }

    /** The threads {@code t} takes on this worker (the thread rule). */
    public int threads(TaskRequest t) {
        return need(t).threads(res.cpus(), res.gpuCount(), parallelism);
    }

    private Resources need(TaskRequest t) {
        return table.spec(t.type(), t.sector().proof());
    }

    /**
     * The prepare step's reservation: the task's own resources, with MaxConcurrent from the
     * prepare type's row when that is a different real type (GET for fetches).
     */
    private Resources prepareNeed(TaskRequest t) {
        Resources own = need(t);
        if (t.prepType() != t.type() && t.prepType() != TaskType.NOOP) {
            return own.withMaxConcurrent(table.spec(t.prepType(), t.sector().proof()).maxConcurrent());
        }
        return own;
    }

    // ---- views ------------------------------------------------------------------------

    public List<Window> windows() {
        return Collections.unmodifiableList(windows);
    }

    public int windowsRequested() {
        return windowsRequested;
    }

    public boolean enabled() {
        return enabled;
    }

    public ActiveResources.Snapshot activeSnapshot() {
        return active.snapshot();
    }

    public ActiveResources.Snapshot preparingSnapshot() {
        return preparing.snapshot();
    }

    public Stage stage(UUID schedId) {
        if (running.containsKey(schedId)) {
            return Stage.RUNNING;
        }
        if (preparedWaiting.containsKey(schedId)) {
            return Stage.PREPARED;
        }
        if (preparingTasks.containsKey(schedId)) {
            return Stage.PREPARING;
        }
        for (Window w : windows) {
            for (TaskRequest t : w.todo) {
                if (t.schedId().equals(schedId)) {
                    return Stage.ASSIGNED;
                }
            }
        }
        return null;
    }

    /** Every task on this worker with its stage, running first. */
    public Map<TaskRequest, Stage> jobs() {
        Map<TaskRequest, Stage> out = new LinkedHashMap<>();
        running.values().forEach(t -> out.put(t, Stage.RUNNING));
        preparedWaiting.values().forEach(t -> out.put(t, Stage.PREPARED));
        preparingTasks.values().forEach(t -> out.putIfAbsent(t, Stage.PREPARING));
        for (Window w : windows) {
            w.todo.forEach(t -> out.put(t, Stage.ASSIGNED));
        }
        return out;
    }

    /** Utilization of executing + preparing + every assigned window, and task counts. */
    public WorkerLoad load() {
        double u = active.utilization(res) + preparing.utilization(res);
        Map<String, Integer> byType = new HashMap<>();
        int tasks = 0;
        for (Window w : windows) {
            u += w.allocated.utilization(res);
        }
        for (TaskRequest t : jobs().keySet()) {
            byType.merge(t.type().shortName(), 1, Integer::sum);
            tasks++;
        }
        return new WorkerLoad(u, tasks, byType);
    }

    public WorkerResources resources() {
        return res;
    }

    /** Mutable effect lists filled during one event. */
    static final class Collector {
        final List<TaskRequest> prepare = new ArrayList<>();
        final List<TaskRequest> work = new ArrayList<>();
        final List<UUID> left = new ArrayList<>();
    }

    /** For the compaction tests (Lotus's TestWindowCompact): run compaction alone and report windows dropped. */
    int compactOnly() {
        int before = windowsRequested;
        compact(new Collector());
        return before - windowsRequested;
    }

    /** For the compaction tests: load windows without running the start logic. */
    void loadWindowsForTest(List<List<TaskRequest>> wins) {
        for (List<TaskRequest> tasks : wins) {
            Window w = new Window(UUID.randomUUID());
            for (TaskRequest t : tasks) {
                w.todo.add(t);
                w.allocated.add(t.sealTask(), t.schedId(), need(t), res, parallelism);
            }
            windows.add(w);
            windowsRequested++;
        }
    }
}
