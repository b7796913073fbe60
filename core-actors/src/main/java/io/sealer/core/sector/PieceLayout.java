package io.sealer.core.sector;

import io.sealer.core.sector.SectorEvent.DealPiece;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where pieces go in a sector, as rust-fil-proofs lays them out (docs/operator-guide.md, "Deals:
 * adding data and reading it back"). Sizes and offsets are padded bytes (128 per 127 of data).
 * A piece of data is padded with zeros to the next {@code 127 * 2^k} bytes (at least 127), so
 * its padded size is a power of two of at least 128 bytes. Pieces are placed in the order they
 * come, each at the first offset after the previous one that is a multiple of its own size; the
 * gap before it and the rest of the sector after the last piece hold zero pieces. Pure.
 */
public final class PieceLayout {
    /** The smallest padded piece: 128 bytes (127 of data). */
    public static final long MIN_PADDED = 128;

    private PieceLayout() {}

    /**
     * The padded size of a piece holding {@code dataBytes} bytes: the smallest power of two of at
     * least 128 whose unpadded size ({@code size / 128 * 127}) holds them.
     *
     * @throws IllegalArgumentException for no data at all
     */
    public static long paddedSizeFor(long dataBytes) {
        if (dataBytes < 1) {
            throw new IllegalArgumentException("a piece needs at least 1 byte of data, got " + dataBytes);
        }
        long padded = MIN_PADDED;
        while (padded / 128 * 127 < dataBytes) {
            padded <<= 1;
        }
        return padded;
    }

    /** Where the data of the pieces placed so far ends (the end of the last piece; 0 when none). */
    public static long end(List<DealPiece> pieces) {
        return pieces.isEmpty() ? 0 : pieces.get(pieces.size() - 1).offset() + pieces.get(pieces.size() - 1).paddedSize();
    }

    /**
     * The offset a new piece of {@code paddedSize} takes after {@code pieces} in a sector of
     * {@code sectorSize} bytes, or empty when it does not fit.
     */
    public static OptionalLong offsetFor(long sectorSize, List<DealPiece> pieces, long paddedSize) {
        long end = end(pieces);
        long offset = (end + paddedSize - 1) / paddedSize * paddedSize;
        return offset + paddedSize <= sectorSize ? OptionalLong.of(offset) : OptionalLong.empty();
    }

    /** Whether the pieces leave no room in the sector for even the smallest piece. */
    public static boolean full(long sectorSize, List<DealPiece> pieces) {
        return offsetFor(sectorSize, pieces, MIN_PADDED).isEmpty();
    }

    /**
     * The zero pieces (padded sizes, in order) that fill {@code [from, to)}, each aligned to its
     * own size as rust-fil-proofs aligns any piece: at each offset the largest power of two that
     * divides it and still fits.
     */
    public static List<Long> zeroFill(long from, long to) {
        if (from % MIN_PADDED != 0 || to % MIN_PADDED != 0 || from > to) {
            throw new IllegalArgumentException("cannot fill [" + from + ", " + to + ") with zero pieces");
        }
        List<Long> out = new ArrayList<>();
        long at = from;
        while (at < to) {
            long size = Long.highestOneBit(to - at);
            if (at != 0) {
                size = Math.min(size, Long.lowestOneBit(at));
            }
            out.add(size);
            at += size;
        }
        return out;
    }
}
