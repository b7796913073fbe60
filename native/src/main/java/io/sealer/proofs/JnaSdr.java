package io.sealer.proofs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The part-1 symbols of libsealcore (fr32, CommP/CommD, replica id, SDR parent graph and
 * cache, PreCommit1) behind {@link JnaSealingFfi}. Arguments are validated here before C is
 * called; a negative return code becomes a {@link SealingException} with sc_last_error(),
 * which C keeps per thread and this class reads on the calling thread.
 */
final class JnaSdr {
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 64;

    private final SealCoreLibrary lib;

    JnaSdr(SealCoreLibrary lib) {
        this.lib = lib;
    }

    private void check(int rc) {
        SealCoreLibrary.check(lib, rc);
    }

    byte[] porepId(int proof) {
        SealInputs.proof(proof);
        byte[] out = new byte[32];
        check(lib.sc_porep_id(proof, out));
        return out;
    }

    byte[] fr32Pad(byte[] unpadded) {
        if (unpadded == null || unpadded.length == 0 || unpadded.length % 127 != 0) {
            throw new IllegalArgumentException("fr32 padding takes a non-empty multiple of 127 bytes, got "
                    + (unpadded == null ? "none" : unpadded.length));
        }
        long outLen = (long) unpadded.length / 127 * 128;
        if (outLen > MAX_ARRAY) {
            throw new IllegalArgumentException("fr32 output of " + outLen + " bytes does not fit a Java array");
        }
        byte[] out = new byte[(int) outLen];
        check(lib.sc_fr32_pad(unpadded, unpadded.length, out, out.length));
        return out;
    }

    byte[] fr32Unpad(byte[] padded) {
        if (padded == null || padded.length == 0 || padded.length % 128 != 0) {
            throw new IllegalArgumentException("fr32 unpadding takes a non-empty multiple of 128 bytes, got "
                    + (padded == null ? "none" : padded.length));
        }
        byte[] out = new byte[padded.length / 128 * 127];
        check(lib.sc_fr32_unpad(padded, padded.length, out, out.length));
        return out;
    }

    byte[] zeroCommitment(long paddedSize) {
        if (paddedSize < 32 || Long.bitCount(paddedSize) != 1 || paddedSize > (2L << 40)) {
            throw new IllegalArgumentException("zero commitment size must be a power of two from 32 B to 2 TiB, got "
                    + paddedSize);
        }
        byte[] out = new byte[32];
        check(lib.sc_zero_commitment(paddedSize, out));
        return out;
    }

    byte[] commP(byte[] unpadded) {
        if (unpadded == null) {
            throw new IllegalArgumentException("piece data is missing");
        }
        unpaddedSize(unpadded.length);
        byte[] out = new byte[32];
        check(lib.sc_commp_unpadded(unpadded, unpadded.length, out));
        return out;
    }

    byte[] commPFile(Path file, long unpaddedSize) {
        unpaddedSize(unpaddedSize);
        byte[] out = new byte[32];
        check(lib.sc_commp_file(SealInputs.path("piece", file), unpaddedSize, out));
        return out;
    }

    AddPieceOutput addPiece(Path piece, long unpaddedSize, Path staged, long sectorSize) {
        unpaddedSize(unpaddedSize);
        sectorSize(sectorSize);
        byte[] commP = new byte[32];
        long[] offset = new long[1];
        check(lib.sc_add_piece(piece == null ? null : SealInputs.path("piece", piece), unpaddedSize,
                SealInputs.path("staged sector", staged), sectorSize, commP, offset));
        return new AddPieceOutput(commP, offset[0]);
    }

    byte[] commD(long sectorSize, List<PieceInfo> pieces) {
        sectorSize(sectorSize);
        if (pieces == null) {
            throw new IllegalArgumentException("piece list is missing");
        }
        long[] sizes = new long[pieces.size()];
        byte[] comms = new byte[32 * pieces.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            PieceInfo p = pieces.get(i);
            if (p == null) {
                throw new IllegalArgumentException("piece " + i + " is missing");
            }
            sizes[i] = p.paddedSize();
            total += sizes[i];
            if (total > sectorSize) {
                throw new IllegalArgumentException("pieces up to " + i + " take " + total + " bytes, more than the "
                        + sectorSize + "-byte sector");
            }
            System.arraycopy(p.commP(), 0, comms, 32 * i, 32);
        }
        byte[] out = new byte[32];
        check(lib.sc_comm_d(sectorSize, sizes, comms, sizes.length, out));
        return out;
    }

    byte[] commDFile(Path staged, long sectorSize) {
        sectorSize(sectorSize);
        byte[] out = new byte[32];
        check(lib.sc_comm_d_file(SealInputs.path("staged sector", staged), sectorSize, out));
        return out;
    }

    byte[] replicaId(byte[] proverId, long sectorId, byte[] ticket, byte[] commD, byte[] porepId) {
        SealInputs.bytes32("prover id", proverId);
        SealInputs.sectorId(sectorId);
        SealInputs.bytes32("ticket", ticket);
        SealInputs.bytes32("comm_d", commD);
        SealInputs.bytes32("porep id", porepId);
        byte[] out = new byte[32];
        check(lib.sc_replica_id(proverId, sectorId, ticket, commD, porepId, out));
        return out;
    }

    int[] parents(int proof, long node) {
        SealInputs.proof(proof);
        long nodes = SealProofs.sectorSize(proof) / 32;
        if (node < 0 || node >= nodes) {
            throw new IllegalArgumentException("node " + node + " is outside the " + nodes + "-node graph");
        }
        int[] out = new int[14];
        check(lib.sc_parents(proof, node, out));
        return out;
    }

    String parentCacheName(int proof) {
        SealInputs.proof(proof);
        byte[] out = new byte[128];
        check(lib.sc_parent_cache_name(proof, out, out.length));
        return cString(out);
    }

    byte[] generateParentCache(int proof, Path file, int threads, NativeProgress progress) {
        SealInputs.proof(proof);
        if (threads < 0 || threads > 256) {
            throw new IllegalArgumentException("threads must be 0 (all cores) .. 256, got " + threads);
        }
        byte[] digest = new byte[32];
        check(lib.sc_parent_cache_generate(proof, SealInputs.path("parent cache", file), threads, digest,
                NativeProgress.pointerOf(progress)));
        return digest;
    }

    ParentCacheCheck verifyParentCache(int proof, Path file) {
        SealInputs.proof(proof);
        byte[] digest = new byte[32];
        int[] published = new int[1];
        check(lib.sc_parent_cache_verify(proof, SealInputs.path("parent cache", file), digest, published));
        return new ParentCacheCheck(digest, published[0] == 1);
    }

    Path ensureParentCache(int proof, Path dir, NativeProgress progress) {
        SealInputs.proof(proof);
        byte[] out = new byte[SealInputs.PATH_MAX];
        check(lib.sc_parent_cache_ensure(proof, SealInputs.dir("parent cache directory", dir), out, out.length,
                NativeProgress.pointerOf(progress)));
        return Path.of(cString(out));
    }

    PreCommit1Output preCommit1(int proof, Path parentCacheDir, Path staged, Path cacheDir, byte[] proverId,
            long sectorId, byte[] ticket, byte[] expectedCommD, NativeProgress progress) {
        SealInputs.proof(proof);
        SealInputs.bytes32("prover id", proverId);
        SealInputs.sectorId(sectorId);
        SealInputs.bytes32("ticket", ticket);
        if (expectedCommD != null) {
            SealInputs.bytes32("expected comm_d", expectedCommD);
        } else if (staged == null) {
            throw new IllegalArgumentException("PreCommit1 needs the staged sector or the expected comm_d");
        }
        byte[] commD = new byte[32];
        byte[] replicaId = new byte[32];
        double[] st = new double[6];
        check(lib.sc_pc1(proof, SealInputs.dir("parent cache directory", parentCacheDir),
                staged == null ? null : SealInputs.path("staged sector", staged), SealInputs.dir("cache directory", cacheDir), proverId,
                sectorId, ticket, expectedCommD, commD, replicaId, st, NativeProgress.pointerOf(progress)));
        return new PreCommit1Output(commD, replicaId, st[0], st[1], st[2], st[3], (long) st[4], (int) st[5]);
    }

    String sha256Implementation() {
        return lib.sc_sha256_impl();
    }

    String frMulImplementation() {
        return lib.sc_fr_mul_impl();
    }

    double opensslSha256BytesPerSecond(double seconds) {
        if (!(seconds > 0 && seconds <= 60)) {
            throw new IllegalArgumentException("seconds must be in (0, 60], got " + seconds);
        }
        double[] out = new double[1];
        check(lib.sc_sha256_openssl_rate(seconds, out));
        return out[0];
    }

    private static void unpaddedSize(long size) {
        if (size < 127 || size % 127 != 0 || Long.bitCount(size / 127) != 1) {
            throw new IllegalArgumentException("unpadded piece size must be 127 * 2^k bytes, got " + size);
        }
    }

    private static void sectorSize(long size) {
        if (size < 128 || Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("sector size must be a power of two >= 128, got " + size);
        }
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
