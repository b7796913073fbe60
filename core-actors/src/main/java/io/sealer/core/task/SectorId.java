package io.sealer.core.task;

import io.sealer.core.JsonSerializable;

/** A sector: miner actor id and sector number. Prints as s-t0<miner>-<number>. */
public record SectorId(long miner, long number) implements JsonSerializable {
    public SectorId {
        if (miner < 0 || number < 0) {
            throw new IllegalArgumentException("miner and sector number must be non-negative");
        }
    }

    @Override
    public String toString() {
        return "s-t0" + miner + "-" + number;
    }
}
