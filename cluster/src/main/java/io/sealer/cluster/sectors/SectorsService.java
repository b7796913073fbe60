package io.sealer.cluster.sectors;

import io.sealer.core.JsonSerializable;
import io.sealer.core.sector.SectorInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the miner's API and CLI ask of the sectors, whatever runs them (the event-sourced,
 * sharded Sector entities on the miner nodes). Every call answers asynchronously; a failure
 * completes the stage exceptionally with a message fit for the operator.
 */
public interface SectorsService {

    /** One sector as the operator sees it: its folded state, and the worker of the task running now (empty if none). */
    record SectorView(SectorInfo info, String runningWorker) implements JsonSerializable {}

    /** The outcome of a removal request. */
    enum RemoveResult { REMOVING, ALREADY_REMOVED, NOT_FOUND }

    /** The outcome of a request to start sealing a deal sector; {@code refused} says why not (null when started). */
    record SealResult(boolean started, String refused) implements JsonSerializable {}

    /** Places a piece (its CommP known) in the open deal sector, or a new one when none has room. */
    CompletionStage<Sector.PieceAdded> addPiece(Sector.PieceToPlace piece);

    /** Starts sealing a deal sector that waits for deals; refused (with the reason) otherwise. */
    CompletionStage<SealResult> startSealing(long number);

    /** Creates {@code count} committed-capacity sectors ({@code deals} of them marked as holding deals), numbers from the persisted counter. */
    CompletionStage<List<SectorView>> pledge(int count, int deals);

    /** Every sector of this miner, by number. */
    CompletionStage<List<SectorView>> list();

    /** One sector, or empty when the number was never allocated. */
    CompletionStage<Optional<SectorView>> status(long number);

    /** Starts removing a sector (its files too, once storage is wired). */
    CompletionStage<RemoveResult> remove(long number);
}
