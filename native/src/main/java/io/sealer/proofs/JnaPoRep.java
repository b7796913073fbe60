package io.sealer.proofs;

import com.sun.jna.ptr.LongByReference;
import java.nio.file.Path;

/**
 * The part-2 symbols of libsealcore (Poseidon, PreCommit2, Commit1/2, verification,
 * unsealing) behind {@link JnaSealingFfi}. Every argument is validated in Java first
 * ({@link SealInputs}); a negative return code becomes a {@link SealingException} carrying
 * sc_last_error(), which is thread-local in C and read on the calling thread.
 */
final class JnaPoRep {

    private final SealCoreLibrary lib;

    JnaPoRep(SealCoreLibrary lib) {
        this.lib = lib;
    }

    private void check(int rc) {
        SealCoreLibrary.check(lib, rc);
    }

    byte[] poseidonHash(int arity, byte[] inputs) {
        if (arity != 2 && arity != 4 && arity != 8 && arity != 11 && arity != 16) {
            throw new IllegalArgumentException("Poseidon arity must be 2, 4, 8, 11 or 16, got " + arity);
        }
        if (inputs == null || inputs.length != 32 * arity) {
            throw new IllegalArgumentException("Poseidon arity " + arity + " takes " + 32 * arity + " bytes");
        }
        byte[] out = new byte[32];
        check(lib.sc_poseidon_hash(arity, inputs, inputs.length, out));
        return out;
    }

    double poseidonHashesPerSecond(int arity, double seconds) {
        if (arity != 2 && arity != 4 && arity != 8 && arity != 11 && arity != 16) {
            throw new IllegalArgumentException("Poseidon arity must be 2, 4, 8, 11 or 16, got " + arity);
        }
        if (!(seconds > 0 && seconds <= 600)) {
            throw new IllegalArgumentException("seconds must be in (0, 600], got " + seconds);
        }
        double[] out = new double[1];
        check(lib.sc_poseidon_bench(arity, seconds, out));
        return out[0];
    }

    PreCommit2Output preCommit2(int proof, Path cacheDir, Path staged, Path sealed, int threads, byte[] expectedCommD,
            NativeProgress progress) {
        SealInputs.proof(proof);
        SealInputs.threads(threads);
        if (expectedCommD != null) {
            SealInputs.bytes32("expected comm_d", expectedCommD);
        }
        byte[] d = new byte[32], c = new byte[32], rl = new byte[32], r = new byte[32];
        double[] st = new double[4];
        check(lib.sc_pc2(proof, SealInputs.dir("cache directory", cacheDir), SealInputs.path("staged sector", staged),
                SealInputs.path("sealed sector", sealed), threads, expectedCommD, d, c, rl, r, st,
                NativeProgress.pointerOf(progress)));
        return new PreCommit2Output(d, c, rl, r, st[0], st[1], st[2], st[3]);
    }

    void unseal(int proof, Path cacheDir, Path sealed, long offset, long length, Path out) {
        SealInputs.proof(proof);
        if (offset < 0 || length <= 0 || offset % 32 != 0 || length % 32 != 0) {
            throw new IllegalArgumentException("unseal range must be 32-byte aligned and non-empty: offset "
                    + offset + ", length " + length);
        }
        check(lib.sc_unseal_range(proof, SealInputs.dir("cache directory", cacheDir),
                SealInputs.path("sealed sector", sealed), offset, length, SealInputs.path("output", out)));
    }

    long[] interactiveChallenges(int proof, byte[] replicaId, byte[] seed) {
        SealInputs.interactiveProof(proof);
        SealInputs.bytes32("replica id", replicaId);
        SealInputs.bytes32("seed", seed);
        int n = commit1Partitions(proof) * (commit1Partitions(proof) == 1 ? 2 : 18);
        long[] out = new long[n];
        check(lib.sc_interactive_challenges(proof, replicaId, seed, out, n));
        return out;
    }

    private static int commit1Partitions(int proof) {
        int size = proof % 5; // 0..2: 2 KiB..512 MiB, 3..4: 32/64 GiB
        return size >= 3 ? 10 : 1;
    }

    long commit1Length(int proof) {
        SealInputs.interactiveProof(proof);
        LongByReference len = new LongByReference();
        check(lib.sc_c1_output_len(proof, len));
        return len.getValue();
    }

    byte[] commit1(int proof, Path cacheDir, Path sealed, byte[] proverId, long sectorId, byte[] ticket, byte[] seed,
            byte[] commD, byte[] commR) {
        checkPublic(proof, proverId, sectorId, ticket, seed, commD, commR);
        long len = commit1Length(proof);
        if (len > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Commit1 output of " + len + " bytes does not fit a Java array");
        }
        byte[] out = new byte[(int) len];
        check(lib.sc_c1(proof, SealInputs.dir("cache directory", cacheDir), SealInputs.path("sealed sector", sealed),
                proverId, sectorId, ticket, seed, commD, commR, out, len));
        return out;
    }

    void verifyCommit1(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD,
            byte[] commR, byte[] c1) {
        checkPublic(proof, proverId, sectorId, ticket, seed, commD, commR);
        if (c1 == null || c1.length == 0) {
            throw new IllegalArgumentException("Commit1 output is empty");
        }
        check(lib.sc_verify_c1(proof, proverId, sectorId, ticket, seed, commD, commR, c1, c1.length));
    }

    byte[] commit2(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed, byte[] commD, byte[] commR,
            byte[] c1) {
        checkPublic(proof, proverId, sectorId, ticket, seed, commD, commR);
        if (c1 == null || c1.length == 0) {
            throw new IllegalArgumentException("Commit1 output is empty");
        }
        byte[] out = new byte[c1.length];
        check(lib.sc_c2(proof, proverId, sectorId, ticket, seed, commD, commR, c1, c1.length, out, out.length));
        return out;
    }

    private static void checkPublic(int proof, byte[] proverId, long sectorId, byte[] ticket, byte[] seed,
            byte[] commD, byte[] commR) {
        SealInputs.interactiveProof(proof);
        SealInputs.bytes32("prover id", proverId);
        SealInputs.sectorId(sectorId);
        SealInputs.bytes32("ticket", ticket);
        SealInputs.bytes32("seed", seed);
        SealInputs.fr("comm_d", commD);
        SealInputs.fr("comm_r", commR);
    }
}
