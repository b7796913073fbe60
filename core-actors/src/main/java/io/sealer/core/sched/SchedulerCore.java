package io.sealer.core.sched;

import io.sealer.core.resources.ActiveResources;
import io.sealer.core.resources.Fit;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.Resources;
import io.sealer.core.resources.SealTask;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * The scheduler's state and its scheduling pass, free of actors and clocks so the Scheduler
 * actor and the simulator run the same code. It owns the queue, the workers as the scheduler
 * sees them, their open windows, and the tasks sent to each worker that have not started
 * (so a worker that is disabled or lost gives them back at once). Not thread-safe.
 *
 * <p>A pass (spec §4.4–4.5): for every queued task in queue order, find the acceptable
 * windows (enabled worker that accepts the type, the task fits an empty window of that
 * worker, the selector agrees; preferred workers exclude the others), sort them (selector
 * order, random among equals, older window of a worker first) and let the assigner pick one
 * whose pass accumulator still fits. Windows that received tasks are handed back to deliver.
 * Tasks of one class (type, proof, selector) that found no window cannot find one later in
 * the same pass, since windows only fill up, so the rest of that class is skipped: this is
 * what keeps a pass over 100,000 tasks fast. For the same reason a window that cannot fit a
 * task of a class leaves that class's candidate list for the rest of the pass; the pass's
 * bookkeeping lives in arrays indexed by a dense per-pass worker number. None of this changes
 * a decision (docs/performance.md, "Scheduler").
 */
public final class SchedulerCore<R> {

    /** A window a worker has asked for, in the order it was opened. */
    public record OpenWindow(WorkerId worker, UUID windowId) {}

    /** Tasks assigned to one window in a pass, to be sent to its worker. */
    public record WindowAssignment<R>(WorkerId worker, UUID windowId, List<QueuedTask<R>> tasks) {}

    /** The scheduler's view of one worker. */
    public static final class WorkerState<R> {
        private WorkerInfo info;
        private boolean enabled = true;
        private WorkerLoad load = WorkerLoad.IDLE;
        private double pendingUtilization;
        private final Map<UUID, QueuedTask<R>> assigned = new LinkedHashMap<>();
        /** Dense index of this worker in the current pass, valid while passId matches. */
        private int passIndex;
        private long passId = -1;

        WorkerState(WorkerInfo info) {
            this.info = info;
        }

        public WorkerInfo info() {
            return info;
        }

        public boolean enabled() {
            return enabled;
        }

        public WorkerLoad load() {
            return load;
        }

        /** Utilization for ranking: the last report plus windows sent since. */
        public double utilization() {
            return load.utilization() + pendingUtilization;
        }

        /** Tasks sent to the worker in windows that it has not started yet. */
        public Map<UUID, QueuedTask<R>> assigned() {
            return Collections.unmodifiableMap(assigned);
        }
    }

    private final Parallelism parallelism;
    private final AssignerKind assigner;
    private final Random random;
    private final BiPredicate<WorkerId, SectorId> holdsSector;
    private final RequestQueue<R> queue = new RequestQueue<>();
    private final Map<WorkerId, WorkerState<R>> workers = new LinkedHashMap<>();
    private final List<OpenWindow> openWindows = new ArrayList<>();
    private static final ActiveResources EMPTY = new ActiveResources();
    private static final int PROOFS = io.sealer.core.task.SealProof.values().length;
    private static final int TYPE_PROOF_CLASSES = TaskType.values().length * PROOFS;
    private long passCount;

    /**
     * @param holdsSector whether a worker already holds a sector's files (for SECTOR_AFFINITY)
     */
    public SchedulerCore(Parallelism parallelism, AssignerKind assigner, Random random,
            BiPredicate<WorkerId, SectorId> holdsSector) {
        this.parallelism = parallelism;
        this.assigner = assigner;
        this.random = random;
        this.holdsSector = holdsSector;
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
        WorkerState<R> s = workers.get(info.id());
        if (s == null) {
            workers.put(info.id(), new WorkerState<>(info));
        } else {
            s.info = info;
        }
    }

    public void updateTaskTypes(WorkerId id, Set<TaskType> types) {
        WorkerState<R> s = workers.get(id);
        if (s != null) {
            s.info = s.info.withTaskTypes(types);
        }
    }

    /** Drops a worker; its unstarted tasks go back to the queue. Returns them. */
    public List<QueuedTask<R>> removeWorker(WorkerId id) {
        List<QueuedTask<R>> back = disableWorker(id);
        workers.remove(id);
        return back;
    }

    /**
     * Disables a worker (unreachable, or by the operator): every task sent to it that has not
     * started goes back to the queue at once, its open windows close, and it gets no work until
     * enabled. Running tasks are not touched. Returns the requeued tasks.
     */
    public List<QueuedTask<R>> disableWorker(WorkerId id) {
        WorkerState<R> s = workers.get(id);
        if (s == null) {
            return List.of();
        }
        s.enabled = false;
        openWindows.removeIf(w -> w.worker().equals(id));
        List<QueuedTask<R>> back = new ArrayList<>(s.assigned.values());
        s.assigned.clear();
        s.pendingUtilization = 0;
        back.forEach(queue::requeue);
        return back;
    }

    public void enableWorker(WorkerId id) {
        WorkerState<R> s = workers.get(id);
        if (s != null) {
            s.enabled = true;
        }
    }

    public WorkerState<R> worker(WorkerId id) {
        return workers.get(id);
    }

    public Map<WorkerId, WorkerState<R>> workers() {
        return Collections.unmodifiableMap(workers);
    }

    /** A worker asks for a window; ignored if the worker is unknown or disabled. */
    public boolean openWindow(WorkerId id, UUID windowId) {
        WorkerState<R> s = workers.get(id);
        if (s == null || !s.enabled) {
            return false;
        }
        openWindows.add(new OpenWindow(id, windowId));
        return true;
    }

    public List<OpenWindow> openWindows() {
        return Collections.unmodifiableList(openWindows);
    }

    public void updateLoad(WorkerId id, WorkerLoad load) {
        WorkerState<R> s = workers.get(id);
        if (s != null) {
            s.load = load;
            s.pendingUtilization = 0;
        }
    }

    /**
     * The worker started these tasks (they left its windows). Returns the ids that had been
     * requeued meanwhile (a disable raced the start) and were taken out of the queue again.
     */
    public List<UUID> started(WorkerId id, List<UUID> schedIds) {
        WorkerState<R> s = workers.get(id);
        List<UUID> raced = new ArrayList<>();
        for (UUID u : schedIds) {
            if (s != null) {
                s.assigned.remove(u);
            }
            if (queue.remove(u) != null) {
                raced.add(u);
            }
        }
        return raced;
    }

    // ---- the pass ---------------------------------------------------------------------

    private record ClassKey(TaskType type, io.sealer.core.task.SealProof proof, SelectorSpec.Kind kind, SectorId sector) {}

    /**
     * One scheduling pass. Assigned tasks leave the queue and are remembered as sent to their
     * worker; the windows that got tasks are closed and returned for delivery.
     */
    public List<WindowAssignment<R>> trySchedule() {
        if (openWindows.isEmpty() || queue.isEmpty()) {
            return List.of();
        }
        int n = openWindows.size();
        OpenWindow[] windows = openWindows.toArray(new OpenWindow[0]);
        @SuppressWarnings({"unchecked", "rawtypes"})
        WorkerState<R>[] owner = new WorkerState[n];
        for (int i = 0; i < n; i++) {
            owner[i] = workers.get(windows[i].worker());
        }
        ActiveResources[] acc = new ActiveResources[n];
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<QueuedTask<R>>[] todo = new List[n];
        PassWorkers passWorkers = new PassWorkers(owner);
        PassAssigner pass = new PassAssigner(owner, passWorkers.list.size());

        // Classes of the task-type selector are (type, proof): looked up in an array, not a map.
        Candidates[] byTypeProof = new Candidates[TYPE_PROOF_CLASSES];
        boolean[] exhaustedTypeProof = new boolean[TYPE_PROOF_CLASSES];
        Map<ClassKey, Candidates> acceptable = new HashMap<>();
        Set<ClassKey> exhausted = new HashSet<>();
        for (QueuedTask<R> q : queue) {
            TaskRequest t = q.request();
            int chosen;
            if (t.selector().kind() == SelectorSpec.Kind.TASK_TYPE) {
                int k = t.type().ordinal() * PROOFS + t.sector().proof().ordinal();
                if (exhaustedTypeProof[k]) {
                    continue;
                }
                Candidates candidates = byTypeProof[k];
                if (candidates == null) {
                    candidates = new Candidates(acceptableWindows(t, windows, passWorkers));
                    byTypeProof[k] = candidates;
                }
                chosen = candidates.size() == 0 ? -1 : pass.choose(t, candidates, acc);
                if (chosen < 0) {
                    exhaustedTypeProof[k] = true;
                    continue;
                }
            } else {
                ClassKey key = classKey(t);
                if (exhausted.contains(key)) {
                    continue;
                }
                Candidates candidates = acceptable.computeIfAbsent(key,
                        k -> new Candidates(acceptableWindows(t, windows, passWorkers)));
                chosen = candidates.size() == 0 ? -1 : pass.choose(t, candidates, acc);
                if (chosen < 0) {
                    exhausted.add(key);
                    continue;
                }
            }
            WorkerState<R> w = owner[chosen];
            Resources need = w.info.table().spec(t.type(), t.sector().proof());
            if (acc[chosen] == null) {
                acc[chosen] = new ActiveResources();
                todo[chosen] = new ArrayList<>();
            }
            double before = acc[chosen].utilization(w.info.resources());
            if (need.maxConcurrent() > 0) {
                acc[chosen].add(t.sealTask(), t.schedId(), need, w.info.resources(), parallelism);
            } else {
                // No task of this seal task can be limited on this worker (same table, same
                // need), so nothing will read its count in this pass accumulator.
                acc[chosen].addUncounted(need, w.info.resources(), parallelism);
            }
            double grew = acc[chosen].utilization(w.info.resources()) - before;
            pass.assigned(chosen, t, grew);
            todo[chosen].add(q);
        }

        List<WindowAssignment<R>> out = new ArrayList<>();
        boolean[] used = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (todo[i] != null) {
                used[i] = true;
                WorkerState<R> w = owner[i];
                for (QueuedTask<R> q : todo[i]) {
                    w.assigned.put(q.request().schedId(), q);
                }
                w.pendingUtilization += acc[i].utilization(w.info.resources());
                out.add(new WindowAssignment<>(windows[i].worker(), windows[i].windowId(),
                        Collections.unmodifiableList(todo[i])));
            }
        }
        if (!out.isEmpty()) {
            int k = 0;
            Iterator<OpenWindow> it = openWindows.iterator();
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

    private ClassKey classKey(TaskRequest t) {
        SelectorSpec.Kind kind = t.selector().kind();
        return new ClassKey(t.type(), t.sector().proof(), kind,
                kind == SelectorSpec.Kind.SECTOR_AFFINITY ? t.sector().id() : null);
    }

    /** Per-pass facts about the workers that have open windows, indexed densely. */
    private final class PassWorkers {
        final List<WorkerState<R>> list = new ArrayList<>();
        final int[] ofWindow;
        final double[] utilization;
        final int[] typeCount;
        final int[] windowsOf;
        final byte[] verdict;
        final int[] rank;
        final int[] stamp;
        int pass;

        PassWorkers(WorkerState<R>[] owner) {
            ofWindow = new int[owner.length];
            long id = ++passCount;
            for (int i = 0; i < owner.length; i++) {
                WorkerState<R> w = owner[i];
                if (w == null) {
                    ofWindow[i] = -1;
                    continue;
                }
                if (w.passId != id) {
                    w.passId = id;
                    w.passIndex = list.size();
                    list.add(w);
                }
                ofWindow[i] = w.passIndex;
            }
            int m = list.size();
            utilization = new double[m];
            typeCount = new int[m];
            windowsOf = new int[m];
            verdict = new byte[m];
            rank = new int[m];
            stamp = new int[m];
            for (int k = 0; k < m; k++) {
                utilization[k] = list.get(k).utilization();
                typeCount[k] = list.get(k).info.taskTypes().size();
            }
        }
    }

    /**
     * Acceptable window indexes for {@code t}, best first: workers ordered by the selector
     * (fewer task types first for the task-type selector, then lower utilization, then a random
     * rank), each worker's windows together, older first. Primitive arrays, no per-window maps:
     * this runs once per task class per pass.
     */
    private int[] acceptableWindows(TaskRequest t, OpenWindow[] windows, PassWorkers pw) {
        int stamp = ++pw.pass;
        boolean anyPreferred = false;
        int[] ok = new int[windows.length];
        int okCount = 0;
        for (int i = 0; i < windows.length; i++) {
            int k = pw.ofWindow[i];
            if (k < 0) {
                continue;
            }
            if (pw.stamp[k] != stamp) {
                pw.stamp[k] = stamp;
                pw.verdict[k] = (byte) judge(t, pw.list.get(k));
                pw.windowsOf[k] = 0;
            }
            int v = pw.verdict[k];
            if (v == 0) {
                continue;
            }
            if (v == 2 && !anyPreferred) {
                anyPreferred = true;
                okCount = 0;
            }
            if (v == 1 && anyPreferred) {
                continue;
            }
            ok[okCount++] = i;
        }
        if (okCount == 0) {
            return new int[0];
        }
        // Distinct workers in order of first appearance, shuffled for random ties.
        List<Integer> distinct = new ArrayList<>();
        for (int j = 0; j < okCount; j++) {
            int k = pw.ofWindow[ok[j]];
            if (pw.windowsOf[k]++ == 0) {
                distinct.add(k);
            }
        }
        Collections.shuffle(distinct, random);
        for (int r = 0; r < distinct.size(); r++) {
            pw.rank[distinct.get(r)] = r;
        }
        boolean byTypes = t.selector().kind() == SelectorSpec.Kind.TASK_TYPE;
        Integer[] order = distinct.toArray(new Integer[0]);
        Arrays.sort(order, (a, b) -> {
            if (byTypes) {
                int c = Integer.compare(pw.typeCount[a], pw.typeCount[b]);
                if (c != 0) {
                    return c;
                }
            }
            int c = Double.compare(pw.utilization[a], pw.utilization[b]);
            if (c != 0) {
                return c;
            }
            return Integer.compare(pw.rank[a], pw.rank[b]);
        });
        // Each worker's windows start at its offset in the output; they arrive in index order.
        int[] offset = new int[pw.list.size()];
        int at = 0;
        for (Integer k : order) {
            offset[k] = at;
            at += pw.windowsOf[k];
        }
        int[] out = new int[okCount];
        for (int j = 0; j < okCount; j++) {
            int k = pw.ofWindow[ok[j]];
            out[offset[k]++] = ok[j];
        }
        return out;
    }

    /** 0 = not acceptable, 1 = acceptable, 2 = preferred. */
    private int judge(TaskRequest t, WorkerState<R> w) {
        if (!w.enabled || !w.info.taskTypes().contains(t.type())) {
            return 0;
        }
        Resources need = w.info.table().spec(t.type(), t.sector().proof());
        if (EMPTY.fit(need, t.schedId(), t.sealTask(), w.info.resources(), w.info.ignoreResources(), parallelism) != Fit.OK) {
            return 0;
        }
        if (t.selector().kind() == SelectorSpec.Kind.SECTOR_AFFINITY && holdsSector.test(w.info.id(), t.sector().id())) {
            return 2;
        }
        return 1;
    }

    /**
     * A task class's acceptable windows, best first. A window that cannot fit a task of the
     * class stays unable to for the rest of the pass (its accumulator only grows, and the
     * class fixes the need), so it is dropped and later tasks skip it: "next live position"
     * pointers with path compression keep each scan proportional to the live windows.
     */
    private static final class Candidates {
        private final int[] windows;
        private final int[] next;

        Candidates(int[] windows) {
            this.windows = windows;
            this.next = new int[windows.length + 1];
            for (int i = 0; i < next.length; i++) {
                next[i] = i;
            }
        }

        int size() {
            return windows.length;
        }

        int window(int pos) {
            return windows[pos];
        }

        int first() {
            return find(0);
        }

        int after(int pos) {
            return find(pos + 1);
        }

        void drop(int pos) {
            next[pos] = pos + 1;
        }

        private int find(int pos) {
            int root = pos;
            while (next[root] != root) {
                root = next[root];
            }
            while (next[pos] != root) {
                int n = next[pos];
                next[pos] = root;
                pos = n;
            }
            return root;
        }
    }

    /** The assigner's per-pass bookkeeping (spec §4.5). */
    private final class PassAssigner {
        private static final int ABSENT = -1;
        private final WorkerState<R>[] owner;
        /** Pass utilization per pass worker index; NaN until first read. */
        private final double[] util;
        /** Tasks counted per pass worker index (and per task type for the per-type assigners). */
        private final int[][] counts;
        private final boolean perType = assigner == AssignerKind.SPREAD_TASKS
                || assigner == AssignerKind.SPREAD_TASKS_QCOUNT;

        PassAssigner(WorkerState<R>[] owner, int workers) {
            this.owner = owner;
            this.util = new double[workers];
            Arrays.fill(util, Double.NaN);
            this.counts = new int[workers][];
        }

        int choose(TaskRequest t, Candidates candidates, ActiveResources[] acc) {
            return switch (assigner) {
                case UTILIZATION -> byUtilization(t, candidates, acc);
                case RANDOM -> randomFit(t, candidates, acc);
                default -> bySpread(t, candidates, acc);
            };
        }

        void assigned(int window, TaskRequest t, double utilizationGrowth) {
            WorkerState<R> w = owner[window];
            if (assigner == AssignerKind.UTILIZATION) {
                double u = util[w.passIndex];
                util[w.passIndex] = Double.isNaN(u) ? utilizationGrowth : u + utilizationGrowth;
            } else {
                int c = count(w, t) + 1;
                countSlot(w)[perType ? t.type().ordinal() : 0] = c;
            }
        }

        private boolean fits(TaskRequest t, int window, ActiveResources[] acc) {
            WorkerState<R> w = owner[window];
            ActiveResources a = acc[window] == null ? EMPTY : acc[window];
            Resources need = w.info.table().spec(t.type(), t.sector().proof());
            return a.fit(need, t.schedId(), t.sealTask(), w.info.resources(), w.info.ignoreResources(), parallelism) == Fit.OK;
        }

        /**
         * Lotus's rule, with one deliberate change: further windows of a worker already
         * considered for this task are skipped instead of ending the scan. Lotus stops at the
         * best worker's own second window (same utilization, "not lower") and so piles a burst
         * onto one machine (lotus#7607); here the scan goes on to the next worker.
         */
        private int byUtilization(TaskRequest t, Candidates candidates, ActiveResources[] acc) {
            int best = -1;
            double bestUtil = 0;
            WorkerState<R> previous = null;
            for (int j = candidates.first(); j < candidates.size(); j = candidates.after(j)) {
                int i = candidates.window(j);
                if (owner[i] == previous) {
                    continue;
                }
                if (!fits(t, i, acc)) {
                    candidates.drop(j);
                    continue;
                }
                previous = owner[i];
                double u = util[owner[i].passIndex];
                if (Double.isNaN(u)) {
                    u = owner[i].utilization();
                    util[owner[i].passIndex] = u;
                }
                if (best < 0) {
                    best = i;
                    bestUtil = u;
                } else if (u < bestUtil) {
                    best = i;
                    bestUtil = u;
                } else {
                    break;
                }
            }
            return best;
        }

        private int bySpread(TaskRequest t, Candidates candidates, ActiveResources[] acc) {
            int best = -1;
            int bestCount = Integer.MAX_VALUE;
            for (int j = candidates.first(); j < candidates.size(); j = candidates.after(j)) {
                int i = candidates.window(j);
                int c = count(owner[i], t);
                if (c < bestCount) {
                    if (fits(t, i, acc)) {
                        best = i;
                        bestCount = c;
                    } else {
                        candidates.drop(j);
                    }
                }
            }
            return best;
        }

        private int randomFit(TaskRequest t, Candidates candidates, ActiveResources[] acc) {
            List<Integer> fitting = new ArrayList<>();
            for (int j = candidates.first(); j < candidates.size(); j = candidates.after(j)) {
                int i = candidates.window(j);
                if (fits(t, i, acc)) {
                    fitting.add(i);
                } else {
                    candidates.drop(j);
                }
            }
            return fitting.isEmpty() ? -1 : fitting.get(random.nextInt(fitting.size()));
        }

        private int[] countSlot(WorkerState<R> w) {
            int[] slot = counts[w.passIndex];
            if (slot == null) {
                slot = new int[perType ? TaskType.values().length : 1];
                Arrays.fill(slot, ABSENT);
                counts[w.passIndex] = slot;
            }
            return slot;
        }

        private int count(WorkerState<R> w, TaskRequest t) {
            int c = countSlot(w)[perType ? t.type().ordinal() : 0];
            if (c != ABSENT) {
                return c;
            }
            return switch (assigner) {
                case SPREAD_QCOUNT -> w.load.tasks() + w.assigned.size();
                case SPREAD_TASKS_QCOUNT -> w.load.tasksByType().getOrDefault(t.type().shortName(), 0);
                default -> 0;
            };
        }
    }

    // ---- diagnostics ------------------------------------------------------------------

    /**
     * Why a task is not running, per worker: "disabled", "does not accept PC2", a resource
     * reason with figures, or "acceptable" (it waits for a window of that worker).
     */
    public Map<String, String> explain(TaskRequest t) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean anyHolder = false;
        for (WorkerState<R> w : workers.values()) {
            if (t.selector().kind() == SelectorSpec.Kind.SECTOR_AFFINITY && holdsSector.test(w.info.id(), t.sector().id())) {
                anyHolder = true;
            }
        }
        for (WorkerState<R> w : workers.values()) {
            String name = w.info.hostname() + " (" + w.info.id() + ")";
            String reason;
            if (!w.enabled) {
                reason = "worker disabled";
            } else if (!w.info.taskTypes().contains(t.type())) {
                reason = "does not accept " + t.type().shortName();
            } else {
                Resources need = w.info.table().spec(t.type(), t.sector().proof());
                String fit = EMPTY.explain(need, t.schedId(), t.sealTask(), w.info.resources(), w.info.ignoreResources(), parallelism);
                if (!fit.equals(Fit.OK.reason())) {
                    reason = "can never fit: " + fit;
                } else if (anyHolder && !holdsSector.test(w.info.id(), t.sector().id())) {
                    reason = "another worker holds " + t.sector().id() + " and is preferred";
                } else if (openWindows.stream().noneMatch(o -> o.worker().equals(w.info.id()))) {
                    reason = "acceptable; no open window (its windows hold " + w.assigned.size()
                            + " task(s) waiting for resources on the worker)";
                } else {
                    reason = "acceptable; waits behind higher-priority tasks in the queue";
                }
            }
            out.put(name, reason);
        }
        return out;
    }

    /** Whether any known worker could ever run {@code t} (accepts it and it fits an idle worker). */
    public boolean runnableAnywhere(TaskRequest t) {
        for (WorkerState<R> w : workers.values()) {
            if (w.info.taskTypes().contains(t.type())) {
                Resources need = w.info.table().spec(t.type(), t.sector().proof());
                if (EMPTY.fit(need, t.schedId(), t.sealTask(), w.info.resources(), w.info.ignoreResources(), parallelism) == Fit.OK) {
                    return true;
                }
            }
        }
        return false;
    }
}
