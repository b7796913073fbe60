package io.sealer.cluster.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sealer.core.sector.SectorEvent.DealPiece;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deal sector's pieces travel as one task parameter and come back the same; a malformed one is refused. */
class PieceParamsTest {

    @Test
    void piecesRoundTrip() {
        List<DealPiece> pieces = List.of(new DealPiece("ab".repeat(32), "baga6ea4seaqone", 1000, 1024, 0, 7),
                new DealPiece("cd".repeat(32), "baga6ea4seaqtwo", 1, 128, 1024, 0));
        assertEquals(pieces, PieceParams.decode(PieceParams.encode(pieces)));
        assertEquals(List.of(), PieceParams.decode(null));
        assertEquals(List.of(), PieceParams.decode(""));
    }

    @Test
    void aMalformedListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PieceParams.decode("baga,ab,1000"));
        assertThrows(IllegalArgumentException.class, () -> PieceParams.decode("baga,ab,x,1024,0,0"));
        assertThrows(IllegalArgumentException.class, () -> PieceParams.decode("baga,ab,5000,1024,0,0"));
    }
}
