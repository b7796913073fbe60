package io.sealer.cluster.sectors.api;

import java.util.List;

/** The answer of {@code GET /api/v0/sectors} and {@code POST /api/v0/sectors/pledge}: sectors by number. */
public record SectorList(List<SectorRow> sectors) {
    public SectorList {
        sectors = sectors == null ? List.of() : List.copyOf(sectors);
    }
}
