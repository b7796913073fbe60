package io.sealer.cluster.sealing;

import io.sealer.core.sector.SectorEvent.DealPiece;
import java.util.ArrayList;
import java.util.List;

/**
 * A deal sector's pieces as one task parameter ({@link #KEY}): per piece, in sector order,
 * {@code cid,commP,dataSize,paddedSize,offset,dealId}, pieces separated by {@code ;}. Task
 * parameters are plain strings, so the pieces travel to the worker with the AddPiece task.
 */
public final class PieceParams {
    /** The task parameter that holds the pieces. */
    public static final String KEY = "pieces";

    /** On an UNS task: the id under which the worker uploads the piece's bytes to the miner. */
    public static final String READ_ID = "readId";

    private PieceParams() {}

    public static String encode(List<DealPiece> pieces) {
        StringBuilder sb = new StringBuilder();
        for (DealPiece p : pieces) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(p.cid()).append(',').append(p.commP()).append(',').append(p.dataSize()).append(',')
                    .append(p.paddedSize()).append(',').append(p.offset()).append(',').append(p.dealId());
        }
        return sb.toString();
    }

    /** The pieces of {@code text}; empty for null or an empty text. */
    public static List<DealPiece> decode(String text) {
        List<DealPiece> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String piece : text.split(";")) {
            String[] f = piece.split(",");
            if (f.length != 6) {
                throw new IllegalArgumentException("'" + piece + "' is not a piece (cid,commP,dataSize,paddedSize,"
                        + "offset,dealId)");
            }
            try {
                out.add(new DealPiece(f[1], f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                        Long.parseLong(f[5])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + piece + "' has a size, offset or deal that is not a number");
            }
        }
        return out;
    }
}
