package io.sealer.proofs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The one JNA mapping of libsealcore: every exported {@code sc_*} function, as declared in
 * native/c/include. Loaded once per process by {@link #load()}, which also checks that the
 * library was built for this version of sealer-native. Package-private: only {@link JnaSdr}
 * and {@link JnaPoRep} call it, after validating their arguments. Status returns are the C
 * {@code sc_status} values ({@link NativeStatus}); progress blocks are {@link NativeProgress}.
 */
interface SealCoreLibrary extends Library {

    /** Loads libsealcore and checks its version against this jar's; a clear error otherwise. */
    static SealCoreLibrary load() {
        SealCoreLibrary lib;
        try {
            lib = Native.load("sealcore", SealCoreLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            throw new SealingException("cannot load libsealcore: " + e.getMessage());
        }
        String expected = expectedVersion();
        String actual = lib.sc_version();
        if (!expected.equals(actual)) {
            throw new SealingException("libsealcore is version " + actual + " but sealer-native is " + expected
                    + "; rebuild (mvn -B install) so that both come from the same build");
        }
        return lib;
    }

    /**
     * Turns a failed sc_status into a {@link SealingException} carrying sc_last_error(), which
     * C keeps per thread: call it on the thread that made the call.
     */
    static void check(SealCoreLibrary lib, int rc) {
        if (rc < 0) {
            throw new SealingException(rc, lib.sc_last_error());
        }
    }

    /** The Maven project version this jar was built as (the version libsealcore must report). */
    static String expectedVersion() {
        try (InputStream in = SealCoreLibrary.class.getResourceAsStream("sealcore-version.properties")) {
            if (in == null) {
                throw new SealingException("sealcore-version.properties is missing from the sealer-native jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String sc_version();

    String sc_last_error();

    String sc_sha256_impl();

    String sc_fr_mul_impl();

    // ---- part 1: fr32, CommP/CommD, replica id, parent graph and cache, PreCommit1 ----

    int sc_porep_id(int proof, byte[] out);

    int sc_fr32_pad(byte[] in, long inLen, byte[] out, long outLen);

    int sc_fr32_unpad(byte[] in, long inLen, byte[] out, long outLen);

    int sc_zero_commitment(long paddedSize, byte[] out);

    int sc_commp_unpadded(byte[] data, long len, byte[] out);

    int sc_commp_file(String path, long unpaddedSize, byte[] out);

    int sc_add_piece(String piece, long unpaddedSize, String staged, long sectorSize, byte[] commP, long[] offset);

    int sc_comm_d(long sectorSize, long[] sizes, byte[] comms, int count, byte[] out);

    int sc_comm_d_file(String staged, long sectorSize, byte[] out);

    int sc_replica_id(byte[] proverId, long sectorId, byte[] ticket, byte[] commD, byte[] porepId, byte[] out);

    int sc_parents(int proof, long node, int[] out);

    int sc_parent_cache_name(int proof, byte[] out, long outLen);

    int sc_parent_cache_generate(int proof, String path, int threads, byte[] digest, Pointer progress);

    int sc_parent_cache_verify(int proof, String path, byte[] digest, int[] published);

    int sc_parent_cache_ensure(int proof, String dir, byte[] pathOut, long pathLen, Pointer progress);

    int sc_pc1(int proof, String parentCacheDir, String staged, String cacheDir, byte[] proverId, long sectorId,
            byte[] ticket, byte[] expectedCommD, byte[] commDOut, byte[] replicaIdOut, double[] stats,
            Pointer progress);

    int sc_sha256_openssl_rate(double seconds, double[] bytesPerSecond);

    // ---- part 2: Poseidon, PreCommit2, Commit1/2, verification, unsealing ----

    int sc_poseidon_hash(int arity, byte[] inputs, long inputsLen, byte[] out);

    int sc_poseidon_bench(int arity, double seconds, double[] hashesPerSecond);

    int sc_pc2(int proof, String cacheDir, String staged, String sealed, int threads, byte[] expectedCommD,
            byte[] commD, byte[] commC, byte[] commRLast, byte[] commR, double[] stats, Pointer progress);

    int sc_unseal_range(int proof, String cacheDir, String sealed, long offset, long length, String out);

    int sc_interactive_challenges(int proof, byte[] replicaId, byte[] seed, long[] out, int outLen);

    int sc_c1_output_len(int proof, LongByReference len);

    int sc_c1(int proof, String cacheDir, String sealed, byte[] proverId, long sectorId, byte[] ticket,
            byte[] seed, byte[] commD, byte[] commR, byte[] out, long outLen);

    int sc_verify_c1(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] c1, long c1Len);

    int sc_c2(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] c1, long c1Len, byte[] out, long outLen);
}
