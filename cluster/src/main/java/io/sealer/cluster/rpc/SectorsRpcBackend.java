package io.sealer.cluster.rpc;

import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.InvalidTokenException;
import io.sealer.cluster.operator.SchedDiag;
import io.sealer.cluster.operator.WaitExplanation;
import io.sealer.cluster.rpc.LotusTypes.CallId;
import io.sealer.cluster.rpc.LotusTypes.Cid;
import io.sealer.cluster.rpc.LotusTypes.Decl;
import io.sealer.cluster.rpc.LotusTypes.SealRandomness;
import io.sealer.cluster.rpc.LotusTypes.SectorId;
import io.sealer.cluster.rpc.LotusTypes.SectorInfo;
import io.sealer.cluster.rpc.LotusTypes.SectorLog;
import io.sealer.cluster.rpc.LotusTypes.StorageInfo;
import io.sealer.cluster.storage.index.StorageIndexActor;
import io.sealer.cluster.storage.index.StorageLotusViews;
import java.util.function.Supplier;
import io.sealer.cluster.rpc.LotusTypes.Version;
import io.sealer.cluster.rpc.LotusTypes.WorkerJob;
import io.sealer.cluster.rpc.LotusTypes.WorkerStats;
import io.sealer.cluster.sectors.SectorsService;
import io.sealer.core.sector.SectorInfo.StageFailures;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The JSON-RPC methods a miner answers from its sectors ({@link SectorsService}) and its API
 * tokens: Version, SectorsList, SectorsStatus, SectorsSummary, PledgeSector and AuthVerify, in
 * Lotus's shapes. The worker, scheduler and storage methods answer "not available on this node
 * yet" (application error 1) until the node wires their sources.
 */
public final class SectorsRpcBackend implements RpcBackend {
    /** Lotus's miner API version 1.5.0, packed as major.minor.patch bytes. */
    static final long MINER_API_VERSION = 0x010500;

    private final SectorsService sectors;
    private final ApiTokens tokens;
    private final String nodeVersion;
    private final long blockDelaySeconds;
    private Supplier<CompletionStage<StorageIndexActor.PathList>> storagePaths;

    /**
     * @param nodeVersion what {@code Filecoin.Version} reports, e.g. "sealer 0.1.0"
     * @param blockDelaySeconds the chain's epoch length
     */
    public SectorsRpcBackend(SectorsService sectors, ApiTokens tokens, String nodeVersion, long blockDelaySeconds) {
        this.sectors = sectors;
        this.tokens = tokens;
        this.nodeVersion = nodeVersion;
        this.blockDelaySeconds = blockDelaySeconds;
    }

    @Override
    public CompletionStage<Version> version() {
        return CompletableFuture.completedFuture(new Version(nodeVersion, MINER_API_VERSION, blockDelaySeconds));
    }

    @Override
    public CompletionStage<List<Long>> sectorsList() {
        return sectors.list().thenApply(views -> views.stream().map(v -> v.info().id().number()).sorted().toList());
    }

    @Override
    public CompletionStage<SectorInfo> sectorsStatus(long sector, boolean showOnChainInfo) {
        return sectors.status(sector).thenApply(view -> view
                .map(v -> sectorInfo(v.info()))
                .orElseThrow(() -> new RpcException(RpcException.APPLICATION_ERROR, "no sector " + sector
                        + " on this miner")));
    }

    @Override
    public CompletionStage<Map<String, Integer>> sectorsSummary() {
        return sectors.list().thenApply(views -> {
            Map<String, Integer> counts = new TreeMap<>();
            views.forEach(v -> counts.merge(v.info().state().wireName(), 1, Integer::sum));
            return counts;
        });
    }

    @Override
    public CompletionStage<List<String>> authVerify(String token) {
        try {
            return CompletableFuture.completedFuture(tokens.verify(token).permission().allowList());
        } catch (InvalidTokenException e) {
            return CompletableFuture.failedFuture(new RpcException(RpcException.APPLICATION_ERROR,
                    "invalid token: " + e.getMessage()));
        }
    }

    @Override
    public CompletionStage<SectorId> pledgeSector() {
        return sectors.pledge(1, 0).thenApply(views -> {
            if (views.isEmpty()) {
                throw new RpcException(RpcException.INTERNAL_ERROR, "the miner started no sector; its log has the details");
            }
            return new SectorId(views.get(0).info().id().miner(), views.get(0).info().id().number());
        });
    }

    @Override
    public CompletionStage<Map<UUID, WorkerStats>> workerStats() {
        return notYet("Filecoin.WorkerStats");
    }

    @Override
    public CompletionStage<Map<UUID, List<WorkerJob>>> workerJobs() {
        return notYet("Filecoin.WorkerJobs");
    }

    @Override
    public CompletionStage<SchedDiag> sealingSchedDiag(boolean doSched) {
        return notYet("Filecoin.SealingSchedDiag");
    }

    @Override
    public CompletionStage<Map<String, List<Decl>>> storageList() {
        return storagePaths == null ? notYet("Filecoin.StorageList")
                : storagePaths.get().thenApply(StorageLotusViews::list);
    }

    @Override
    public CompletionStage<StorageInfo> storageInfo(String pathId) {
        return storagePaths == null ? notYet("Filecoin.StorageInfo") : storagePaths.get().thenApply(l ->
                StorageLotusViews.info(l, pathId).orElseThrow(() -> new RpcException(RpcException.APPLICATION_ERROR,
                        "no storage path " + pathId + " in the index")));
    }

    /** Answers StorageList and StorageInfo from the miner's storage index ({@code paths} asks it). */
    public SectorsRpcBackend withStorage(Supplier<CompletionStage<StorageIndexActor.PathList>> paths) {
        this.storagePaths = paths;
        return this;
    }

    @Override
    public CompletionStage<Void> sealingAbort(CallId call) {
        return notYet("Filecoin.SealingAbort");
    }

    @Override
    public CompletionStage<WaitExplanation> sectorWhy(long sector) {
        return notYet("Sealer.SectorWhy");
    }

    /** Lotus's sector info from ours: CIDs, ticket and seed (base64, epoch unknown: 0), retries and the state log. */
    static SectorInfo sectorInfo(io.sealer.core.sector.SectorInfo s) {
        List<SectorLog> log = s.history().stream()
                .map(c -> new SectorLog("event;sealing." + c.event(), c.at().getEpochSecond(), "",
                        (c.from() == null ? "" : c.from().wireName() + " -> ") + c.to().wireName()))
                .toList();
        long retries = s.failures().stream().mapToLong(StageFailures::count).sum();
        return new SectorInfo(s.id().number(), s.state().wireName(), cid(s.commDCid()), cid(s.commRCid()),
                randomness(s.ticket()), randomness(s.seed()), null, null, retries,
                s.lastError() == null ? "" : s.lastError(), log, s.proof() == null ? -1 : s.proof().id(), 0, 0);
    }

    private static Cid cid(String cid) {
        return cid == null ? null : new Cid(cid);
    }

    /** Hex as Lotus's base64 value; null when not drawn yet (or not hex, which no tool could read either). */
    private static SealRandomness randomness(String hex) {
        if (hex == null) {
            return null;
        }
        try {
            return new SealRandomness(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)), 0);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> CompletionStage<T> notYet(String method) {
        return CompletableFuture.failedFuture(new RpcException(RpcException.APPLICATION_ERROR, method
                + " is not available on this node yet"));
    }
}
