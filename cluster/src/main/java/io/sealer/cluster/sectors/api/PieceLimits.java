package io.sealer.cluster.sectors.api;

/** The answer of {@code GET /api/v0/sectors/pieces}: the miner's sector size and the most data one piece may hold. */
public record PieceLimits(String sectorSize, long maxDataSize) {}
