package io.sealer.cluster.sectors;

import io.sealer.core.JsonSerializable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

/**
 * Places pieces in deal sectors one at a time (one per miner node): it remembers the deal sector
 * it is filling, offers each piece to it, and when that sector is gone from WaitDeals or has no
 * room, opens a new sector (a fresh number from the counter) with the piece. The sector entity
 * decides and persists each placement, so two packers (two miner nodes) never overlap pieces;
 * at worst each fills its own sector. Pieces that arrive while one is being placed wait here in
 * order. The first piece after a (re)start is offered to the sectors already waiting for deals,
 * in order, before a new one is opened.
 */
public final class DealPacker {
    /** How many pieces may wait while one is placed. */
    static final int QUEUE = 1000;

    public sealed interface Command extends JsonSerializable permits Place, Placed {}

    /** Place a piece; the reply says where, or why not. */
    public record Place(Sector.PieceToPlace piece, ActorRef<Sector.PieceAdded> replyTo) implements Command {}

    /** A placement ended ({@code error} null when {@code added} is the answer). */
    private record Placed(Sector.PieceAdded added, String error, Place request) implements Command {}

    /** How the packer reaches the sectors. */
    public interface Sectors {
        /** Offers the piece to sector {@code number}; with {@code open} the sector is created for it. */
        CompletionStage<Sector.PieceAdded> offer(long number, Sector.PieceToPlace piece, boolean open);

        /** A new sector number, persisted by the counter. */
        CompletionStage<Long> allocate();

        /** The sectors in WaitDeals now, by number. */
        CompletionStage<List<Long>> waitingForDeals();
    }

    private DealPacker() {}

    public static Behavior<Command> create(Sectors sectors) {
        return Behaviors.withStash(QUEUE, stash -> Behaviors.setup(ctx -> idle(ctx, stash, sectors, null, true)));
    }

    /**
     * Waiting for a piece; {@code open} is the sector being filled (null: none, a new one is
     * opened for the next piece); {@code started}: no piece was placed since the start, so the
     * sectors waiting for deals are not known yet.
     */
    private static Behavior<Command> idle(ActorContext<Command> ctx, StashBuffer<Command> stash, Sectors sectors,
            Long open, boolean started) {
        return Behaviors.receive(Command.class)
                .onMessage(Place.class, p -> {
                    place(ctx, sectors, open, started, p);
                    return busy(ctx, stash, sectors, open, started);
                })
                .build();
    }

    private static Behavior<Command> busy(ActorContext<Command> ctx, StashBuffer<Command> stash, Sectors sectors,
            Long open, boolean started) {
        return Behaviors.receive(Command.class)
                .onMessage(Place.class, p -> {
                    if (stash.isFull()) {
                        p.replyTo().tell(new Sector.PieceAdded(0, 0, false, "too many pieces are waiting to be placed; "
                                + "try again"));
                    } else {
                        stash.stash(p);
                    }
                    return Behaviors.same();
                })
                .onMessage(Placed.class, done -> {
                    if (done.error() != null) {
                        done.request().replyTo().tell(new Sector.PieceAdded(0, 0, false, done.error()));
                        return stash.unstashAll(idle(ctx, stash, sectors, open, started));
                    }
                    done.request().replyTo().tell(done.added());
                    // a piece that filled a new sector by itself leaves the open one open
                    Long placedIn = done.added().sector();
                    Long nowOpen = !done.added().sealing() ? placedIn : placedIn.equals(open) ? null : open;
                    return stash.unstashAll(idle(ctx, stash, sectors, nowOpen, false));
                })
                .build();
    }

    /** Offers the piece to the open sector (or, after a start, to each waiting one), then to a new one. */
    private static void place(ActorContext<Command> ctx, Sectors sectors, Long open, boolean started, Place p) {
        CompletionStage<List<Long>> candidates = started ? sectors.waitingForDeals()
                : CompletableFuture.completedFuture(open == null ? List.of() : List.of(open));
        CompletionStage<Sector.PieceAdded> placed = candidates
                .thenCompose(numbers -> offerInTurn(sectors, numbers, 0, p.piece()))
                .thenCompose(a -> a != null ? CompletableFuture.completedFuture(a)
                        : sectors.allocate().thenCompose(n -> sectors.offer(n, p.piece(), true)));
        ctx.pipeToSelf(placed, (a, err) -> err != null ? new Placed(null, message(err), p)
                : a.refused() != null ? new Placed(null, a.refused(), p) : new Placed(a, null, p));
    }

    /** The first of {@code numbers} (from {@code i}) that takes the piece; null when none does. */
    private static CompletionStage<Sector.PieceAdded> offerInTurn(Sectors sectors, List<Long> numbers, int i,
            Sector.PieceToPlace piece) {
        if (i >= numbers.size()) {
            return CompletableFuture.completedFuture(null);
        }
        return sectors.offer(numbers.get(i), piece, false).thenCompose(a -> a.refused() == null
                ? CompletableFuture.completedFuture(a) : offerInTurn(sectors, numbers, i + 1, piece));
    }

    private static String message(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null
                ? err.getCause() : err;
        return t.getMessage() == null ? "the piece could not be placed" : t.getMessage();
    }
}
