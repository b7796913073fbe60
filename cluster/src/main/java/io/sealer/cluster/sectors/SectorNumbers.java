package io.sealer.cluster.sectors;

import io.sealer.core.JsonSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The miner's sector-number counter, event sourced: a number is handed out only after the
 * allocation is persisted, so a number is never given twice, across any restart, and never
 * comes from scanning directories. Runs as a cluster singleton on role miner.
 */
public final class SectorNumbers extends EventSourcedBehavior<SectorNumbers.Command, SectorNumbers.Allocated,
        SectorNumbers.State> {

    public sealed interface Command extends JsonSerializable permits Allocate, GetNext {}

    /** Reserve {@code count} consecutive numbers; the reply holds the first. */
    public record Allocate(int count, ActorRef<Allocation> replyTo) implements Command {
        public Allocate {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, got " + count);
            }
        }
    }

    /** The number the next allocation would start at. */
    public record GetNext(ActorRef<Long> replyTo) implements Command {}

    public record Allocation(long first, int count) implements JsonSerializable {}

    /** Event: numbers {@code first} .. {@code first + count - 1} are taken. */
    public record Allocated(long first, int count) implements JsonSerializable {}

    public record State(long next) implements JsonSerializable {}

    /** The first sector number of a new miner (Lotus starts at 0; 1 reads better in paths and logs). */
    public static final long FIRST = 1;

    private SectorNumbers(PersistenceId id) {
        super(id);
    }

    public static Behavior<Command> create(long minerId) {
        return new SectorNumbers(PersistenceId.ofUniqueId("sector-numbers-t0" + minerId));
    }

    @Override
    public State emptyState() {
        return new State(FIRST);
    }

    @Override
    public CommandHandler<Command, Allocated, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Allocate.class, (s, c) -> Effect().persist(new Allocated(s.next(), c.count()))
                        .thenReply(c.replyTo(), ns -> new Allocation(ns.next() - c.count(), c.count())))
                .onCommand(GetNext.class, (s, c) -> Effect().reply(c.replyTo(), s.next()))
                .build();
    }

    @Override
    public EventHandler<State, Allocated> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Allocated.class, (s, e) -> new State(Math.max(s.next(), e.first() + e.count())))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }
}
