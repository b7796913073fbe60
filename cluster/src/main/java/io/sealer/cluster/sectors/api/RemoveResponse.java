package io.sealer.cluster.sectors.api;

/** The answer of {@code DELETE /api/v0/sectors/{n}}: the sector and {@code removing} or {@code already-removed}. */
public record RemoveResponse(long number, String result) {}
