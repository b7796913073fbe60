package io.sealer.core.worker;

import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SectorId;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a worker does for each task: a prepare step (fetch the sector's files) and the work
 * itself. Both block and run on the blocking task dispatcher, never on an actor thread.
 * The product implementation calls the native proofs; tests use controllable doubles.
 * Failures thrown as {@link TaskFailure} say how the task failed; any other exception counts
 * as a temporary failure.
 */
public interface TaskExecutor {

    /** Brings the task's inputs to this worker; throws to fail the task. */
    void prepare(TaskRequest request) throws Exception;

    /**
     * Runs the task and returns its outputs (for example comm_r); throws to fail the task.
     *
     * @param threads the CPU threads the scheduler granted this task (the thread rule; 0 for
     *     tasks that take no CPU slot)
     */
    Map<String, String> work(TaskRequest request, int threads) throws Exception;

    /**
     * The sectors whose files this worker holds when it starts, so that their next tasks come
     * back here (the sector-affinity selector). Called once, on the blocking dispatcher; empty
     * by default.
     */
    default Set<SectorId> heldSectors() throws Exception {
        return Set.of();
    }

    /**
     * Asks the running step of task {@code schedId} to stop (an operator's abort): the executor
     * cancels its computation and removes its partial files, and the step then ends with an
     * error. Called on an actor thread, so it must only raise a flag and return at once. Returns
     * whether a cancellable computation of that task was running; false by default (the step
     * runs on to its end and its result is dropped).
     */
    default boolean cancel(UUID schedId) {
        return false;
    }
}
