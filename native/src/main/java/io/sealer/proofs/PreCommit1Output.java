package io.sealer.proofs;

/**
 * What PreCommit1 produced. The layers are in the cache directory as
 * {@code sc-02-data-layer-<l>.dat}. Times in seconds: comm_d over the staged sector, getting
 * the parent cache (generation when missing), labelling, waiting for layer files to be
 * written. {@code compressions} is the SHA-256 block count of the labelling; {@code producers}
 * is 0 for single-threaded SDR.
 */
public record PreCommit1Output(
        byte[] commD, byte[] replicaId, double commDSeconds, double parentCacheSeconds,
        double labellingSeconds, double writeWaitSeconds, long compressions, int producers) {

    public PreCommit1Output {
        commD = SealInputs.bytes32("comm_d", commD).clone();
        replicaId = SealInputs.bytes32("replica id", replicaId).clone();
    }

    @Override
    public byte[] commD() {
        return commD.clone();
    }

    @Override
    public byte[] replicaId() {
        return replicaId.clone();
    }

    /** Seconds of the whole step. */
    public double totalSeconds() {
        return commDSeconds + parentCacheSeconds + labellingSeconds + writeWaitSeconds;
    }
}
