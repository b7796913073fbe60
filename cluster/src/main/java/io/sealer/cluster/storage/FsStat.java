package io.sealer.cluster.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sealer.core.JsonSerializable;

/**
 * A storage path's filesystem figures as its node reports them: the filesystem's capacity and
 * free bytes, and the bytes the path's own files use (what MaxStorage caps).
 */
public record FsStat(
        @JsonProperty("Capacity") long capacity,
        @JsonProperty("FSAvailable") long fsAvailable,
        @JsonProperty("Used") long used) implements JsonSerializable {}
