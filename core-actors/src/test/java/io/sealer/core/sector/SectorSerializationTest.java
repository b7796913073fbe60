package io.sealer.core.sector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.sched.FailureKind;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Sector events and state go through the Jackson serializer unchanged, with states by their wire names. */
class SectorSerializationTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Instant T = Instant.parse("2026-11-30T10:15:30.123Z");

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @Test
    void eventsAndStateRoundTrip() {
        SectorInfo s = SectorInfo.start(new SectorEvent.SectorStart(T, new SectorId(1000, 7),
                SealProof.STACKED_DRG_2KIB_V1_1, true));
        List<SectorEvent> events = List.of(
                new SectorEvent.SectorPacked(T, "w1", List.of(new SectorEvent.Piece("00ff", 2048)), "00ff", "baga"),
                new SectorEvent.SectorTicket(T, "11"),
                new SectorEvent.SectorSealPreCommit1Failed(T, TaskType.PC1, "w1", FailureKind.MISSING_INPUT, "gone"),
                new SectorEvent.SectorRetryPacking(T, "PC1 found no unsealed file"));
        for (SectorEvent e : events) {
            KIT.serializationTestKit().verifySerialization(e, true);
            s = s.apply(e);
        }
        KIT.serializationTestKit().verifySerialization(s, true);
        assertEquals(SectorState.PACKING, s.state());
        assertEquals(1, s.failures(SectorState.PACKING));
    }

    @Test
    void everyEventRoundTrips() {
        for (SectorEvent e : SectorPlannerTest.samples().values()) {
            KIT.serializationTestKit().verifySerialization(e, true);
        }
    }

    @Test
    void statesAreWrittenByTheirWireNames() {
        Serialization ser = SerializationExtension.get(KIT.system().classicSystem());
        String json = new String(ser.serialize(new SectorInfo.StateChange(T, SectorState.SEAL_PRE_COMMIT_2_FAILED,
                SectorState.PRE_COMMIT_1, "SectorRetrySealPreCommit1")).get(), StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"from\":\"SealPreCommit2Failed\""), json);
        assertEquals(true, json.contains("\"to\":\"PreCommit1\""), json);
    }
}
