package io.sealer.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.sched.AssignerKind;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.TaskType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Input parsing: defaults, and one clear error naming the field for each kind of bad input. */
class SimSpecTest {
    private static final String WORKER = "{\"name\": \"fred\", \"cpus\": 32, \"memPhysical\": \"128GiB\", \"tasks\": [\"PC1\"]}";

    private static String doc(String worker, String task) {
        return "{\"workers\": [" + worker + "], \"tasks\": [" + task + "]}";
    }

    @Test
    void defaultsAndSizes() {
        SimSpec s = SimSpec.parse("{\"sectorSize\": \"64GiB\", \"workers\": [{\"name\": \"w\", \"count\": 3, \"cpus\": 8,"
                + " \"memPhysical\": 1073741824, \"memSwap\": \"1.5GiB\", \"tasks\": [\"seal/v0/precommit/1\"]}],"
                + " \"tasks\": [{\"id\": \"a\", \"type\": \"pc1\", \"duration\": 1.5}]}");
        assertEquals(SealProof.STACKED_DRG_64GIB_V1_1, s.proof());
        assertEquals(AssignerKind.UTILIZATION, s.assigner());
        assertEquals(3, s.workers().size());
        assertEquals("w-2", s.workers().get(1).name());
        assertEquals(1L << 30, s.workers().get(0).resources().memPhysical());
        assertEquals(3L << 29, s.workers().get(0).resources().memSwap());
        SimSpec.TaskSpec t = s.tasks().get(0);
        assertEquals(TaskType.PC1, t.type());
        assertEquals(1500, t.durationMs());
        assertEquals(-1, t.sector());
        assertEquals(0, t.priority());
        assertEquals(0, t.atMs());
        assertEquals(TaskType.PC1, t.prepType());
    }

    @Test
    void pipelineStepsFollowTheSealingOrder() {
        SimSpec s = SimSpec.parse("{\"workers\": [" + WORKER + "], \"pipeline\": {\"sectors\": 4, \"every\": 60,"
                + " \"deals\": 0.5, \"durations\": {\"GET\": 3, \"PC1\": 10, \"WaitSeed\": 5, \"AP\": 1}}}");
        assertEquals(java.util.List.of("AP", "PC1", "WaitSeed", "GET"),
                s.pipeline().steps().stream().map(SimSpec.Step::label).toList());
        assertEquals(19_000, s.pipeline().latencyMs());
        long deals = java.util.stream.IntStream.range(0, 4).filter(s.pipeline()::hasDeals).count();
        assertEquals(2, deals);
        assertEquals(java.util.List.of("AP", "PC1", "PC2", "WaitSeed", "C1", "C2", "FUS", "FIN", "GET"),
                java.util.List.copyOf(SimSpec.PIPELINE_ORDER.keySet()), "the sector state machine's happy path");
        assertEquals(io.sealer.core.task.TaskType.NOOP, SimSpec.PIPELINE_ORDER.get("C2").prepType());
        assertEquals(io.sealer.core.task.TaskType.GET, SimSpec.PIPELINE_ORDER.get("FUS").prepType());
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("not json", "", "not valid JSON"),
                Arguments.of("{\"tasks\": []}", "workers", "missing"),
                Arguments.of(doc(WORKER, "{\"id\": \"a\", \"type\": \"PC9\", \"duration\": 1}"), "tasks[0].type",
                        "unknown task type 'PC9'"),
                Arguments.of(doc(WORKER, "{\"id\": \"a\", \"type\": \"PC1\", \"duration\": -5}"), "tasks[0].duration",
                        "must not be negative"),
                Arguments.of(doc(WORKER, "{\"id\": \"a\", \"type\": \"PC1\"}"), "tasks[0].duration", "missing"),
                Arguments.of(doc(WORKER, "{\"type\": \"PC1\", \"duration\": 1}"), "tasks[0].id", "missing"),
                Arguments.of(doc(WORKER, "{\"id\": \"a\", \"type\": \"PC1\", \"duration\": 1, \"colour\": 1}"),
                        "tasks[0].colour", "unknown field"),
                Arguments.of(doc(WORKER.replace("\"cpus\"", "\"gpuz\": 1, \"cpus\""), ""), "workers[0].gpuz",
                        "unknown field"),
                Arguments.of(doc(WORKER.replace("\"128GiB\"", "\"128GB\""), ""), "workers[0].memPhysical", "bad size"),
                Arguments.of(doc(WORKER.replace("\"128GiB\"", "\"lots\""), ""), "workers[0].memPhysical", "bad size"),
                Arguments.of(doc(WORKER.replace("32", "0"), ""), "workers[0].cpus", "between 1"),
                Arguments.of(doc(WORKER.replace("[\"PC1\"]", "[\"PC1\", \"XX\"]"), ""), "workers[0].tasks[1]",
                        "unknown task type"),
                Arguments.of(doc(WORKER.replace("\"tasks\"", "\"env\": {\"PC1_32G_MAX_CONCURRENT\": \"two\"}, \"tasks\""),
                        ""), "workers[0].env.PC1_32G_MAX_CONCURRENT", "invalid value"),
                Arguments.of(doc(WORKER.replace("\"tasks\"", "\"env\": {\"PC1_32G_MAX_CONCURENT\": \"2\"}, \"tasks\""),
                        ""), "workers[0].env", "unknown resource variable"),
                Arguments.of("{\"workers\": [" + WORKER + "," + WORKER + "]}", "workers[1].name", "duplicate"),
                Arguments.of("{\"sectorSize\": \"30GiB\", \"workers\": [" + WORKER + "]}", "sectorSize", "unsupported"),
                Arguments.of("{\"assigner\": \"fastest\", \"workers\": [" + WORKER + "]}", "assigner", "unknown assigner"),
                Arguments.of("{\"parallel\": {\"num\": 3, \"denom\": 2}, \"workers\": [" + WORKER + "]}", "parallel",
                        "must not exceed"),
                Arguments.of("{\"workers\": [" + WORKER + "], \"pipeline\": {\"sectors\": 2, \"durations\": {\"PC3\": 1}}}",
                        "pipeline.durations.PC3", "unknown step"),
                Arguments.of("{\"workers\": [" + WORKER + "], \"pipeline\": {\"sectors\": 2, \"deals\": 2,"
                        + " \"durations\": {\"PC1\": 1}}}", "pipeline.deals", "fraction"));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("badInputs")
    void badInputNamesTheField(String json, String field, String message) {
        SimInputException e = assertThrows(SimInputException.class, () -> SimSpec.parse(json));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith(field.isEmpty() ? "" : field + ": "), e.getMessage());
    }
}
