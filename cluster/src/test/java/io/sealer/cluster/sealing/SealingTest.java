package io.sealer.cluster.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.chain.DevChain;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.task.SectorFileType;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Sealing actor against a scheduler double (a probe that answers each task as the test
 * says): sectors follow the state machine's failure routes to Proving, a task no worker can run
 * fails its sector at once, and the log says what happens. Every message is serialized.
 */
class SealingTest {
    static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseString("""
            pekko.actor.serialize-messages = on
            pekko.actor.allow-java-serialization = off
            """).withFallback(ConfigFactory.load()));
    private static final SealProof PROOF = SealProof.STACKED_DRG_2KIB_V1_1;
    private static final String HEX = "cd".repeat(32);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    /** A Sealing actor, its scheduler double, and every task it asked for. */
    static final class Pipeline {
        final TestProbe<Scheduler.Command> scheduler = KIT.createTestProbe();
        final ActorRef<Sealing.Command> sealing;
        final List<TaskRequest> asked = new ArrayList<>();

        Pipeline(int maxAttempts) {
            sealing = KIT.spawn(Sealing.create(new Sealing.Settings(1000, PROOF, maxAttempts, Duration.ofMillis(20), 1),
                    scheduler.ref(), new DevChain("test", Duration.ofMillis(30))));
        }

        /** Answers the next {@code n} tasks with {@code answer} (given the request and its number). */
        Pipeline answer(int n, Function<TaskRequest, TaskOutcome> answer) {
            for (int i = 0; i < n; i++) {
                Scheduler.Schedule s = scheduler.expectMessageClass(Scheduler.Schedule.class, WAIT);
                asked.add(s.request());
                s.replyTo().tell(answer.apply(s.request()));
            }
            return this;
        }

        List<TaskType> types() {
            return asked.stream().map(TaskRequest::type).toList();
        }

        SectorInfo awaitOne() {
            TestProbe<Sealing.Sectors> done = KIT.createTestProbe();
            sealing.tell(new Sealing.AwaitAll(done.ref()));
            List<SectorInfo> all = done.expectMessageClass(Sealing.Sectors.class, WAIT).sectors();
            scheduler.expectNoMessage(Duration.ofMillis(100));
            assertEquals(1, all.size());
            return all.get(0);
        }
    }

    /** Success with the outputs the native executor gives for each task. */
    static TaskOutcome ok(TaskRequest r) {
        Map<String, String> out = switch (r.type()) {
            case AP -> Map.of("commD", HEX, "commDCid", "baga6ea4sea");
            case PC1 -> Map.of("replicaId", HEX);
            case PC2 -> Map.of("commR", HEX, "commRCid", "bagboea4b5a");
            case C1 -> Map.of("commit1Bytes", "4096");
            case C2 -> Map.of("proofSha256", HEX);
            default -> Map.of("finalizeFreedBytes", "1024");
        };
        return TaskOutcome.success(r.schedId(), "w-" + r.type().shortName(), out);
    }

    /** Fails every task of {@code type} the first {@code times} times it is asked for, with {@code kind}. */
    static Function<TaskRequest, TaskOutcome> failing(TaskType type, int times, FailureKind kind) {
        int[] left = {times};
        return r -> {
            if (r.type() == type && left[0]-- > 0) {
                return TaskOutcome.failure(r.schedId(), "w-" + type.shortName(), kind, type.shortName() + " broke");
            }
            return ok(r);
        };
    }

    @Test
    void preCommit2FailingFourTimesGoesBackToPreCommit1AndTheSectorStillSeals() {
        Pipeline p = new Pipeline(3);
        LoggingTestKit.warn("retrying PreCommit2 in").withOccurrences(3).expect(KIT.system(), () -> {
            p.sealing.tell(new Sealing.Pledge(1, 1));
            return p.answer(12, failing(TaskType.PC2, 4, FailureKind.TEMPORARY));
        });
        SectorInfo s = p.awaitOne();
        assertEquals(SectorState.PROVING, s.state(), s.lastError());
        assertEquals(List.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.PC2, TaskType.PC2, TaskType.PC2,
                TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2, TaskType.FIN, TaskType.GET), p.types());
        assertEquals(1, s.failures(SectorState.PRE_COMMIT_1), "the way back counts against PreCommit1");
        assertEquals("PreCommit2 (PC2): PC2 broke", s.lastError());
        assertEquals(4, s.history().stream().filter(c -> c.to() == SectorState.SEAL_PRE_COMMIT_2_FAILED).count());
        assertEquals("SectorRetrySealPreCommit1", s.history().stream()
                .filter(c -> c.from() == SectorState.SEAL_PRE_COMMIT_2_FAILED && c.to() == SectorState.PRE_COMMIT_1)
                .findFirst().orElseThrow().event());
        assertEquals("w-C2", s.taskRuns().stream().filter(t -> t.task() == TaskType.C2).findFirst().orElseThrow()
                .worker());

        TaskRequest pc1 = p.asked.get(1);
        assertEquals(TaskRequest.DEAL_PRIORITY, pc1.priority(), "a sector with deals goes first");
        assertEquals(TaskType.GET, pc1.prepType());
        assertEquals(SelectorSpec.allocate(java.util.EnumSet.of(SectorFileType.SEALED, SectorFileType.CACHE),
                SelectorSpec.PathKind.SEALING), pc1.selector(), "PreCommit1 needs a seal path with room for its layers");
        assertEquals(s.ticket(), pc1.params().get("ticket"), "the ticket is drawn before PreCommit1");
        assertEquals(HEX, pc1.params().get("commD"));
        assertEquals(SelectorSpec.TASK_TYPE, p.asked.get(9).selector(),
                "Commit2 needs no sector files: any worker fetches Commit1's output from where it ran");
        assertEquals(s.seed(), p.asked.get(8).params().get("seed"));
    }

    @ParameterizedTest(name = "{0} {1} -> back to {2}")
    @CsvSource({
        "C1, BAD_OUTPUT, PC1",
        "C2, MISSING_INPUT, C1",
        "PC2, MISSING_INPUT, PC1",
        "PC1, MISSING_INPUT, AP",
    })
    void aFailedTaskGoesBackToTheStageThatRedoesItsInput(TaskType failed, FailureKind kind, TaskType redone) {
        List<TaskType> happy = List.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2, TaskType.FIN,
                TaskType.GET);
        int f = happy.indexOf(failed);
        int r = happy.indexOf(redone);
        Pipeline p = new Pipeline(3);
        p.sealing.tell(new Sealing.Pledge(1, 0));
        p.answer(f + 1 + happy.size() - r, failing(failed, 1, kind));
        SectorInfo s = p.awaitOne();
        assertEquals(SectorState.PROVING, s.state(), s.lastError());
        List<TaskType> expected = new ArrayList<>(happy.subList(0, f + 1));
        expected.addAll(happy.subList(r, happy.size()));
        assertEquals(expected, p.types());
        assertEquals(kind, s.lastFailure().kind());
    }

    @Test
    void aTaskNoWorkerCanRunFailsTheSectorAtOnce() {
        Pipeline p = new Pipeline(3);
        p.sealing.tell(new Sealing.Pledge(1, 0));
        p.answer(1, SealingTest::ok);
        LoggingTestKit.error("FailedUnrecoverable").expect(KIT.system(), () -> p.answer(1,
                r -> TaskOutcome.unschedulable(r.schedId(), "needs 56 GiB of memory, the largest worker has 23 GiB")));
        SectorInfo s = p.awaitOne();
        assertEquals(SectorState.FAILED_UNRECOVERABLE, s.state());
        assertEquals(List.of(TaskType.AP, TaskType.PC1), p.types(), "no retries");
        assertEquals("PreCommit1 (PC1): no worker can run it: needs 56 GiB of memory, the largest worker has 23 GiB",
                s.lastError());
        assertEquals(FailureKind.PERMANENT, s.lastFailure().kind());
    }

    @Test
    void waitSeedIsLoggedWithItsDelayAsPeopleWriteIt() {
        Pipeline p = new Pipeline(3);
        LoggingTestKit.info("PreCommit2 -> WaitSeed: the seed is due in 30ms").expect(KIT.system(), () -> {
            p.sealing.tell(new Sealing.Pledge(1, 0));
            return p.answer(3, SealingTest::ok);
        });
        p.answer(4, SealingTest::ok);
        assertEquals(SectorState.PROVING, p.awaitOne().state());
    }
}
