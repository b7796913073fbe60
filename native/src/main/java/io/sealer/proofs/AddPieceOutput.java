package io.sealer.proofs;

/** What AddPiece wrote: the piece's CommP and the padded offset in the staged sector where it starts. */
public record AddPieceOutput(byte[] commP, long offset) {

    public AddPieceOutput {
        commP = SealInputs.bytes32("CommP", commP).clone();
    }

    @Override
    public byte[] commP() {
        return commP.clone();
    }

    /** The piece as CommD input. */
    public PieceInfo pieceInfo(long unpaddedSize) {
        return new PieceInfo(unpaddedSize / 127 * 128, commP);
    }
}
