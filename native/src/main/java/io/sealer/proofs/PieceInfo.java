package io.sealer.proofs;

/** A piece placed in a sector: its padded size (a power of two, at least 128) and CommP. */
public record PieceInfo(long paddedSize, byte[] commP) {

    public PieceInfo {
        if (paddedSize < 128 || Long.bitCount(paddedSize) != 1) {
            throw new IllegalArgumentException("piece padded size must be a power of two >= 128, got " + paddedSize);
        }
        commP = SealInputs.bytes32("CommP", commP).clone();
    }

    @Override
    public byte[] commP() {
        return commP.clone();
    }
}
