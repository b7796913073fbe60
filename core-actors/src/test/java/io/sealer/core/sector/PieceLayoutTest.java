package io.sealer.core.sector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.sector.SectorEvent.DealPiece;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Piece sizes, placement with rust-fil-proofs alignment, and the zero pieces that fill the gaps, as tables. */
class PieceLayoutTest {
    private static final long KIB2 = 2048;

    @ParameterizedTest(name = "{0} bytes of data -> a {1}-byte padded piece")
    @CsvSource({
        "1, 128",
        "127, 128",
        "128, 256",
        "254, 256",
        "255, 512",
        "1000, 1024",
        "1016, 1024",
        "1017, 2048",
        "2032, 2048",
        "2033, 4096",
        "8323072, 8388608",
    })
    void paddedSizeIsTheSmallestPowerOfTwoThatHoldsTheData(long data, long padded) {
        assertEquals(padded, PieceLayout.paddedSizeFor(data));
    }

    @Test
    void noDataIsNoPiece() {
        assertThrows(IllegalArgumentException.class, () -> PieceLayout.paddedSizeFor(0));
    }

    /**
     * Pieces (padded sizes) offered in order to a 2 KiB sector: where each goes ("-" when it
     * does not fit and the sector is left as it was), and the zero pieces that fill the rest.
     */
    @ParameterizedTest(name = "{0} -> offsets {1}, fill {2}")
    @CsvSource(delimiter = '|', value = {
        // one piece
        "128             | 0              | 128 256 512 1024",
        "2048            | 0              | ''",
        "1024            | 0              | 1024",
        // aligned to its own size: the gap before it is left for zero pieces
        "128 1024        | 0 1024         | ''",
        "128 256         | 0 256          | 512 1024",
        "256 128 1024    | 0 256 1024     | ''",
        "128 128 128 128 | 0 128 256 384  | 512 1024",
        // overflow: a piece that does not fit is refused, later smaller ones still fit
        "1024 2048       | 0 -            | 1024",
        "128 2048 512    | 0 - 512        | 1024",
        "1024 1024 128   | 0 1024 -       | ''",
        "4096            | -              | 2048",
    })
    void piecesAreAlignedToTheirSizeAndTheRestIsZeroPieces(String sizes, String offsets, String fill) {
        List<DealPiece> placed = new ArrayList<>();
        List<String> got = new ArrayList<>();
        for (String s : sizes.trim().split("\\s+")) {
            long size = Long.parseLong(s);
            OptionalLong at = PieceLayout.offsetFor(KIB2, placed, size);
            got.add(at.isPresent() ? Long.toString(at.getAsLong()) : "-");
            if (at.isPresent()) {
                placed.add(piece(size, at.getAsLong()));
            }
        }
        assertEquals(offsets.trim(), String.join(" ", got));
        List<Long> zeros = PieceLayout.zeroFill(PieceLayout.end(placed), KIB2);
        assertEquals(fill.trim(), String.join(" ", zeros.stream().map(String::valueOf).toList()));
        long covered = placed.isEmpty() ? 0 : PieceLayout.end(placed);
        assertEquals(KIB2, covered + zeros.stream().mapToLong(Long::longValue).sum(), "the sector is filled exactly");
    }

    @ParameterizedTest(name = "zero pieces for [{0}, {1}): {2}")
    @CsvSource({
        "0, 2048, 2048",
        "128, 2048, 128 256 512 1024",
        "384, 1024, 128 512",
        "1024, 1152, 128",
        "0, 0, ''",
    })
    void zeroPiecesAreEachAlignedToTheirSize(long from, long to, String sizes) {
        List<Long> zeros = PieceLayout.zeroFill(from, to);
        assertEquals(sizes.trim(), String.join(" ", zeros.stream().map(String::valueOf).toList()));
        long at = from;
        for (long z : zeros) {
            assertEquals(0, at % z, "zero piece of " + z + " at " + at);
            at += z;
        }
    }

    @Test
    void aSectorIsFullWhenNotEvenTheSmallestPieceFits() {
        assertFalse(PieceLayout.full(KIB2, List.of(piece(1024, 0))));
        assertTrue(PieceLayout.full(KIB2, List.of(piece(2048, 0))));
        assertTrue(PieceLayout.full(KIB2, List.of(piece(1024, 0), piece(1024, 1024))));
        assertFalse(PieceLayout.full(KIB2, List.of(piece(1024, 0), piece(512, 1024))));
    }

    @Test
    void aPieceMustBeAlignedAndHoldItsData() {
        assertThrows(IllegalArgumentException.class, () -> new DealPiece("00", "b", 10, 256, 128, 0));
        assertThrows(IllegalArgumentException.class, () -> new DealPiece("00", "b", 128, 128, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DealPiece("00", "b", 10, 96, 0, 0));
        assertEquals(254, new DealPiece("00", "b", 200, 256, 512, 0).unpaddedSize());
        assertEquals(508, new DealPiece("00", "b", 200, 256, 512, 0).unpaddedOffset());
    }

    static DealPiece piece(long paddedSize, long offset) {
        char[] cid = new char[8];
        Arrays.fill(cid, 'a');
        return new DealPiece("00".repeat(32), "b" + new String(cid) + offset, paddedSize / 128 * 127, paddedSize,
                offset, 0);
    }
}
