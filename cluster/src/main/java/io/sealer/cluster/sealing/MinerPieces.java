package io.sealer.cluster.sealing;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.worker.TaskFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker's way to the miner's deal pieces, over the miner's API with the admin token the worker
 * joined with (docs/api.md): download a stored piece for AddPiece, upload a piece read back from
 * a sector. A worker never reads the miner's disk. A miner's own local worker is connected once
 * the miner's API is up ({@link #connect}). Blocking; runs on the task dispatcher.
 */
public final class MinerPieces {
    /** How long the miner may take to start answering one transfer. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final AtomicReference<ApiClient> miner = new AtomicReference<>();

    /** Not connected yet: see {@link #connect}. */
    public MinerPieces() {}

    public MinerPieces(ApiInfo miner) {
        connect(miner);
    }

    /** Where the miner's API is, with an admin token. */
    public void connect(ApiInfo info) {
        miner.set(new ApiClient(info, "the miner", CALL_TIMEOUT));
    }

    /** Downloads piece {@code cid} into {@code target}; a failure is TEMPORARY (the miner may be restarting). */
    public void download(String cid, Path target) throws TaskFailure {
        try {
            client().download("/api/v0/sectors/pieces/" + cid, target);
        } catch (ApiClient.ApiCallException e) {
            throw new TaskFailure(FailureKind.TEMPORARY, "cannot download piece " + cid + " from the miner: "
                    + e.getMessage());
        }
    }

    /** Uploads the bytes of a piece read back under {@code readId}. */
    public void uploadRead(String readId, Path file) throws TaskFailure {
        try {
            client().put("/api/v0/sectors/pieces/unsealed/" + readId, file, java.util.Map.class);
        } catch (ApiClient.ApiCallException e) {
            throw new TaskFailure(FailureKind.TEMPORARY, "cannot send the piece's bytes to the miner: "
                    + e.getMessage());
        }
    }

    private ApiClient client() throws TaskFailure {
        ApiClient c = miner.get();
        if (c == null) {
            throw new TaskFailure(FailureKind.TEMPORARY, "this worker does not know the miner's API yet");
        }
        return c;
    }
}
