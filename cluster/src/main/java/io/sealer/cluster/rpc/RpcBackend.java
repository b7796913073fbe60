package io.sealer.cluster.rpc;

import io.sealer.cluster.operator.SchedDiag;
import io.sealer.cluster.rpc.LotusTypes.CallId;
import io.sealer.cluster.rpc.LotusTypes.Decl;
import io.sealer.cluster.rpc.LotusTypes.SectorId;
import io.sealer.cluster.rpc.LotusTypes.SectorInfo;
import io.sealer.cluster.rpc.LotusTypes.StorageInfo;
import io.sealer.cluster.rpc.LotusTypes.Version;
import io.sealer.cluster.rpc.LotusTypes.WorkerJob;
import io.sealer.cluster.rpc.LotusTypes.WorkerStats;
import io.sealer.core.sched.WaitExplanation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * What the JSON-RPC methods ask of the node, one method per Lotus call; implemented over the
 * actors (asks), so every answer is a {@link CompletionStage}. Complete exceptionally with an
 * {@link RpcException} (or an {@link IllegalArgumentException}, sent as Lotus's application
 * error) to answer with a message; anything else is logged and answered as an internal error.
 */
public interface RpcBackend {
    CompletionStage<Version> version();

    /** Every connected worker by id. */
    CompletionStage<Map<UUID, WorkerStats>> workerStats();

    /** Every worker's jobs, and the results the miner holds under the all-zero worker id. */
    CompletionStage<Map<UUID, List<WorkerJob>>> workerJobs();

    /** @param doSched poke the scheduler first (a worker-change event) */
    CompletionStage<SchedDiag> sealingSchedDiag(boolean doSched);

    CompletionStage<List<Long>> sectorsList();

    CompletionStage<SectorInfo> sectorsStatus(long sector, boolean showOnChainInfo);

    /** Sector counts by state name. */
    CompletionStage<Map<String, Integer>> sectorsSummary();

    /** Every storage path's id with the sector files it holds. */
    CompletionStage<Map<String, List<Decl>>> storageList();

    CompletionStage<StorageInfo> storageInfo(String pathId);

    /** The permissions of {@code token} ({@code ["read","write"]}); an invalid token is an error. */
    CompletionStage<List<String>> authVerify(String token);

    /** Starts a committed-capacity sector; its id. */
    CompletionStage<SectorId> pledgeSector();

    /** Stops the call's work: the computation is cancelled and its resources freed. */
    CompletionStage<Void> sealingAbort(CallId call);

    /** Why the sector's tasks wait (this node's own method, {@code Sealer.SectorWhy}). */
    CompletionStage<WaitExplanation> sectorWhy(long sector);
}
