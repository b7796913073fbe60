package io.sealer.cluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.operator.JobSnapshot;
import io.sealer.cluster.operator.WorkerSnapshot;
import io.sealer.cluster.rpc.LotusTypes.WorkerJob;
import io.sealer.cluster.rpc.LotusTypes.WorkerStats;
import io.sealer.core.task.TaskType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LotusViewsTest {
    private static final UUID W = UUID.fromString("22222222-0000-0000-0000-000000000000");
    private static final WorkerSnapshot WORKER = new WorkerSnapshot(W, "pc1-box", false,
            Set.of(TaskType.PC1, TaskType.GET), 64, 256L << 30, 100L << 30, 64L << 30, 1L << 30, List.of("A100"), 16,
            64L << 30, 80L << 30, 0.5, Map.of(TaskType.PC1, 2, TaskType.GET, 1), Map.of(TaskType.PC1, 4));

    @Test
    void workerStatsCarryWhatTheWorkersViewNeeds() throws Exception {
        WorkerStats stats = LotusViews.workerStats(WORKER, 8);
        assertEquals(Map.of("8:seal/v0/precommit/1", 2, "8:seal/v0/fetch", 1), stats.taskCounts());
        assertEquals(List.of("seal/v0/precommit/1", "seal/v0/fetch"), stats.tasks());
        String json = ApiJson.write(stats);
        assertTrue(json.startsWith("{\"Info\":{\"Hostname\":\"pc1-box\",\"IgnoreResources\":false,\"Resources\":{"
                + "\"MemPhysical\":274877906944,"), json);
        assertTrue(json.contains("\"Resources\":{\"seal/v0/precommit/1\":{\"8\":{\"MaxConcurrent\":4}}}"), json);
        WorkerStats back = ApiJson.read(json, WorkerStats.class);
        assertEquals(WORKER, LotusViews.workerSnapshot(W, back));
    }

    @Test
    void countsOfSeveralProofsAddUp() {
        WorkerStats stats = LotusViews.workerStats(WORKER, 8);
        WorkerStats twoProofs = new WorkerStats(stats.info(), stats.tasks(), stats.enabled(), stats.memUsedMin(),
                stats.memUsedMax(), stats.gpuUsed(), stats.cpuUse(),
                Map.of("8:seal/v0/precommit/1", 2, "3:seal/v0/precommit/1", 1));
        assertEquals(Map.of(TaskType.PC1, 3), LotusViews.workerSnapshot(W, twoProofs).taskCounts());
    }

    @Test
    void jobsRoundTripThroughLotusShape() throws Exception {
        List<JobSnapshot> jobs = List.of(
                new JobSnapshot(UUID.fromString("aaaa1111-0000-0000-0000-000000000000"), 5, W, "pc1-box", TaskType.PC1, 0,
                        Instant.parse("2026-01-01T00:00:00.123Z")),
                new JobSnapshot(null, 7, null, "", TaskType.FIN, -1, null));
        Map<UUID, List<WorkerJob>> wire = LotusViews.workerJobs(jobs, 1000);
        String json = ApiJson.write(wire);
        assertTrue(json.contains("\"00000000-0000-0000-0000-000000000000\":[{\"ID\":{\"Sector\":{\"Miner\":1000,\"Number\":7},"
                + "\"ID\":\"00000000-0000-0000-0000-000000000000\"}"), json);
        assertTrue(json.contains("\"Start\":\"2026-01-01T00:00:00.123Z\""), json);
        assertTrue(json.contains("\"Start\":\"0001-01-01T00:00:00Z\""), json);
        Map<UUID, List<WorkerJob>> back = ApiJson.MAPPER.readValue(json,
                ApiJson.MAPPER.getTypeFactory().constructMapType(Map.class, ApiJson.MAPPER.getTypeFactory().constructType(UUID.class),
                        ApiJson.MAPPER.getTypeFactory().constructCollectionType(List.class, WorkerJob.class)));
        assertEquals(Set.copyOf(jobs), Set.copyOf(LotusViews.jobSnapshots(back)));
    }
}
