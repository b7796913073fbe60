package io.sealer.core.sched;

import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The workers as the scheduler sees them (in the order they joined) and their open windows
 * (in the order they were opened). A disabled or removed worker's windows close and the tasks
 * sent to it that it has not started are handed back, for the caller to requeue. Not thread-safe.
 */
final class WorkerRegistry<R> {
    private final Map<WorkerId, WorkerState<R>> workers = new LinkedHashMap<>();
    private final List<SchedulerCore.OpenWindow> openWindows = new ArrayList<>();

    /** Adds a worker, or updates the info of one already known (keeping its state). */
    void add(WorkerInfo info) {
        WorkerState<R> s = workers.get(info.id());
        if (s == null) {
            workers.put(info.id(), new WorkerState<>(info));
        } else {
            s.info = info;
        }
    }

    void updateTaskTypes(WorkerId id, Set<TaskType> types) {
        WorkerState<R> s = workers.get(id);
        if (s != null) {
            s.info = s.info.withTaskTypes(types);
        }
    }

    /** Drops a worker; returns its unstarted tasks. */
    List<QueuedTask<R>> remove(WorkerId id) {
        List<QueuedTask<R>> back = disable(id);
        workers.remove(id);
        return back;
    }

    /** Disables a worker: its windows close; returns its unstarted tasks, which it no longer holds. */
    List<QueuedTask<R>> disable(WorkerId id) {
        WorkerState<R> s = workers.get(id);
        if (s == null) {
            return List.of();
        }
        s.enabled = false;
        openWindows.removeIf(w -> w.worker().equals(id));
        List<QueuedTask<R>> back = new ArrayList<>(s.assigned.values());
        s.assigned.clear();
        s.pendingUtilization = 0;
        return back;
    }

    void enable(WorkerId id) {
        WorkerState<R> s = workers.get(id);
        if (s != null) {
            s.enabled = true;
        }
    }

    /**
     * Marks a worker's node reachable or not. An unreachable worker's windows close and it gets
     * no new ones; the tasks sent to it stay its own (it may still run them).
     */
    void setReachable(WorkerId id, boolean reachable) {
        WorkerState<R> s = workers.get(id);
        if (s != null) {
            s.reachable = reachable;
            if (!reachable) {
                openWindows.removeIf(w -> w.worker().equals(id));
            }
        }
    }

    /** Gives a task sent to a worker a new reply handle; returns that worker, or null if none holds it unstarted. */
    WorkerId replaceAssignedReply(UUID schedId, R reply) {
        for (WorkerState<R> s : workers.values()) {
            QueuedTask<R> q = s.assigned.get(schedId);
            if (q != null) {
                s.assigned.put(schedId, new QueuedTask<>(q.request(), reply, q.seq(), q.enqueuedAt()));
                return s.info.id();
            }
        }
        return null;
    }

    WorkerState<R> get(WorkerId id) {
        return workers.get(id);
    }

    Map<WorkerId, WorkerState<R>> all() {
        return Collections.unmodifiableMap(workers);
    }

    /** A worker asks for a window; ignored if the worker is unknown or disabled. */
    boolean openWindow(WorkerId id, UUID windowId) {
        WorkerState<R> s = workers.get(id);
        if (s == null || !s.enabled || !s.reachable) {
            return false;
        }
        openWindows.add(new SchedulerCore.OpenWindow(id, windowId));
        return true;
    }

    /** The open windows, oldest first; the pass closes the ones it fills. */
    List<SchedulerCore.OpenWindow> openWindows() {
        return openWindows;
    }

    boolean hasOpenWindow(WorkerId id) {
        for (SchedulerCore.OpenWindow o : openWindows) {
            if (o.worker().equals(id)) {
                return true;
            }
        }
        return false;
    }

    void updateLoad(WorkerId id, WorkerLoad load) {
        WorkerState<R> s = workers.get(id);
        if (s != null) {
            s.load = load;
            s.pendingUtilization = 0;
        }
    }

    /** The worker started these tasks: it no longer holds them unstarted. */
    void started(WorkerId id, List<UUID> schedIds) {
        WorkerState<R> s = workers.get(id);
        if (s != null) {
            schedIds.forEach(s.assigned::remove);
        }
    }
}
