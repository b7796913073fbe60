package io.sealer.cluster.sectors.api;

/** The answer of {@code PUT /api/v0/sectors/pieces/unsealed/{read id}}: the bytes the miner took. */
public record ReadUploadResponse(long bytes) {}
