package io.sealer.core.sector;

import static io.sealer.core.sector.SectorState.PACKING;
import static io.sealer.core.sector.SectorState.PRE_COMMIT_1;
import static io.sealer.core.sector.SectorState.REMOVING;
import static io.sealer.core.sector.SectorState.WAIT_DEALS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.sector.SectorEvent.DealPiece;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A deal sector: WaitDeals takes pieces, leaves for Packing, and its pieces survive every route back. */
class WaitDealsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final String HEX = "ab".repeat(32);

    private static SectorInfo open() {
        return SectorInfo.startWaitDeals(new SectorEvent.SectorStartWaitDeals(T0, new SectorId(1000, 7),
                SealProof.STACKED_DRG_2KIB_V1_1));
    }

    private static SectorEvent.SectorAddPiece add(long paddedSize, long offset) {
        return new SectorEvent.SectorAddPiece(T0, PieceLayoutTest.piece(paddedSize, offset));
    }

    @Test
    void aDealSectorStartsInWaitDealsWithDealPriorityAndNoPieces() {
        SectorInfo s = open();
        assertEquals(WAIT_DEALS, s.state());
        assertTrue(s.deals());
        assertEquals(List.of(), s.dealPieces());
        assertEquals(null, s.nextTask(), "nothing runs on a worker while it waits for deals");
    }

    /** What WaitDeals accepts, as a table: event -> next state (null: rejected, the sector unchanged). */
    @Test
    void waitDealsTransitions() {
        Map<SectorEvent, SectorState> table = new java.util.LinkedHashMap<>();
        table.put(add(1024, 0), WAIT_DEALS);
        table.put(new SectorEvent.SectorStartPacking(T0, "full"), PACKING);
        table.put(new SectorEvent.SectorRemove(T0, "operator"), REMOVING);
        table.put(new SectorEvent.SectorPacked(T0, "w", List.of(), HEX, "baga"), null);
        table.put(new SectorEvent.SectorTicket(T0, HEX), null);
        table.put(new SectorEvent.SectorAddPieceFailed(T0, TaskType.AP, "w", FailureKind.TEMPORARY, "x"), null);
        for (Map.Entry<SectorEvent, SectorState> row : table.entrySet()) {
            SectorInfo s = open();
            String name = row.getKey().getClass().getSimpleName();
            if (row.getValue() == null) {
                assertThrows(SectorEventRejected.class, () -> s.apply(row.getKey()), name);
            } else {
                assertEquals(row.getValue(), s.apply(row.getKey()).state(), name);
            }
        }
    }

    @Test
    void piecesAreRecordedInOrderAndAMisplacedOrOversizedPieceIsRejected() {
        SectorInfo s = open().apply(add(128, 0)).apply(add(512, 512));
        assertEquals(List.of(0L, 512L), s.dealPieces().stream().map(DealPiece::offset).toList());
        SectorInfo at = s;
        assertThrows(SectorEventRejected.class, () -> at.apply(add(256, 768)), "256 belongs at 1024, not 768");
        assertThrows(SectorEventRejected.class, () -> at.apply(add(2048, 0)), "a whole sector no longer fits");
        assertEquals(1024L, s.offsetForPiece(1024).getAsLong());
        assertTrue(s.apply(add(1024, 1024)).offsetForPiece(128).isEmpty(), "full");
        SectorInfo packing = s.apply(new SectorEvent.SectorStartPacking(T0, "operator"));
        assertThrows(SectorEventRejected.class, () -> packing.apply(add(128, 128)), "no pieces once it packs");
    }

    @Test
    void thePiecesSurviveARouteBackToPacking() {
        SectorPlanner planner = new SectorPlanner(2, Duration.ofSeconds(1));
        SectorInfo s = open().apply(add(1024, 0)).apply(new SectorEvent.SectorStartPacking(T0, "full"))
                .apply(new SectorEvent.SectorPacked(T0, "w", List.of(new SectorEvent.Piece(HEX, 1024)), HEX, "baga"))
                .apply(new SectorEvent.SectorTicket(T0, HEX));
        assertEquals(PRE_COMMIT_1, s.state());
        s = s.apply(new SectorEvent.SectorSealPreCommit1Failed(T0, TaskType.PC1, "w", FailureKind.BAD_OUTPUT,
                "comm_d does not match"));
        SectorPlanner.Recovery r = planner.recover(s);
        assertEquals(PACKING, r.target());
        s = s.apply(r.event(T0));
        assertEquals(PACKING, s.state());
        assertEquals(null, s.commD(), "Packing's output is dropped");
        assertEquals(1, s.dealPieces().size(), "the deal's piece is not Packing's output");
    }
}
