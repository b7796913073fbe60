package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;
import java.util.Map;
import java.util.UUID;

/**
 * The end of a task, sent to whoever scheduled it: the outputs on success, or the error.
 * {@code worker} is empty when the task never reached a worker (removed from the queue).
 */
public record TaskOutcome(UUID schedId, String worker, boolean ok, String error, Map<String, String> outputs)
        implements JsonSerializable {

    public TaskOutcome {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        worker = worker == null ? "" : worker;
        error = error == null ? "" : error;
    }

    public static TaskOutcome success(UUID id, String worker, Map<String, String> outputs) {
        return new TaskOutcome(id, worker, true, "", outputs);
    }

    public static TaskOutcome failure(UUID id, String worker, String error) {
        return new TaskOutcome(id, worker, false, error, Map.of());
    }
}
