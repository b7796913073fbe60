package io.sealer.cluster.sealing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;
import io.sealer.proofs.SealingException;
import java.nio.file.Path;

/** Temporary direct binding of sc_add_piece and sc_pc1 until SealingFfi exposes them. */
final class LegacyFfi {
    interface Lib extends Library {
        int sc_add_piece(String piece, long unpadded, String staged, long sectorSize, byte[] commp, LongByReference offset);

        int sc_pc1(int proof, String parentCacheDir, String staged, String cacheDir, byte[] proverId, long sectorId,
                byte[] ticket, byte[] expectedCommD, byte[] commDOut, byte[] replicaIdOut, double[] stats);

        String sc_last_error();
    }

    private static final Lib LIB = Native.load("sealcore", Lib.class);

    private LegacyFfi() {}

    static byte[] addPiece(Path piece, long unpadded, Path staged, long sectorSize) {
        byte[] commp = new byte[32];
        check(LIB.sc_add_piece(piece == null ? null : piece.toString(), unpadded, staged.toString(), sectorSize, commp,
                new LongByReference()));
        return commp;
    }

    static byte[] preCommit1(int proof, Path parentCache, Path staged, Path cache, byte[] proverId, long sector,
            byte[] ticket, byte[] commD) {
        byte[] d = new byte[32];
        byte[] rid = new byte[32];
        check(LIB.sc_pc1(proof, parentCache.toString(), staged.toString(), cache.toString(), proverId, sector, ticket, commD,
                d, rid, new double[6]));
        return rid;
    }

    private static void check(int rc) {
        if (rc < 0) {
            throw new SealingException(rc, LIB.sc_last_error());
        }
    }
}
