package io.sealer.core.worker;

import io.sealer.core.sched.TaskRequest;
import java.util.Map;

/**
 * What a worker does for each task: a prepare step (fetch the sector's files) and the work
 * itself. Both block and run on the blocking task dispatcher, never on an actor thread.
 * The product implementation calls the native proofs; tests use controllable doubles.
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
}
