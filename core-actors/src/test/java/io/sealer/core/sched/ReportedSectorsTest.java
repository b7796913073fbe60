package io.sealer.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.task.SectorId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportedSectorsTest {
    private static final WorkerId A = new WorkerId("a");
    private static final WorkerId B = new WorkerId("b");
    private static final SectorId S1 = new SectorId(1000, 1);
    private static final SectorId S2 = new SectorId(1000, 2);

    @Test
    void reportsAddUpAndALeavingWorkerTakesItsSectors() {
        ReportedSectors r = new ReportedSectors();
        assertEquals(Set.of(), r.holders(S1));
        r.reported(A, List.of(S1));
        r.reported(A, List.of(S2));
        r.reported(B, List.of(S1));
        assertEquals(Set.of(A, B), r.holders(S1));
        assertTrue(r.holds(A, S2));
        assertFalse(r.holds(B, S2));
        r.workerLeft(A);
        assertEquals(Set.of(B), r.holders(S1));
        assertEquals(Set.of(), r.holders(S2));
        r.workerLeft(A);
        assertEquals(Set.of(B), r.holders(S1));
    }
}
