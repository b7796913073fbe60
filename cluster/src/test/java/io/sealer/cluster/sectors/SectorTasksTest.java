package io.sealer.cluster.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.RepoConfig;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sector.SectorEvent;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorState;
import io.sealer.core.sector.StageTask;
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

    @Test
    void disallowRemoteFinalizeInTheMinerConfigReachesFinalizesMove() {
        StageTask move = SectorState.FINALIZE_SECTOR.tasks().get(2);
        StageTask trim = SectorState.FINALIZE_SECTOR.tasks().get(1);
        Config defaults = RepoConfig.defaults(NodeKind.MINER);
        Config disallowed = ConfigFactory.parseString("Storage.DisallowRemoteFinalize = true").withFallback(defaults);

        SectorsRuntime.Settings off = SectorsRuntime.Settings.fromConfig(1000, SealProof.STACKED_DRG_2KIB_V1, defaults);
        SectorsRuntime.Settings on = SectorsRuntime.Settings.fromConfig(1000, SealProof.STACKED_DRG_2KIB_V1, disallowed);
        assertFalse(off.disallowRemoteFinalize(), "off by default, as in Lotus");
        assertTrue(on.disallowRemoteFinalize());

        TaskRequest offMove = SectorTasks.request(packing(), move, "c", off.keepUnsealed(), off.disallowRemoteFinalize());
        TaskRequest onMove = SectorTasks.request(packing(), move, "c", on.keepUnsealed(), on.disallowRemoteFinalize());
        assertEquals(SelectorSpec.Kind.MOVE, onMove.selector().kind());
        assertFalse(offMove.selector().holdersOnly());
        assertTrue(onMove.selector().holdersOnly());
        assertEquals(trim.selector(), SectorTasks.request(packing(), trim, "c", on.keepUnsealed(),
                on.disallowRemoteFinalize()).selector(), "only the move is restricted");
    }
}
