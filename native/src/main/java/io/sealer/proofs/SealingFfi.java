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

    /**
     * Removes libsealcore temporary files left in dir (and a few levels below) by processes that
     * no longer run; see {@link TemporaryFiles}. Returns what was removed.
     */
    default java.util.List<java.nio.file.Path> removeStaleTemporaries(java.nio.file.Path dir) {
        return TemporaryFiles.removeStaleTemporaries(dir);
    }

    // ---- Part 1: fr32, CommP/CommD, replica id, SDR parent graph and cache, PreCommit1 (JnaSdr) ----

    /** The 32-byte porep_id of a registered seal proof. */
    byte[] porepId(int proof);

    /** fr32 padding: a multiple of 127 bytes in, 128 bytes out per 127. */
    byte[] fr32Pad(byte[] unpadded);

    /** fr32 unpadding: a multiple of 128 bytes in, 127 bytes out per 128. */
    byte[] fr32Unpad(byte[] padded);

    /** Commitment of paddedSize zero bytes (a power of two, 32 B to 2 TiB). */
    byte[] zeroCommitment(long paddedSize);

    /** CommP of unpadded piece bytes (length 127 * 2^k). */
    byte[] commP(byte[] unpadded);

    /** CommP of the first unpaddedSize bytes (127 * 2^k) of a file, streamed. */
    byte[] commPFile(java.nio.file.Path file, long unpaddedSize);

    /**
     * AddPiece: appends the fr32-padded piece (null: zeros) to the staged sector after the
     * alignment padding rust-fil-proofs uses; fails if it would not fit sectorSize.
     */
    AddPieceOutput addPiece(java.nio.file.Path piece, long unpaddedSize, java.nio.file.Path staged,
            long sectorSize);

    /** CommD of a sector from its pieces in order, zero pieces filling gaps and the rest. */
    byte[] commD(long sectorSize, java.util.List<PieceInfo> pieces);

    /** CommD over a whole staged sector file. */
    byte[] commDFile(java.nio.file.Path staged, long sectorSize);

    /** replica_id = SHA256(prover_id, be64(sector_id), ticket, comm_d, porep_id) truncated to 254 bits. */
    byte[] replicaId(byte[] proverId, long sectorId, byte[] ticket, byte[] commD, byte[] porepId);

    /** The 14 parents of a node: 6 DRG parents then 8 expander parents. */
    int[] parents(int proof, long node);

    /** The parent cache file name, v28-sdr-parent-&lt;hex&gt;.cache. */
    String parentCacheName(int proof);

    /**
     * Writes the parent cache to file with threads workers (0: all cores) and returns its
     * SHA-256; fails without leaving a file when a published digest is known and differs, or
     * when progress (may be null) is cancelled.
     */
    byte[] generateParentCache(int proof, java.nio.file.Path file, int threads, NativeProgress progress);

    default byte[] generateParentCache(int proof, java.nio.file.Path file, int threads) {
        return generateParentCache(proof, file, threads, null);
    }

    /** SHA-256 of an existing parent cache file; throws (ERR_VERIFY) if it contradicts the published digest. */
    ParentCacheCheck verifyParentCache(int proof, java.nio.file.Path file);

    /** The parent cache file in dir, generated there first when missing (progress may be null). */
    java.nio.file.Path ensureParentCache(int proof, java.nio.file.Path dir, NativeProgress progress);

    default java.nio.file.Path ensureParentCache(int proof, java.nio.file.Path dir) {
        return ensureParentCache(proof, dir, null);
    }

    /**
     * PreCommit1: comm_d of the staged sector (checked against expectedCommD unless null),
     * replica id, and the SDR layers written to cacheDir as sc-02-data-layer-&lt;l&gt;.dat. The
     * parent cache comes from (or is generated in) parentCacheDir. Multicore SDR follows
     * FIL_PROOFS_USE_MULTICORE_SDR and FIL_PROOFS_MULTICORE_SDR_PRODUCERS. progress (may be
     * null) follows the call and can cancel it; a failed or cancelled PreCommit1 leaves no
     * layer file and no temporary file. With a null staged (and expectedCommD given) it
     * regenerates the layers of a sector sealed before, for unsealing (the labels depend on the
     * replica id alone).
     */
    PreCommit1Output preCommit1(int proof, java.nio.file.Path parentCacheDir, java.nio.file.Path staged,
            java.nio.file.Path cacheDir, byte[] proverId, long sectorId, byte[] ticket, byte[] expectedCommD,
            NativeProgress progress);

    default PreCommit1Output preCommit1(int proof, java.nio.file.Path parentCacheDir, java.nio.file.Path staged,
            java.nio.file.Path cacheDir, byte[] proverId, long sectorId, byte[] ticket, byte[] expectedCommD) {
        return preCommit1(proof, parentCacheDir, staged, cacheDir, proverId, sectorId, ticket, expectedCommD, null);
    }

    /** "sha-ni" or "portable": the SHA-256 compression libsealcore uses on this CPU (SEALCORE_NO_SHANI=1: portable). */
    String sha256Implementation();

    /** "adx" or "portable": the Fr multiplication libsealcore uses on this CPU (SEALCORE_NO_ADX=1: portable). */
    String frMulImplementation();

    /** OpenSSL SHA-256 bytes per second over 8192-byte buffers, measured for about seconds. */
    double opensslSha256BytesPerSecond(double seconds);

    // ---- Part 2: Poseidon, PreCommit2, Commit1/2, verification, unsealing (JnaPoRep) ----
    // Proof ids are registered seal proofs (StackedDrg 2KiB..64GiB: V1 0..4, V1_1 5..9, ...).

    /** Poseidon (neptune, arity 2/4/8/11/16) of 32 * arity bytes of Fr elements. */
    byte[] poseidonHash(int arity, byte[] inputs);

    /** Poseidon hashes per second of one arity on the calling thread, measured for about seconds. */
    double poseidonHashesPerSecond(int arity, double seconds);

    /**
     * PreCommit2 over the layers PreCommit1 left in cacheDir: trees into cacheDir, the replica
     * to sealed; expectedCommD (or null) is checked against the tree_d root. progress (may be
     * null) follows the call and can cancel it; a failed or cancelled PreCommit2 removes the
     * trees, p_aux and replica it wrote and every temporary file.
     */
    PreCommit2Output preCommit2(int proof, java.nio.file.Path cacheDir, java.nio.file.Path staged,
            java.nio.file.Path sealed, int threads, byte[] expectedCommD, NativeProgress progress);

    default PreCommit2Output preCommit2(int proof, java.nio.file.Path cacheDir, java.nio.file.Path staged,
            java.nio.file.Path sealed, int threads, byte[] expectedCommD) {
        return preCommit2(proof, cacheDir, staged, sealed, threads, expectedCommD, null);
    }

    /** Unsealing: writes data = replica - key for the padded range [offset, offset + length) to out. */
    void unseal(int proof, java.nio.file.Path cacheDir, java.nio.file.Path sealed, long offset, long length,
            java.nio.file.Path out);

    /**
     * Reads a piece back from a sealed sector: unseals the padded range of the unpadded range
     * [unpaddedOffset, unpaddedOffset + unpaddedLength) (both multiples of 127, as piece
     * offsets and sizes are) and fr32-unpads it. For pieces up to 1 GiB (held in memory).
     */
    default byte[] unsealPiece(int proof, java.nio.file.Path cacheDir, java.nio.file.Path sealed, long unpaddedOffset,
            long unpaddedLength) {
        if (unpaddedOffset < 0 || unpaddedLength <= 0 || unpaddedOffset % 127 != 0 || unpaddedLength % 127 != 0
                || unpaddedLength > (1L << 30)) {
            throw new IllegalArgumentException("piece range must be non-empty multiples of 127 bytes (at most 1 GiB): "
                    + "offset " + unpaddedOffset + ", length " + unpaddedLength);
        }
        java.nio.file.Path tmp = null;
        try {
            tmp = java.nio.file.Files.createTempFile(cacheDir, "unseal-", ".tmp");
            unseal(proof, cacheDir, sealed, unpaddedOffset / 127 * 128, unpaddedLength / 127 * 128, tmp);
            return fr32Unpad(java.nio.file.Files.readAllBytes(tmp));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    java.nio.file.Files.deleteIfExists(tmp);
                } catch (java.io.IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** The interactive PoRep challenges for a replica id and seed. */
    long[] interactiveChallenges(int proof, byte[] replicaId, byte[] seed);

    /** Commit1: the serialized vanilla proofs (format in docs/proofs.md). */
    byte[] commit1(int proof, java.nio.file.Path cacheDir, java.nio.file.Path sealed, byte[] proverId,
            long sectorId, byte[] ticket, byte[] seed, byte[] commD, byte[] commR);

    /** Verifies Commit1 output; throws SealingException (ERR_VERIFY) naming the failed check. */
    void verifyCommit1(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] commit1Output);

    /** Commit2: verifies the Commit1 output and returns it as the sector proof (no Groth16). */
    byte[] commit2(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] commit1Output);
}
