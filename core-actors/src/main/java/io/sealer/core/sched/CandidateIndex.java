package io.sealer.core.sched;

import io.sealer.core.resources.Parallelism;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * For one pass, the acceptable windows of each task class, best first, built once per class
 * the first time a task of it comes up. A class is (type, proof) for the task-type selector,
 * looked up in an array, and (type, proof, selector, sector) otherwise. A class whose tasks
 * found no window is exhausted for the rest of the pass (windows only fill up). Per-worker facts
 * live in primitive arrays indexed by a dense pass worker number, not in per-window maps.
 */
final class CandidateIndex<R> {
    private static final int PROOFS = SealProof.values().length;
    private static final int TYPE_PROOF_CLASSES = TaskType.values().length * PROOFS;
    /** A worker's verdict for a task class: it may not take it, may, or is preferred (holds the sector). */
    private static final byte REFUSED = 0;
    private static final byte ACCEPTED = 1;
    private static final byte PREFERRED = 2;

    private record ClassKey(TaskType type, SealProof proof, SelectorSpec selector, SectorId sector) {}

    private final SchedulerCore.OpenWindow[] windows;
    private final Parallelism parallelism;
    private final Random random;
    private final StorageRule storage;
    /** Every known worker, open window or not: a holder of a sector without a window still keeps its tasks. */
    private final Collection<WorkerState<R>> allWorkers;

    private final Candidates[] byTypeProof = new Candidates[TYPE_PROOF_CLASSES];
    private final boolean[] exhaustedTypeProof = new boolean[TYPE_PROOF_CLASSES];
    private final Map<ClassKey, Candidates> byClass = new HashMap<>();
    private final Set<ClassKey> exhausted = new HashSet<>();

    /** The workers with open windows, by pass index. */
    private final List<WorkerState<R>> workers = new ArrayList<>();
    /** Pass index of each window's worker; -1 for a window of an unknown worker. */
    private final int[] ofWindow;
    private final double[] utilization;
    private final int[] typeCount;
    private final int[] windowsOf;
    private final byte[] verdict;
    private final int[] rank;
    private final int[] stamp;
    private int lookups;

    /**
     * @param owner each window's worker (null for an unknown one)
     * @param passId a number no earlier pass used, to tell this pass's worker indexes from stale ones
     * @param allWorkers every registered worker
     */
    CandidateIndex(SchedulerCore.OpenWindow[] windows, WorkerState<R>[] owner, long passId, Parallelism parallelism,
            Random random, StorageRule storage, Collection<WorkerState<R>> allWorkers) {
        this.windows = windows;
        this.parallelism = parallelism;
        this.random = random;
        this.storage = storage;
        this.allWorkers = allWorkers;
        ofWindow = new int[owner.length];
        for (int i = 0; i < owner.length; i++) {
            WorkerState<R> w = owner[i];
            if (w == null) {
                ofWindow[i] = -1;
                continue;
            }
            if (w.passId != passId) {
                w.passId = passId;
                w.passIndex = workers.size();
                workers.add(w);
            }
            ofWindow[i] = w.passIndex;
        }
        int m = workers.size();
        utilization = new double[m];
        typeCount = new int[m];
        windowsOf = new int[m];
        verdict = new byte[m];
        rank = new int[m];
        stamp = new int[m];
        for (int k = 0; k < m; k++) {
            utilization[k] = workers.get(k).utilization();
            typeCount[k] = workers.get(k).info.taskTypes().size();
        }
    }

    /** How many distinct workers have open windows in this pass. */
    int workerCount() {
        return workers.size();
    }

    /** The acceptable windows of {@code t}'s class, or null when the class is exhausted. */
    Candidates candidates(TaskRequest t) {
        if (t.selector().kind() == SelectorSpec.Kind.TASK_TYPE) {
            int k = typeProofClass(t);
            if (exhaustedTypeProof[k]) {
                return null;
            }
            if (byTypeProof[k] == null) {
                byTypeProof[k] = new Candidates(acceptableWindows(t));
            }
            return byTypeProof[k];
        }
        ClassKey key = classKey(t);
        if (exhausted.contains(key)) {
            return null;
        }
        return byClass.computeIfAbsent(key, k -> new Candidates(acceptableWindows(t)));
    }

    /** No window can take a task of {@code t}'s class for the rest of the pass. */
    void exhaust(TaskRequest t) {
        if (t.selector().kind() == SelectorSpec.Kind.TASK_TYPE) {
            exhaustedTypeProof[typeProofClass(t)] = true;
        } else {
            exhausted.add(classKey(t));
        }
    }

    private static int typeProofClass(TaskRequest t) {
        return t.type().ordinal() * PROOFS + t.sector().proof().ordinal();
    }

    private static ClassKey classKey(TaskRequest t) {
        return new ClassKey(t.type(), t.sector().proof(), t.selector(), t.selector().perSector() ? t.sector().id() : null);
    }

    /**
     * Acceptable window indexes for {@code t}, best first: workers ordered by the selector
     * (fewer task types first for the task-type selector, then lower utilization, then a random
     * rank), each worker's windows together, older first.
     */
    private int[] acceptableWindows(TaskRequest t) {
        int now = ++lookups;
        boolean anyPreferred = false;
        int[] ok = new int[windows.length];
        int okCount = 0;
        for (int i = 0; i < windows.length; i++) {
            int k = ofWindow[i];
            if (k < 0) {
                continue;
            }
            if (stamp[k] != now) {
                stamp[k] = now;
                verdict[k] = judge(t, workers.get(k));
                windowsOf[k] = 0;
            }
            int v = verdict[k];
            if (v == REFUSED) {
                continue;
            }
            if (v == PREFERRED && !anyPreferred) {
                anyPreferred = true;
                okCount = 0;
            }
            if (v == ACCEPTED && anyPreferred) {
                continue;
            }
            ok[okCount++] = i;
        }
        if (okCount == 0 || !anyPreferred && heldByAnotherCapableWorker(t)) {
            return new int[0];
        }
        // Distinct workers in order of first appearance, shuffled for random ties.
        List<Integer> distinct = new ArrayList<>();
        for (int j = 0; j < okCount; j++) {
            int k = ofWindow[ok[j]];
            if (windowsOf[k]++ == 0) {
                distinct.add(k);
            }
        }
        Collections.shuffle(distinct, random);
        for (int r = 0; r < distinct.size(); r++) {
            rank[distinct.get(r)] = r;
        }
        boolean byTypes = t.selector().kind() == SelectorSpec.Kind.TASK_TYPE;
        Integer[] order = distinct.toArray(new Integer[0]);
        Arrays.sort(order, (a, b) -> {
            if (byTypes) {
                int c = Integer.compare(typeCount[a], typeCount[b]);
                if (c != 0) {
                    return c;
                }
            }
            int c = Double.compare(utilization[a], utilization[b]);
            if (c != 0) {
                return c;
            }
            return Integer.compare(rank[a], rank[b]);
        });
        // Each worker's windows start at its offset in the output; they arrive in index order.
        int[] offset = new int[workers.size()];
        int at = 0;
        for (Integer k : order) {
            offset[k] = at;
            at += windowsOf[k];
        }
        int[] out = new int[okCount];
        for (int j = 0; j < okCount; j++) {
            int k = ofWindow[ok[j]];
            out[offset[k]++] = ok[j];
        }
        return out;
    }

    /**
     * Whether a task that must stay with its files ({@link StorageRule#strict}) has them on an
     * enabled worker that takes its type but has no open window now: the task waits for it.
     */
    private boolean heldByAnotherCapableWorker(TaskRequest t) {
        if (!storage.strict(t)) {
            return false;
        }
        for (WorkerState<R> w : allWorkers) {
            if (w.enabled && w.info.taskTypes().contains(t.type())
                    && storage.judge(w.info.id(), t) == StorageRule.Verdict.PREFERRED) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code w} may take {@code t} (resources, then storage), and whether it is preferred (holds the sector). */
    private byte judge(TaskRequest t, WorkerState<R> w) {
        if (!w.enabled || !w.acceptsAndFitsIdle(t, parallelism)) {
            return REFUSED;
        }
        return switch (storage.judge(w.info.id(), t)) {
            case REFUSED -> REFUSED;
            case ACCEPTED -> ACCEPTED;
            case PREFERRED -> PREFERRED;
        };
    }
}
