package io.sealer.proofs;

/**
 * What PreCommit2 produced. Commitments are 32 raw bytes (Fr little-endian); {@code commR} is
 * Poseidon-2(commC, commRLast). The times are seconds for tree_d, tree_c (column hashes and
 * tree), encoding plus tree_r_last, and the whole step.
 */
public record PreCommit2Output(
        byte[] commD, byte[] commC, byte[] commRLast, byte[] commR,
        double treeDSeconds, double treeCSeconds, double treeRSeconds, double totalSeconds) {

    public PreCommit2Output {
        commD = commD.clone();
        commC = commC.clone();
        commRLast = commRLast.clone();
        commR = commR.clone();
    }

    @Override
    public byte[] commD() {
        return commD.clone();
    }

    @Override
    public byte[] commC() {
        return commC.clone();
    }

    @Override
    public byte[] commRLast() {
        return commRLast.clone();
    }

    @Override
    public byte[] commR() {
        return commR.clone();
    }
}
