package io.sealer.core.sector;

import io.sealer.core.JsonSerializable;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happened to a sector, named as Lotus names its sector events. Events are the sector's
 * history: {@link SectorInfo#apply} folds them into the state, so they are plain data (no
 * actor references) and carry the time they happened. Which state accepts which event is
 * {@link SectorPlanner}'s table.
 */
public sealed interface SectorEvent extends JsonSerializable {

    /** When it happened. */
    Instant at();

    /** The current task of the sector's state succeeded (the state says which task that is). */
    sealed interface TaskDone extends SectorEvent {
        /** The worker it ran on. */
        String worker();
    }

    /** A task of the sector's current state failed. */
    sealed interface TaskFailed extends SectorEvent {
        TaskType task();

        /** The worker it ran on; empty when it never reached one. */
        String worker();

        FailureKind kind();

        String error();
    }

    /** Leaves a failure state for the state that runs a task again. */
    sealed interface Retry extends SectorEvent {
        /** Why the route was taken, for the log and the history. */
        String reason();
    }

    // ---- the happy path -------------------------------------------------------------------

    /** A new sector (committed capacity; {@code deals} marks one that holds deals). */
    record SectorStart(Instant at, SectorId id, SealProof proof, boolean deals) implements SectorEvent {
        public SectorStart {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(proof, "proof");
        }
    }

    /** A new deal sector: it starts in WaitDeals, empty, and takes pieces until it is sealed. */
    record SectorStartWaitDeals(Instant at, SectorId id, SealProof proof) implements SectorEvent {
        public SectorStartWaitDeals {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(proof, "proof");
        }
    }

    /** A piece placed in a deal sector waiting for deals (the placement is checked before it is persisted). */
    record SectorAddPiece(Instant at, DealPiece piece) implements SectorEvent {
        public SectorAddPiece {
            Objects.requireNonNull(piece, "piece");
        }
    }

    /** A deal sector stops taking pieces and starts sealing (full, its wait ran out, or an operator asked). */
    record SectorStartPacking(Instant at, String reason) implements SectorEvent {}

    /** AddPiece done: the sector's pieces and its data commitment. */
    record SectorPacked(Instant at, String worker, List<Piece> pieces, String commD, String commDCid)
            implements TaskDone {
        public SectorPacked {
            pieces = List.copyOf(pieces);
        }
    }

    /** The sealing ticket drawn from the chain (hex). */
    record SectorTicket(Instant at, String ticket) implements SectorEvent {}

    /** PreCommit1 done; its output is the replica id the layers were built for (hex). */
    record SectorPreCommit1(Instant at, String worker, String replicaId) implements TaskDone {}

    /** PreCommit2 done: the replica commitment. */
    record SectorPreCommit2(Instant at, String worker, String commR, String commRCid) implements TaskDone {}

    /** The chain's interactive seed arrived (hex). */
    record SectorSeedReady(Instant at, String seed) implements SectorEvent {}

    /** Commit1 done (its output stays in the sector's cache on the worker); Commit2 comes next. */
    record SectorCommit1(Instant at, String worker, long commit1Bytes) implements TaskDone {}

    /** Commit2 done: the proof (kept on the worker) and its SHA-256. */
    record SectorCommitted(Instant at, String worker, String proofSha256) implements TaskDone {}

    /** Finalize's FIN done: the cache is trimmed to what proving needs; the move to long-term storage comes next. */
    record SectorCacheTrimmed(Instant at, String worker, long freedBytes) implements TaskDone {}

    /** Finalize done: the sector's files are in long-term storage (moved there by GET), and only there. */
    record SectorFinalized(Instant at, String worker, long freedBytes) implements TaskDone {}

    // ---- failures ---------------------------------------------------------------------------

    record SectorAddPieceFailed(Instant at, TaskType task, String worker, FailureKind kind, String error)
            implements TaskFailed {}

    record SectorSealPreCommit1Failed(Instant at, TaskType task, String worker, FailureKind kind, String error)
            implements TaskFailed {}

    record SectorSealPreCommit2Failed(Instant at, TaskType task, String worker, FailureKind kind, String error)
            implements TaskFailed {}

    /** Commit1 or Commit2 failed. */
    record SectorComputeProofFailed(Instant at, TaskType task, String worker, FailureKind kind, String error)
            implements TaskFailed {}

    record SectorFinalizeFailed(Instant at, TaskType task, String worker, FailureKind kind, String error)
            implements TaskFailed {}

    // ---- failure routes ---------------------------------------------------------------------

    record SectorRetryPacking(Instant at, String reason) implements Retry {}

    record SectorRetrySealPreCommit1(Instant at, String reason) implements Retry {}

    record SectorRetrySealPreCommit2(Instant at, String reason) implements Retry {}

    /** Back to Committing, which starts again at Commit1. */
    record SectorRetryComputeProof(Instant at, String reason) implements Retry {}

    record SectorRetryFinalize(Instant at, String reason) implements Retry {}

    /** No retry can help: the sector stops in FailedUnrecoverable. */
    record SectorFatalError(Instant at, String reason) implements SectorEvent {}

    /** Remove the sector (too many PreCommit1 failures, or an operator's request). */
    record SectorRemove(Instant at, String reason) implements SectorEvent {}

    record SectorRemoved(Instant at) implements SectorEvent {}

    /** One piece of a sector: its commitment (hex) and padded size. */
    record Piece(String commP, long paddedSize) implements JsonSerializable {}

    /**
     * A deal's piece in a sector: its CommP (hex and CID), the size of the data as it came (the
     * piece is that data followed by zeros up to {@code paddedSize / 128 * 127} bytes), where it
     * starts in the sector (padded bytes, aligned to its own size) and the deal it belongs to
     * (0: none given).
     */
    record DealPiece(String commP, String cid, long dataSize, long paddedSize, long offset, long dealId)
            implements JsonSerializable {
        public DealPiece {
            Objects.requireNonNull(commP, "commP");
            Objects.requireNonNull(cid, "cid");
            if (paddedSize < 128 || Long.bitCount(paddedSize) != 1 || offset < 0 || offset % paddedSize != 0
                    || dataSize < 1 || dataSize > paddedSize / 128 * 127) {
                throw new IllegalArgumentException("piece " + cid + ": " + dataSize + " bytes in " + paddedSize
                        + " padded bytes at offset " + offset + " is not a valid placement");
            }
        }

        /** The piece's size in unpadded bytes (127 * 2^k), data and its zero tail. */
        public long unpaddedSize() {
            return paddedSize / 128 * 127;
        }

        /** Where the piece's unpadded bytes start in the sector's unpadded data. */
        public long unpaddedOffset() {
            return offset / 128 * 127;
        }
    }
}
