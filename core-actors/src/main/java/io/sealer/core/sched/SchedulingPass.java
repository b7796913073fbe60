package io.sealer.core.sched;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * One scheduling pass (docs/scheduling.md) over the queue and the open windows as they are when it
 * is made. For every queued task in queue order, the {@link CandidateIndex} gives its class's
 * acceptable windows, best first, and the {@link WindowSelector} picks one whose pass
 * accumulator still fits it. {@link #run} then records the assigned tasks as sent to their
 * workers, closes the windows that got tasks, takes the tasks out of the queue and returns the
 * filled windows for delivery. Used once.
 */
final class SchedulingPass<R> {
    private final RequestQueue<R> queue;
    private final WorkerRegistry<R> registry;
    private final Parallelism parallelism;
    private final SchedulerCore.OpenWindow[] windows;
    private final WorkerState<R>[] owner;
    /** What this pass gave each window, null until it gets something. */
    private final ActiveResources[] given;
    private final List<QueuedTask<R>>[] todo;
    private final CandidateIndex<R> index;
    private final WindowSelector selector;

    @SuppressWarnings({"unchecked", "rawtypes"})
    SchedulingPass(RequestQueue<R> queue, WorkerRegistry<R> registry, long passId, Parallelism parallelism,
            AssignerKind assigner, Random random, StorageRule storage) {
        this.queue = queue;
        this.registry = registry;
        this.parallelism = parallelism;
        this.windows = registry.openWindows().toArray(new SchedulerCore.OpenWindow[0]);
        int n = windows.length;
        this.owner = new WorkerState[n];
        for (int i = 0; i < n; i++) {
            owner[i] = registry.get(windows[i].worker());
        }
        this.given = new ActiveResources[n];
        this.todo = new List[n];
        this.index = new CandidateIndex<>(windows, owner, passId, parallelism, random, storage,
                registry.all().values());
        this.selector = WindowSelector.forPass(assigner, index.workerCount(), random);
    }

    /** The worker of window {@code window}. */
    WorkerState<R> owner(int window) {
        return owner[window];
    }

    /** Whether {@code t} fits window {@code window} on top of what this pass gave it. */
    boolean fits(TaskRequest t, int window) {
        return owner[window].fits(t, given[window] == null ? WorkerState.IDLE : given[window], parallelism);
    }

    List<SchedulerCore.WindowAssignment<R>> run() {
        for (QueuedTask<R> q : queue) {
            TaskRequest t = q.request();
            Candidates candidates = index.candidates(t);
            if (candidates == null) {
                continue;
            }
            int chosen = candidates.size() == 0 ? -1 : selector.choose(t, candidates, this);
            if (chosen < 0) {
                index.exhaust(t);
                continue;
            }
            give(chosen, q);
        }
        return deliver();
    }

    private void give(int window, QueuedTask<R> q) {
        TaskRequest t = q.request();
        WorkerState<R> w = owner[window];
        Resources need = w.need(t);
        if (given[window] == null) {
            given[window] = new ActiveResources();
            todo[window] = new ArrayList<>();
        }
        ActiveResources acc = given[window];
        double before = acc.utilization(w.info.resources());
        if (need.maxConcurrent() > 0) {
            acc.add(t.sealTask(), t.schedId(), need, w.info.resources(), parallelism);
        } else {
            // No task of this seal task can be limited on this worker (same table, same
            // need), so nothing will read its count in this pass accumulator.
            acc.addUncounted(need, w.info.resources(), parallelism);
        }
        selector.assigned(w, t, acc.utilization(w.info.resources()) - before);
        todo[window].add(q);
    }

    private List<SchedulerCore.WindowAssignment<R>> deliver() {
        int n = windows.length;
        List<SchedulerCore.WindowAssignment<R>> out = new ArrayList<>();
        boolean[] used = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (todo[i] != null) {
                used[i] = true;
                WorkerState<R> w = owner[i];
                for (QueuedTask<R> q : todo[i]) {
                    w.assigned.put(q.request().schedId(), q);
                }
                w.pendingUtilization += given[i].utilization(w.info.resources());
                out.add(new SchedulerCore.WindowAssignment<>(windows[i].worker(), windows[i].windowId(),
                        Collections.unmodifiableList(todo[i])));
            }
        }
        if (!out.isEmpty()) {
            int k = 0;
            Iterator<SchedulerCore.OpenWindow> it = registry.openWindows().iterator();
            while (it.hasNext()) {
                it.next();
                if (k < n && used[k]) {
                    it.remove();
                }
                k++;
            }
        }
        for (List<QueuedTask<R>> list : todo) {
            if (list != null) {
                for (QueuedTask<R> q : list) {
                    queue.remove(q.request().schedId());
                }
            }
        }
        return out;
    }
}
