package io.sealer.cluster.rpc;

import io.sealer.cluster.operator.SchedDiag;
import io.sealer.cluster.rpc.LotusTypes.CallId;
import io.sealer.cluster.rpc.LotusTypes.Decl;
import io.sealer.cluster.rpc.LotusTypes.SectorId;
import io.sealer.cluster.rpc.LotusTypes.SectorInfo;
import io.sealer.cluster.rpc.LotusTypes.StorageInfo;
import io.sealer.cluster.rpc.LotusTypes.Version;
import io.sealer.cluster.rpc.LotusTypes.WorkerInfo;
import io.sealer.cluster.rpc.LotusTypes.WorkerJob;
import io.sealer.cluster.rpc.LotusTypes.WorkerResources;
import io.sealer.cluster.rpc.LotusTypes.WorkerStats;
import io.sealer.core.sched.WaitExplanation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/** A backend with fixed answers that records the calls it gets; sector 404 is unknown, 500 breaks, 504 times out. */
final class FakeBackend implements RpcBackend {
    static final UUID WORKER = UUID.fromString("22222222-0000-0000-0000-000000000000");
    static final UUID CALL = UUID.fromString("aaaa1111-0000-0000-0000-000000000000");

    final List<String> calls = new CopyOnWriteArrayList<>();

    private static <T> CompletionStage<T> answer(T value) {
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletionStage<Version> version() {
        calls.add("version");
        return answer(new Version("1.0.0+sealer", 0x010500, 30));
    }

    @Override
    public CompletionStage<Map<UUID, WorkerStats>> workerStats() {
        calls.add("workerStats");
        return answer(Map.of(WORKER, new WorkerStats(new WorkerInfo("pc1-box", false,
                new WorkerResources(256L << 30, 100L << 30, 0, 0, 64, List.of(), Map.of())), List.of("seal/v0/precommit/1"), true,
                64L << 30, 64L << 30, 0, 16, Map.of("8:seal/v0/precommit/1", 2))));
    }

    @Override
    public CompletionStage<Map<UUID, List<WorkerJob>>> workerJobs() {
        calls.add("workerJobs");
        return answer(Map.of(WORKER, List.of(new WorkerJob(new CallId(new SectorId(1000, 5), CALL), new SectorId(1000, 5),
                "seal/v0/precommit/1", 0, Instant.parse("2026-01-01T00:00:00Z"), "pc1-box"))));
    }

    @Override
    public CompletionStage<SchedDiag> sealingSchedDiag(boolean doSched) {
        calls.add("schedDiag " + doSched);
        return answer(new SchedDiag(Map.of(), List.of(), List.of(), null, List.of()));
    }

    @Override
    public CompletionStage<List<Long>> sectorsList() {
        calls.add("sectorsList");
        return answer(List.of(1L, 2L, 5L));
    }

    @Override
    public CompletionStage<SectorInfo> sectorsStatus(long sector, boolean showOnChainInfo) {
        calls.add("sectorsStatus " + sector + " " + showOnChainInfo);
        if (sector == 404) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no sector 404 on this miner"));
        }
        if (sector == 500) {
            return CompletableFuture.failedFuture(new IllegalStateException("journal unavailable"));
        }
        if (sector == 504) {
            return CompletableFuture.failedFuture(new TimeoutException("Ask timed out on [Actor[pekko://x/user/sectors]]"));
        }
        return answer(new SectorInfo(sector, "PreCommit1", null, null, null, null, null, null, 0, "", List.of(), 8, 0, 0));
    }

    @Override
    public CompletionStage<Map<String, Integer>> sectorsSummary() {
        calls.add("sectorsSummary");
        return answer(Map.of("Proving", 3, "PreCommit1", 1));
    }

    @Override
    public CompletionStage<Map<String, List<Decl>>> storageList() {
        calls.add("storageList");
        return answer(Map.of("path-1", List.of(new Decl(1000, 5, 2))));
    }

    @Override
    public CompletionStage<StorageInfo> storageInfo(String pathId) {
        calls.add("storageInfo " + pathId);
        return answer(new StorageInfo(pathId, List.of("http://127.0.0.1:2345/remote"), 10, 0, true, false, null, null,
                null, null, null, null));
    }

    @Override
    public CompletionStage<List<String>> authVerify(String token) {
        calls.add("authVerify");
        return answer(List.of("read"));
    }

    @Override
    public CompletionStage<SectorId> pledgeSector() {
        calls.add("pledgeSector");
        return answer(new SectorId(1000, 6));
    }

    @Override
    public CompletionStage<Void> sealingAbort(CallId call) {
        calls.add("sealingAbort " + call.sector().number() + " " + call.id());
        return answer(null);
    }

    @Override
    public CompletionStage<WaitExplanation> sectorWhy(long sector) {
        calls.add("sectorWhy " + sector);
        return answer(new WaitExplanation(1000, sector, List.of()));
    }
}
