package io.sealer.cluster.node;

import io.sealer.core.task.TaskType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The task types a worker takes, as Lotus decides them. A `sealer worker run` takes fetch,
 * Commit1 and Finalize by default (not with --no-default) and each compute step whose flag is
 * on (all on by default). A miner's own local worker, as in Lotus, always exists: it takes fetch,
 * Commit1 and Finalize (so that Finalize can move sectors to the miner's store paths) plus the
 * types its Storage.Allow* switches allow.
 */
public final class WorkerTasks {
    private static final Set<TaskType> DEFAULTS = Collections.unmodifiableSet(EnumSet.of(TaskType.GET, TaskType.C1,
            TaskType.FIN));

    private WorkerTasks() {}

    /** The compute steps a worker may be allowed, in the order of the flags. */
    public record Allowed(boolean addPiece, boolean preCommit1, boolean preCommit2, boolean commit, boolean unseal) {
        public boolean any() {
            return addPiece || preCommit1 || preCommit2 || commit || unseal;
        }

        Set<TaskType> types() {
            EnumSet<TaskType> t = EnumSet.noneOf(TaskType.class);
            if (addPiece) {
                t.add(TaskType.AP);
            }
            if (preCommit1) {
                t.add(TaskType.PC1);
            }
            if (preCommit2) {
                t.add(TaskType.PC2);
            }
            if (commit) {
                t.add(TaskType.C2);
            }
            if (unseal) {
                t.add(TaskType.UNS);
            }
            return t;
        }
    }

    /** `sealer worker run`'s types. */
    public static Set<TaskType> worker(boolean noDefault, Allowed allowed) {
        EnumSet<TaskType> t = EnumSet.noneOf(TaskType.class);
        if (!noDefault) {
            t.addAll(DEFAULTS);
        }
        t.addAll(allowed.types());
        return Collections.unmodifiableSet(t);
    }

    /** A miner's local worker's types: never empty. */
    public static Set<TaskType> minerLocal(Allowed allowed) {
        EnumSet<TaskType> t = EnumSet.copyOf(DEFAULTS);
        t.addAll(allowed.types());
        return Collections.unmodifiableSet(t);
    }
}
