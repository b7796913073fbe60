package io.sealer.core.task;

import io.sealer.core.JsonSerializable;

/** A sector together with the proof it is sealed with (which fixes its size). */
public record SectorRef(SectorId id, SealProof proof) implements JsonSerializable {
    /** The sector of tasks that are not tied to a sector (DC). */
    public static final SectorRef NONE = new SectorRef(new SectorId(0, 0), SealProof.STACKED_DRG_2KIB_V1);
}
