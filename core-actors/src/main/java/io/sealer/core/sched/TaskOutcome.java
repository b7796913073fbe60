package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;
import java.util.Map;
import java.util.UUID;

/**
 * The end of a task, sent to whoever scheduled it: the outputs on success, or the error.
 * {@code worker} is empty when the task never reached a worker (removed from the queue, or
 * no registered worker could ever run it). {@code failureKind} is null on success.
 * {@code callId} is the request's call id (null for a one-off task): it names the sector the
 * outcome belongs to, so it can be routed to the sector's entity wherever that runs now.
 */
public record TaskOutcome(UUID schedId, String worker, Status status, FailureKind failureKind, String error,
        Map<String, String> outputs, String callId)
        implements JsonSerializable {

    /** How the task ended. */
    public enum Status {
        /** Ran and produced its outputs. */
        DONE,
        /** Ran (or was removed) and failed; retrying may help. */
        FAILED,
        /** No registered worker could ever run it (the error says what it needs); retrying cannot help. */
        UNSCHEDULABLE
    }

    public TaskOutcome {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        worker = worker == null ? "" : worker;
        error = error == null ? "" : error;
        status = status == null ? Status.FAILED : status;
        failureKind = status == Status.DONE ? null : failureKind == null ? FailureKind.TEMPORARY : failureKind;
    }

    public boolean ok() {
        return status == Status.DONE;
    }

    public boolean unschedulable() {
        return status == Status.UNSCHEDULABLE;
    }

    /** This outcome, answering the call {@code id}. */
    public TaskOutcome withCallId(String id) {
        return new TaskOutcome(schedId, worker, status, failureKind, error, outputs, id);
    }

    public static TaskOutcome success(UUID id, String worker, Map<String, String> outputs) {
        return new TaskOutcome(id, worker, Status.DONE, null, "", outputs, null);
    }

    public static TaskOutcome failure(UUID id, String worker, String error) {
        return failure(id, worker, FailureKind.TEMPORARY, error);
    }

    public static TaskOutcome failure(UUID id, String worker, FailureKind kind, String error) {
        return new TaskOutcome(id, worker, Status.FAILED, kind, error, Map.of(), null);
    }

    /** No worker could ever run the task; {@code reason} names what it needs and what the largest worker has. */
    public static TaskOutcome unschedulable(UUID id, String reason) {
        return new TaskOutcome(id, "", Status.UNSCHEDULABLE, FailureKind.PERMANENT, reason, Map.of(), null);
    }
}
