package io.sealer.core.sched;

import io.sealer.core.JsonSerializable;
import java.util.UUID;

/** A worker's session id: new at every process start, so a restarted worker is a new worker. */
public record WorkerId(String value) implements JsonSerializable {
    public static WorkerId random() {
        return new WorkerId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
