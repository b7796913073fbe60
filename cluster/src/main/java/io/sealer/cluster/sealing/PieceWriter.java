package io.sealer.cluster.sealing;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sector.PieceLayout;
import io.sealer.core.sector.SectorEvent.DealPiece;
import io.sealer.core.worker.TaskFailure;
import io.sealer.proofs.AddPieceOutput;
import io.sealer.proofs.CommCid;
import io.sealer.proofs.PieceInfo;
import io.sealer.proofs.SealingFfi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * AddPiece of a deal sector on a worker: downloads each piece from the miner ({@link
 * MinerPieces}), appends it fr32-padded at its offset (libsealcore's AddPiece aligns it as
 * rust-fil-proofs does, and the offset it reports must be the one the miner recorded), checks
 * each CommP against the miner's, fills the rest of the sector with zero pieces (as Lotus
 * does), and checks the file's CommD against the CommD of the pieces before the unsealed file
 * takes its name. Blocking; runs on the task dispatcher.
 */
public final class PieceWriter {
    private static final HexFormat HEX = HexFormat.of();

    private final SealingFfi ffi;
    private final MinerPieces miner;

    public PieceWriter(SealingFfi ffi, MinerPieces miner) {
        this.ffi = ffi;
        this.miner = miner;
    }

    /** Writes the deal sector's unsealed file {@code staged}; returns CommD (hex and CID). */
    public Map<String, String> write(TaskRequest r, Path staged) throws IOException, TaskFailure {
        List<DealPiece> pieces = pieces(r);
        long sectorSize = r.sector().proof().sectorSize().bytes();
        Files.createDirectories(staged.getParent());
        Path tmp = NativeTaskExecutor.temporaryFor(staged);
        Path piece = NativeTaskExecutor.temporaryFor(staged);
        List<PieceInfo> infos = new ArrayList<>();
        try {
            for (DealPiece p : pieces) {
                miner.download(p.cid(), piece);
                AddPieceOutput out = ffi.addPiece(piece, p.unpaddedSize(), tmp, sectorSize);
                Files.delete(piece);
                if (out.offset() != p.offset() || !Arrays.equals(out.commP(), HEX.parseHex(p.commP()))) {
                    throw new TaskFailure(FailureKind.TEMPORARY, "piece " + p.cid() + " as downloaded from the miner "
                            + "has CommP " + CommCid.unsealed(out.commP()) + " at offset " + out.offset()
                            + ", not the recorded one at offset " + p.offset());
                }
                infos.add(new PieceInfo(p.paddedSize(), out.commP()));
            }
            for (long zeros : PieceLayout.zeroFill(PieceLayout.end(pieces), sectorSize)) {
                ffi.addPiece(null, zeros / 128 * 127, tmp, sectorSize);
            }
            byte[] expected = ffi.commD(sectorSize, infos);
            byte[] written = ffi.commDFile(tmp, sectorSize);
            if (!Arrays.equals(expected, written)) {
                throw new TaskFailure(FailureKind.TEMPORARY, "the unsealed file of " + r.sector().id() + " has CommD "
                        + CommCid.unsealed(written) + ", not the pieces' " + CommCid.unsealed(expected));
            }
            Files.move(tmp, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Map.of("commD", HEX.formatHex(expected), "commDCid", CommCid.unsealed(expected));
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(piece);
        }
    }

    /** The task's pieces; a malformed list is PERMANENT (no retry can fix it). */
    static List<DealPiece> pieces(TaskRequest r) throws TaskFailure {
        try {
            List<DealPiece> pieces = PieceParams.decode(r.params().get(PieceParams.KEY));
            if (pieces.isEmpty()) {
                throw new IllegalArgumentException("no pieces given");
            }
            return pieces;
        } catch (IllegalArgumentException e) {
            throw new TaskFailure(FailureKind.PERMANENT, r.type().shortName() + " of " + r.sector().id()
                    + ": bad piece list: " + e.getMessage());
        }
    }

    /** Whether a task is a deal sector's (it carries pieces). */
    public static boolean hasPieces(TaskRequest r) {
        String p = r.params().get(PieceParams.KEY);
        return p != null && !p.isEmpty();
    }
}
