package io.sealer.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.TaskType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Generated pipelines: they finish, are deterministic, end when stuck, and never beat the bound. */
class SimPipelineTest {
    private static final String PC1_BOX = "{\"name\": \"pc1\", \"count\": %d, \"cpus\": 64, \"memPhysical\": \"1TiB\","
            + " \"memSwap\": \"256GiB\", \"memUsed\": \"8GiB\", \"tasks\": [\"AP\", \"PC1\"]}";
    private static final String GPU_BOX = "{\"name\": \"gpu\", \"count\": %d, \"cpus\": 128, \"memPhysical\": \"1TiB\","
            + " \"memSwap\": \"512GiB\", \"memUsed\": \"8GiB\", \"gpus\": %s, \"tasks\": [\"PC2\", \"C1\", \"C2\", \"FIN\", \"GET\"]}";
    private static final String DURATIONS = "{\"AP\": 180, \"PC1\": 10620, \"PC2\": 780, \"WaitSeed\": 4500,"
            + " \"C1\": 1, \"C2\": 900, \"FIN\": 60, \"GET\": 300}";

    static String cluster(int pc1, int gpu, int gpusEach, int sectors, int every, String extra) {
        StringBuilder g = new StringBuilder("[");
        for (int i = 0; i < gpusEach; i++) {
            g.append(i == 0 ? "" : ", ").append("\"A100\"");
        }
        g.append("]");
        return "{" + extra + "\"workers\": [" + String.format(PC1_BOX, pc1) + ", " + String.format(GPU_BOX, gpu, g)
                + "], \"pipeline\": {\"sectors\": " + sectors + ", \"every\": " + every + ", \"deals\": 0.3,"
                + " \"durations\": " + DURATIONS + "}}";
    }

    @Test
    void everySectorFinishesAndTheRunIsDeterministic() throws Exception {
        String json = cluster(2, 1, 2, 60, 300, "");
        SimResult a = new SimEngine(SimSpec.parse(json), true).run();
        SimResult b = new SimEngine(SimSpec.parse(json), true).run();
        assertEquals(60, a.sectorsFinished());
        assertEquals(60 * 7, a.tasksDone());
        assertTrue(a.stuck().isEmpty());
        assertEquals(a.traceLines(), b.traceLines());
        JsonNode out = new ObjectMapper().readTree(a.toJson());
        JsonNode s = out.get("summary");
        assertEquals(60, s.get("sectorsFinished").asInt());
        assertTrue(s.get("ratio").asDouble() <= 1.0, s.toString());
        assertTrue(s.get("boundTibPerDay").asDouble() >= s.get("tibPerDay").asDouble());
        for (String t : new String[] {"AP", "PC1", "PC2", "C1", "C2", "FIN", "GET"}) {
            JsonNode w = s.get("queueWait").get(t);
            assertEquals(60, w.get("count").asInt(), t);
            assertTrue(w.get("p50").asDouble() <= w.get("p95").asDouble() && w.get("p95").asDouble() <= w.get("max").asDouble());
        }
        assertEquals(3, s.get("utilization").size());
        assertEquals(out.get("events").size(), a.traceLines().size());
    }

    @Test
    void aStepNoWorkerCanRunStallsItsSectorsAndTheRunEnds() {
        String json = "{\"workers\": [" + String.format(PC1_BOX, 1) + "], \"pipeline\": {\"sectors\": 3, \"every\": 10,"
                + " \"durations\": {\"AP\": 10, \"PC1\": 100, \"PC2\": 50}}}";
        SimResult r = new SimEngine(SimSpec.parse(json), false).run();
        assertEquals(0, r.sectorsFinished());
        assertEquals(6, r.tasksDone());
        assertEquals(java.util.List.of("s1-PC2", "s2-PC2", "s3-PC2"), r.unschedulable());
        assertTrue(r.stuck().isEmpty());
        assertTrue(r.traceLines().isEmpty(), "no trace without --trace");
    }

    /** Random small clusters and workloads: every run ends, nothing is stuck, the bound holds. */
    @Test
    void randomClustersNeverBeatTheBound() {
        Random rnd = new Random(42);
        String[] assigners = {"utilization", "spread", "experiment-spread-qcount", "experiment-random"};
        for (int i = 0; i < 25; i++) {
            int pc1 = 1 + rnd.nextInt(4);
            int gpu = 1 + rnd.nextInt(2);
            int sectors = 1 + rnd.nextInt(80);
            int every = rnd.nextInt(400);
            String extra = "\"assigner\": \"" + assigners[rnd.nextInt(assigners.length)] + "\", \"seed\": " + i + ", ";
            SimResult r = new SimEngine(SimSpec.parse(cluster(pc1, gpu, 1 + rnd.nextInt(3), sectors, every, extra)),
                    false).run();
            String where = "case " + i + ": " + pc1 + " pc1, " + gpu + " gpu, " + sectors + " sectors every " + every;
            assertEquals(sectors, r.sectorsFinished(), where);
            assertTrue(r.stuck().isEmpty(), where);
            double ratio = r.summary().get("ratio").asDouble();
            assertTrue(ratio > 0 && ratio <= 1.0, where + ": ratio " + ratio);
        }
    }

    /** docs/reference-cluster.json at a tenth of its size: the scheduler stays within 10 % of the bound. */
    @Test
    void aTenthOfTheReferenceClusterReachesNinetyPercentOfItsBound() {
        SimResult r = new SimEngine(SimSpec.parse(cluster(4, 1, 8, 300, 150, "")), false).run();
        assertEquals(300, r.sectorsFinished());
        JsonNode s = r.summary();
        assertTrue(s.get("bottleneck").asText().startsWith("PC2+C2"), s.get("bottleneck").asText());
        double ratio = s.get("ratio").asDouble();
        assertTrue(ratio >= 0.9 && ratio <= 1.0, "ratio " + ratio);
    }

    @Test
    void slotsAreWhatFitsAnIdleWorker() {
        SimSpec s = SimSpec.parse(cluster(1, 1, 2, 1, 0, "\"parallel\": {\"num\": 1, \"denom\": 1}, "));
        SimSpec.WorkerSpec pc1 = s.workers().get(0);
        SimSpec.WorkerSpec gpu = s.workers().get(1);
        SealProof p = s.proof();
        Parallelism par = s.parallel();
        assertEquals(18, SimBound.slots(pc1, TaskType.PC1, p, par)); // 1 TiB / (56 GiB + 10 MiB)
        assertEquals(0, SimBound.slots(pc1, TaskType.PC2, p, par));
        assertEquals(2, SimBound.slots(gpu, TaskType.PC2, p, par)); // two GPUs
        assertEquals(SimBound.UNLIMITED, SimBound.slots(gpu, TaskType.FIN, p, par));
    }

    @Test
    void workLeftAtATimeMatchesCountingSectorBySector() {
        Random rnd = new Random(5);
        for (int c = 0; c < 300; c++) {
            int n = 1 + rnd.nextInt(50);
            long every = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(5000);
            long start = rnd.nextInt(1000);
            long pre = rnd.nextInt(20000);
            long d = rnd.nextInt(8000);
            long tau = rnd.nextInt(300000);
            SimSpec.PipelineSpec p = new SimSpec.PipelineSpec(n, every, start, 0, java.util.List.of());
            double expected = 0;
            for (int i = 0; i < n; i++) {
                long progress = tau - (start + i * every + pre);
                expected += Math.min(d, Math.max(0, d - progress));
            }
            assertEquals(expected, SimBound.remainingMs(p, pre, d, tau), 1e-6, "case " + c);
        }
    }

    @Test
    void simplexSolvesASmallProgram() {
        // max x + 2y, x <= 2, y <= 3, x + y <= 4 -> x = 1, y = 3.
        double[] z = Simplex.maximize(new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {2, 3, 4}, new double[] {1, 2});
        assertArrayEquals(new double[] {1, 3}, z, 1e-9);
    }
}
