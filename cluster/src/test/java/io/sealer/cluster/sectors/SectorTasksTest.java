package io.sealer.cluster.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sealer.core.sector.SectorEvent;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SectorTasksTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SectorInfo packing() {
        return SectorInfo.start(new SectorEvent.SectorStart(T0, new SectorId(1000, 5), SealProof.STACKED_DRG_2KIB_V1,
                false));
    }

    @Test
    void aCallIdNamesSectorStateAndAttempt() {
        SectorInfo s = packing();
        assertEquals("s-t01000-5.Packing.1", SectorTasks.callId(s));
        SectorInfo packed = s.apply(new SectorEvent.SectorPacked(T0, "w1", java.util.List.of(), "aa", "cid"));
        assertNull(SectorTasks.callId(packed), "GetTicket runs no task");
        SectorInfo pc1 = packed.apply(new SectorEvent.SectorTicket(T0, "bb"));
        assertEquals("s-t01000-5.PreCommit1.2", SectorTasks.callId(pc1));
        assertEquals(new SectorId(1000, 5), SectorTasks.sectorOf(SectorTasks.callId(pc1)));
    }

    @ParameterizedTest
    @CsvSource({"s-t01000-5", "s-t01000-5.PreCommit1", "x-t01000-5.PreCommit1.2", "s-t01000-5.Pre.Commit.2", "''"})
    void whatIsNotACallIdIsRejectedByName(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SectorTasks.sectorOf(text));
        assertEquals("'" + text + "' is not a sector call id", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        // delay s, seconds since the state was entered, remaining s
        "60, 0, 60",
        "60, 45, 15",
        "60, 60, 0",
        "60, 600, 0",
        "0, 5, 0"})
    void whatIsLeftOfADelayCountsFromWhenTheStateWasEntered(long delay, long since, long left) {
        assertEquals(Duration.ofSeconds(left),
                SectorTasks.remaining(packing(), Duration.ofSeconds(delay), T0.plusSeconds(since)));
    }
}
