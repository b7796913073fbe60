package io.sealer.cluster.sectors.api;

/** The answer of {@code POST /api/v0/sectors/{n}/seal}: the sector, now sealing. */
public record SealResponse(long number, String result) {}
