package io.sealer.cluster.operator;

import io.sealer.core.JsonSerializable;
import io.sealer.core.task.TaskType;
import java.time.Instant;
import java.util.UUID;

/**
 * One job as {@code sealing jobs} lists it: a task on a worker, or a result the miner holds.
 *
 * @param callId   the call's id; null while the task has no call yet
 * @param workerId the worker running it; null for results waiting on the miner's side
 * @param hostname the hostname stored with the job, used when the worker is gone
 * @param runWait  where the job stands: {@link JobState#runWait()}
 * @param start    when it started; null when not known
 */
public record JobSnapshot(UUID callId, long sector, UUID workerId, String hostname, TaskType task, int runWait,
        Instant start) implements JsonSerializable {

    public JobSnapshot {
        if (task == null) {
            throw new IllegalArgumentException("a job snapshot needs a task type");
        }
        hostname = hostname == null ? "" : hostname;
    }

    public JobState state() {
        return JobState.of(runWait);
    }
}
