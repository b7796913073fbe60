package io.sealer.cluster.rpc;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parameter and result shapes of the Lotus methods this node serves, with Lotus's field
 * names, so that the tools that poll a Lotus miner read ours unchanged. Collections are copied;
 * absent lists stay {@code null} where Lotus writes {@code null}.
 */
public final class LotusTypes {
    private LotusTypes() {}

    /** {@code Filecoin.Version}. {@code APIVersion} is Lotus's packed major.minor.patch (0x010500 = 1.5.0). */
    public record Version(@JsonProperty("Version") String version, @JsonProperty("APIVersion") long apiVersion,
            @JsonProperty("BlockDelay") long blockDelay) {}

    /** A sector's id: the miner's actor number and the sector number. */
    public record SectorId(@JsonProperty("Miner") long miner, @JsonProperty("Number") long number) {}

    /** A call on a worker: its sector and the call's UUID ({@code Filecoin.SealingAbort}'s parameter). */
    public record CallId(@JsonProperty("Sector") SectorId sector, @JsonProperty("ID") UUID id) {
        public CallId {
            if (sector == null || id == null) {
                throw new IllegalArgumentException("a call id needs its Sector and ID");
            }
        }
    }

    /**
     * What a worker's machine has, figures in bytes, and its per-task limits keyed by task type
     * (wire name) then seal proof number, as Lotus nests them.
     */
    public record WorkerResources(@JsonProperty("MemPhysical") long memPhysical, @JsonProperty("MemUsed") long memUsed,
            @JsonProperty("MemSwap") long memSwap, @JsonProperty("MemSwapUsed") long memSwapUsed,
            @JsonProperty("CPUs") long cpus, @JsonProperty("GPUs") List<String> gpus,
            @JsonProperty("Resources") Map<String, Map<String, TaskLimits>> resources) {}

    /** The part of a task type's resource spec the views show: its concurrency limit (0 = none). */
    public record TaskLimits(@JsonProperty("MaxConcurrent") int maxConcurrent) {}

    public record WorkerInfo(@JsonProperty("Hostname") String hostname,
            @JsonProperty("IgnoreResources") boolean ignoreResources,
            @JsonProperty("Resources") WorkerResources resources) {}

    /**
     * One worker of {@code Filecoin.WorkerStats}: what its executing tasks use, and its task
     * counts keyed {@code "<proof>:<task type>"} (preparing tasks included).
     */
    public record WorkerStats(@JsonProperty("Info") WorkerInfo info, @JsonProperty("Tasks") List<String> tasks,
            @JsonProperty("Enabled") boolean enabled, @JsonProperty("MemUsedMin") long memUsedMin,
            @JsonProperty("MemUsedMax") long memUsedMax, @JsonProperty("GpuUsed") double gpuUsed,
            @JsonProperty("CpuUse") long cpuUse, @JsonProperty("TaskCounts") Map<String, Integer> taskCounts) {}

    /** One job of {@code Filecoin.WorkerJobs}; {@code RunWait} as in the {@code sealing jobs} view, {@code Start} in RFC 3339. */
    public record WorkerJob(@JsonProperty("ID") CallId id, @JsonProperty("Sector") SectorId sector,
            @JsonProperty("Task") String task, @JsonProperty("RunWait") int runWait,
            @JsonProperty("Start") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant start,
            @JsonProperty("Hostname") String hostname) {}

    /** A ticket or seed: its value (base64) and the epoch it was drawn at. */
    public record SealRandomness(@JsonProperty("Value") String value, @JsonProperty("Epoch") long epoch) {}

    /** A CID as Lotus's JSON writes it: {@code {"/": "bafy..."}}. */
    public record Cid(@JsonProperty("/") String cid) {}

    /** One entry of a sector's event log. */
    public record SectorLog(@JsonProperty("Kind") String kind, @JsonProperty("Timestamp") long timestamp,
            @JsonProperty("Trace") String trace, @JsonProperty("Message") String message) {}

    /**
     * {@code Filecoin.SectorsStatus}: the part of Lotus's sector info that monitoring tools read.
     * Messages and CIDs are {@code null} until the sector has them.
     */
    public record SectorInfo(@JsonProperty("SectorID") long sectorId, @JsonProperty("State") String state,
            @JsonProperty("CommD") Cid commD, @JsonProperty("CommR") Cid commR,
            @JsonProperty("Ticket") SealRandomness ticket, @JsonProperty("Seed") SealRandomness seed,
            @JsonProperty("PreCommitMsg") Cid preCommitMsg, @JsonProperty("CommitMsg") Cid commitMsg,
            @JsonProperty("Retries") long retries, @JsonProperty("LastErr") String lastErr,
            @JsonProperty("Log") List<SectorLog> log, @JsonProperty("SealProof") long sealProof,
            @JsonProperty("Activation") long activation, @JsonProperty("Expiration") long expiration) {}

    /** A sector file a storage path holds ({@code Filecoin.StorageList}); file type 1 unsealed, 2 sealed, 4 cache, ... */
    public record Decl(@JsonProperty("Miner") long miner, @JsonProperty("Number") long number,
            @JsonProperty("SectorFileType") int sectorFileType) {}

    /** {@code Filecoin.StorageInfo}: one storage path as the index knows it. */
    public record StorageInfo(@JsonProperty("ID") String id, @JsonProperty("URLs") List<String> urls,
            @JsonProperty("Weight") long weight, @JsonProperty("MaxStorage") long maxStorage,
            @JsonProperty("CanSeal") boolean canSeal, @JsonProperty("CanStore") boolean canStore,
            @JsonProperty("Groups") List<String> groups, @JsonProperty("AllowTo") List<String> allowTo,
            @JsonProperty("AllowTypes") List<String> allowTypes, @JsonProperty("DenyTypes") List<String> denyTypes,
            @JsonProperty("AllowMiners") List<String> allowMiners, @JsonProperty("DenyMiners") List<String> denyMiners) {}
}
