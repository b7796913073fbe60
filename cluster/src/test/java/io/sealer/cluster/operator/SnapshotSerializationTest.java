package io.sealer.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.core.sched.WaitExplanation.WaitingTask;
import io.sealer.core.sched.WaitExplanation.WorkerVerdict;
import io.sealer.core.sched.WaitExplanation;
import io.sealer.core.sched.WaitReason;
import io.sealer.core.task.TaskType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The views' inputs travel between nodes (an actor's reply to the API): each goes through Pekko's serializer unchanged. */
class SnapshotSerializationTest {
    private static final ActorTestKit KIT = ActorTestKit.create();

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private static Object roundTrip(Object value) {
        Serialization s = SerializationExtension.get(Adapter.toClassic(KIT.system()));
        var serializer = s.findSerializerFor(value);
        assertEquals("JacksonJsonSerializer", serializer.getClass().getSimpleName(), "bound to Jackson JSON");
        byte[] bytes = s.serialize(value).get();
        return s.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value)).get();
    }

    @Test
    void everyInputReadsBackEqual() {
        UUID w = UUID.fromString("22222222-0000-0000-0000-000000000000");
        List<Object> values = List.of(
                new WorkerSnapshot(w, "box", true, java.util.Set.of(TaskType.PC1), 8, 1L << 34, 1L << 33, 0, 0,
                        List.of("A100"), 2, 1L << 30, 1L << 31, 0.5, Map.of(TaskType.PC1, 1), Map.of(TaskType.PC1, 2)),
                new JobSnapshot(w, 5, null, "box", TaskType.C2, -1, Instant.parse("2026-01-01T00:00:01Z")),
                new SchedDiag(Map.of("k", "v"), List.of("e"), List.of(), new SchedDiag.SchedInfo(List.of("w"),
                        List.of(new SchedDiag.Request(3, w, new SchedDiag.Sector(1000, 5), "seal/v0/fetch"))), null),
                new WaitExplanation(1000, 5, List.of(new WaitingTask(TaskType.PC1, w, 10, 1, 2, List.of(
                        WorkerVerdict.withFigures(w, "box", WaitReason.GPU, 1, 0.5, 1),
                        WorkerVerdict.of(w, "box", WaitReason.FILES_ELSEWHERE, "on store-2"))))));
        for (Object v : values) {
            assertEquals(v, roundTrip(v), v.getClass().getSimpleName());
        }
    }
}
