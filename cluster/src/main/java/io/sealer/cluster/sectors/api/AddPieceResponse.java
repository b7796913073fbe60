package io.sealer.cluster.sectors.api;

/**
 * The answer of {@code PUT /api/v0/sectors/pieces}: the sector the piece went to, its padded
 * offset there, its CID, the data's size and the piece's padded size, and whether the sector
 * started sealing (it is full).
 */
public record AddPieceResponse(long sector, long offset, String cid, long dataSize, long paddedSize, boolean sealing) {}
