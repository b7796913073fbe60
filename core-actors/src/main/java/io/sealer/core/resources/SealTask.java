package io.sealer.core.resources;

import io.sealer.core.JsonSerializable;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.TaskType;

/** A task type for one seal proof, the unit MaxConcurrent counts ("8:seal/v0/precommit/1"). */
public record SealTask(TaskType type, SealProof proof) implements JsonSerializable {
    @Override
    public String toString() {
        return proof.id() + ":" + type.wireName();
    }
}
