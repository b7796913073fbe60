package io.sealer.proofs;

/**
 * The sealing proofs as Java sees them: byte arrays and paths in, results out. The product
 * implementation is {@link JnaSealingFfi} over libsealcore; fakes exist only in tests.
 * Implementations are thread-safe. A failure in the native code surfaces as
 * {@link SealingException} carrying the native message.
 */
public interface SealingFfi {

    /** The native library's version string. */
    String version();

    // ---- Part 2: Poseidon, PreCommit2, Commit1/2, verification, unsealing (JnaPoRep) ----
    // Default methods so that test fakes need not implement them; JnaSealingFfi overrides all.
    // Proof ids are registered seal proofs (StackedDrg 2KiB..64GiB: V1 0..4, V1_1 5..9, ...).

    /** Poseidon (neptune, arity 2/4/8/11/16) of 32 * arity bytes of Fr elements. */
    default byte[] poseidonHash(int arity, byte[] inputs) {
        throw new UnsupportedOperationException("poseidonHash");
    }

    /** Poseidon hashes per second of one arity on the calling thread, measured for about seconds. */
    default double poseidonHashesPerSecond(int arity, double seconds) {
        throw new UnsupportedOperationException("poseidonHashesPerSecond");
    }

    /**
     * PreCommit2 over the layers PreCommit1 left in cacheDir: trees into cacheDir, the replica
     * to sealed; expectedCommD (or null) is checked against the tree_d root.
     */
    default PreCommit2Output preCommit2(int proof, java.nio.file.Path cacheDir, java.nio.file.Path staged,
            java.nio.file.Path sealed, int threads, byte[] expectedCommD) {
        throw new UnsupportedOperationException("preCommit2");
    }

    /** Unsealing: writes data = replica - key for the padded range [offset, offset + length) to out. */
    default void unseal(int proof, java.nio.file.Path cacheDir, java.nio.file.Path sealed, long offset, long length,
            java.nio.file.Path out) {
        throw new UnsupportedOperationException("unseal");
    }

    /** The interactive PoRep challenges for a replica id and seed. */
    default long[] interactiveChallenges(int proof, byte[] replicaId, byte[] seed) {
        throw new UnsupportedOperationException("interactiveChallenges");
    }

    /** Commit1: the serialized vanilla proofs (format in docs/proofs.md). */
    default byte[] commit1(int proof, java.nio.file.Path cacheDir, java.nio.file.Path sealed, byte[] proverId,
            long sectorId, byte[] ticket, byte[] seed, byte[] commD, byte[] commR) {
        throw new UnsupportedOperationException("commit1");
    }

    /** Verifies Commit1 output; throws SealingException (code -4) naming the failed check. */
    default void verifyCommit1(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] commit1Output) {
        throw new UnsupportedOperationException("verifyCommit1");
    }

    /** Commit2: verifies the Commit1 output and returns it as the sector proof (no Groth16). */
    default byte[] commit2(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] commit1Output) {
        throw new UnsupportedOperationException("commit2");
    }
}
