package io.sealer.cluster.operator;

import io.sealer.core.JsonSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The bodies of the miner's {@code /api/v0/sealing} routes (docs/api.md), shared by the routes and the CLI. */
public final class SealingApi {
    private SealingApi() {}

    /** {@code GET /api/v0/sealing/workers}. */
    public record Workers(List<WorkerSnapshot> workers) implements JsonSerializable {
        public Workers {
            workers = List.copyOf(workers);
        }
    }

    /** {@code GET /api/v0/sealing/jobs}: the jobs, the miner's clock and every connected worker's hostname. */
    public record Jobs(Instant now, List<JobSnapshot> jobs, Map<UUID, String> hostnames) implements JsonSerializable {
        public Jobs {
            jobs = List.copyOf(jobs);
            hostnames = Map.copyOf(hostnames);
        }
    }

    /** {@code POST /api/v0/sealing/abort}: exactly one of the start of a call id, or a queued request's schedId. */
    public record AbortRequest(String callId, UUID schedId) {
        /** What is wrong with the request, or null. */
        public String problem() {
            if ((callId == null) == (schedId == null)) {
                return "give either callId (the start of a job's ID) or schedId (a queued request), not "
                        + (callId == null ? "neither" : "both");
            }
            return null;
        }
    }

    /**
     * What an abort did.
     *
     * @param line    what the CLI prints before the outcome ({@code aborting job <id>, task PC1, ...})
     * @param aborted whether the call was found and stopped
     * @param detail  what happened to it (left the queue, aborted on a worker, already finished)
     */
    public record Aborted(UUID callId, String line, boolean aborted, String detail) implements JsonSerializable {}

    /** {@code POST /api/v0/sealing/workers/<worker>/enable|disable}. */
    public record WorkerEnabled(UUID worker, String hostname, boolean enabled) implements JsonSerializable {}
}
