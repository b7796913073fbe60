package io.sealer.cluster.sectors;

import io.sealer.cluster.chain.ChainClient;
import io.sealer.core.JsonSerializable;
import io.sealer.core.actors.SealingEvent;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sector.SectorEvent;
import io.sealer.core.sector.PieceLayout;
import io.sealer.core.sector.SectorEventRejected;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorPlanner;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One sector, event sourced: its state is the {@link SectorInfo} folded from its
 * {@link SectorEvent}s, and every input (the pledge, a task's outcome, the chain's randomness, a
 * backoff or the seed delay running out, a removal) becomes an event checked against
 * {@link SectorPlanner}'s table before it is persisted. What to do next is decided from the
 * persisted state alone, after the write: schedule the state's task under its call id
 * ({@link SectorTasks#callId}), draw the ticket (GetTicket, just before PreCommit1), wait for the
 * seed, take a failure route. So after any restart (recovery ends in the same place) the sector
 * submits the same call again, and the WaitSeed and backoff timers run for what is left of them,
 * counted from the persisted time the state was entered. While it waits for a task it submits
 * the call again every {@link Deps#resubmitEvery()}, which a Scheduler that has it ignores and
 * one that restarted or moved takes as the rebuild of its queue.
 *
 * <p>Outcomes arrive by the sector's id ({@link TaskEnded}, routed by {@link SectorOutcomes});
 * one for a call the sector is not waiting for (stale, or a duplicate) is acknowledged and
 * ignored, and one it takes is acknowledged only after its event is written. Events and state
 * hold no actor references. Runs under Cluster Sharding on role miner ({@link #TYPE_KEY}).
 */
public final class Sector extends EventSourcedBehavior<Sector.Command, SectorEvent, Sector.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Sector");

    /** The cluster role whose nodes run the sector entities. */
    public static final String ROLE = "miner";

    /** A snapshot every this many events (a sector writes about 15 on its happy path). */
    static final int SNAPSHOT_EVERY = 20;

    public sealed interface Command extends JsonSerializable
            permits Start, Wake, Get, TaskEnded, Advance, Resubmit, Remove, AddPiece, StartSealing {}

    /** Creates the sector (idempotent: a started sector only replies). */
    public record Start(SealProof proof, boolean deals, ActorRef<Status> replyTo) implements Command {}

    /** Starts the entity, so it recovers and resumes what its state asks for. */
    public enum Wake implements Command { INSTANCE }

    public record Get(ActorRef<Status> replyTo) implements Command {}

    /** The outcome of one of the sector's calls. */
    public record TaskEnded(TaskOutcome outcome) implements Command {}

    /** Take the event due now, if any (the ticket, the seed, a failure route, the removal). */
    enum Advance implements Command { INSTANCE }

    /** Timer: submit the current call again (a Scheduler that restarted or moved lost its queue). */
    enum Resubmit implements Command { INSTANCE }

    public record Remove(ActorRef<SectorsService.RemoveResult> replyTo) implements Command {}

    /**
     * Place a piece in this deal sector if it waits for deals and has room; with {@code open} a
     * sector never started is created for it (in WaitDeals, of {@code proof}). A piece that
     * fills the sector starts its sealing at once.
     */
    public record AddPiece(PieceToPlace piece, boolean open, SealProof proof, ActorRef<PieceAdded> replyTo)
            implements Command {}

    /** A piece whose CommP is known, to be placed in a deal sector. */
    public record PieceToPlace(String commP, String cid, long dataSize, long paddedSize, long dealId)
            implements JsonSerializable {
        public SectorEvent.DealPiece at(long offset) {
            return new SectorEvent.DealPiece(commP, cid, dataSize, paddedSize, offset, dealId);
        }
    }

    /** Where the piece went; {@code refused} says why it was not placed (null when it was). */
    public record PieceAdded(long sector, long offset, boolean sealing, String refused) implements JsonSerializable {}

    /** Start sealing a deal sector that waits for deals now (Lotus's SectorStartSealing). */
    public record StartSealing(ActorRef<SectorsService.SealResult> replyTo) implements Command {}

    /** The sector as it is; {@code info} is null when it was never started. */
    public record Status(SectorInfo info) implements JsonSerializable {}

    public record State(SectorInfo info) implements JsonSerializable {}

    /**
     * What every sector entity of a node uses; none of it is persisted.
     *
     * @param resubmitEvery how often a sector waiting for a task submits its call again; the
     *     Scheduler ignores a call it already has, and one that restarted or moved gets it back
     * @param waitDealsDelay how long a deal sector takes pieces, from its creation, before it seals
     * @param keepUnsealed whether Finalize keeps a deal sector's unsealed copy (else reads unseal)
     * @param disallowRemoteFinalize whether Finalize's move may go only to a worker already holding the sector
     */
    public record Deps(SectorPlanner planner, ActorRef<Scheduler.Command> scheduler, ActorRef<TaskOutcome> outcomes,
            ChainClient chain, Duration resubmitEvery, Duration waitDealsDelay, boolean keepUnsealed,
            boolean disallowRemoteFinalize) {}

    private static final HexFormat HEX = HexFormat.of();
    private static final String ADVANCE_TIMER = "advance";
    private static final String RESUBMIT_TIMER = "resubmit";

    private final SectorId id;
    private final Deps deps;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;

    private Sector(ActorContext<Command> ctx, TimerScheduler<Command> timers, SectorId id, Deps deps) {
        super(PersistenceId.of(TYPE_KEY.name(), id.toString()),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.ctx = ctx;
        this.timers = timers;
        this.id = id;
        this.deps = deps;
    }

    /**
     * Starts sharding of the sector entities on this node (role miner). They are remembered (in
     * the journal): an entity whose shard moved to another miner node, or whose node died,
     * starts again at once there and resumes its timers; none is passivated when idle.
     */
    public static void initSharding(ActorSystem<?> system, Deps deps) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
                        ctx -> create(SectorTasks.parseSector(ctx.getEntityId()), deps))
                .withRole(ROLE)
                .withSettings(ClusterShardingSettings.create(system).withRole(ROLE).withRememberEntities(true)
                        .withRememberEntitiesStoreMode(ClusterShardingSettings.rememberEntitiesStoreModeEventSourced())));
    }

    public static Behavior<Command> create(SectorId id, Deps deps) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Sector(ctx, timers, id, deps)));
    }

    @Override
    public State emptyState() {
        return new State(null);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
    }

    @Override
    public CommandHandler<Command, SectorEvent, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Start.class, this::onStart)
                .onCommand(Wake.class, (s, c) -> Effect().none())
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), new Status(s.info())))
                .onCommand(TaskEnded.class, this::onTaskEnded)
                .onCommand(Advance.class, (s, c) -> {
                    SectorEvent due = s.info() == null ? null : due(s.info(), Instant.now());
                    return due == null ? Effect().none() : persist(s.info(), due);
                })
                .onCommand(Resubmit.class, (s, c) -> {
                    if (s.info() != null) {
                        submit(s.info());
                    }
                    return Effect().none();
                })
                .onCommand(Remove.class, this::onRemove)
                .onCommand(AddPiece.class, this::onAddPiece)
                .onCommand(StartSealing.class, this::onStartSealing)
                .build();
    }

    @Override
    public EventHandler<State, SectorEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(SectorEvent.SectorStart.class, (s, e) -> new State(SectorInfo.start(e)))
                .onEvent(SectorEvent.SectorStartWaitDeals.class, (s, e) -> new State(SectorInfo.startWaitDeals(e)))
                .onAnyEvent((s, e) -> new State(s.info().apply(e)));
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), s -> {
                    if (s.info() != null && s.info().state().terminal()) {
                        publishState(s.info());
                    }
                    if (s.info() != null && !s.info().state().terminal()) {
                        ctx.getLog().info("sector {} resumes in {}", id, s.info().state());
                        act(s.info());
                    }
                })
                .build();
    }

    private Effect<SectorEvent, State> onStart(State s, Start c) {
        if (s.info() != null) {
            return Effect().reply(c.replyTo(), new Status(s.info()));
        }
        return Effect().persist(new SectorEvent.SectorStart(Instant.now(), id, c.proof(), c.deals()))
                .thenRun(ns -> {
                    ctx.getLog().info("sector {} pledged ({}, {})", id, c.proof().sectorSize().label(),
                            c.deals() ? "deals" : "committed capacity");
                    act(ns.info());
                })
                .thenReply(c.replyTo(), ns -> new Status(ns.info()));
    }

    private Effect<SectorEvent, State> onTaskEnded(State s, TaskEnded c) {
        TaskOutcome o = c.outcome();
        String waitingFor = s.info() == null ? null : SectorTasks.callId(s.info());
        if (waitingFor == null || !waitingFor.equals(o.callId())) {
            ctx.getLog().debug("sector {}: outcome of {} ignored (waiting for {})", id, o.callId(), waitingFor);
            return Effect().none().thenRun(ns -> acknowledge(o));
        }
        SectorEvent e = SectorTasks.event(s.info(), s.info().nextTask().type(), o, Instant.now());
        return persist(s.info(), e).thenRun(ns -> acknowledge(o));
    }

    private Effect<SectorEvent, State> onRemove(State s, Remove c) {
        if (s.info() == null) {
            return Effect().reply(c.replyTo(), SectorsService.RemoveResult.NOT_FOUND);
        }
        if (s.info().state() == SectorState.REMOVING || s.info().state() == SectorState.REMOVED) {
            return Effect().reply(c.replyTo(), SectorsService.RemoveResult.ALREADY_REMOVED);
        }
        return persist(s.info(), new SectorEvent.SectorRemove(Instant.now(), "removed by the operator"))
                .thenReply(c.replyTo(), ns -> SectorsService.RemoveResult.REMOVING);
    }

    private Effect<SectorEvent, State> onAddPiece(State s, AddPiece c) {
        Instant now = Instant.now();
        List<SectorEvent> events = new ArrayList<>();
        SectorInfo info = s.info();
        if (info == null) {
            if (!c.open()) {
                return Effect().reply(c.replyTo(), new PieceAdded(id.number(), 0, false, "no sector " + id.number()));
            }
            SectorEvent.SectorStartWaitDeals start = new SectorEvent.SectorStartWaitDeals(now, id, c.proof());
            events.add(start);
            info = SectorInfo.startWaitDeals(start);
        } else if (info.state() != SectorState.WAIT_DEALS) {
            return Effect().reply(c.replyTo(), new PieceAdded(id.number(), 0, false,
                    "sector " + id.number() + " is in " + info.state() + ", not waiting for deals"));
        }
        OptionalLong offset = info.offsetForPiece(c.piece().paddedSize());
        if (offset.isEmpty()) {
            return Effect().reply(c.replyTo(), new PieceAdded(id.number(), 0, false,
                    "sector " + id.number() + " has no room for a " + c.piece().paddedSize() + "-byte piece"));
        }
        events.add(new SectorEvent.SectorAddPiece(now, c.piece().at(offset.getAsLong())));
        SectorInfo after = info.apply(events.get(events.size() - 1));
        boolean full = PieceLayout.full(after.proof().sectorSize().bytes(), after.dealPieces());
        if (full) {
            events.add(new SectorEvent.SectorStartPacking(now, "the sector is full"));
        }
        ctx.getLog().debug("sector {}: piece {} ({} bytes, deal {}) placed at offset {}{}", id, c.piece().cid(),
                c.piece().dataSize(), c.piece().dealId(), offset.getAsLong(), full ? "; the sector is full" : "");
        PieceAdded added = new PieceAdded(id.number(), offset.getAsLong(), full, null);
        return persistAll(s.info(), events).thenReply(c.replyTo(), ns -> added);
    }

    private Effect<SectorEvent, State> onStartSealing(State s, StartSealing c) {
        if (s.info() == null) {
            return Effect().reply(c.replyTo(), new SectorsService.SealResult(false, "no sector " + id.number()));
        }
        if (s.info().state() != SectorState.WAIT_DEALS) {
            return Effect().reply(c.replyTo(), new SectorsService.SealResult(false, "sector " + id.number() + " is in "
                    + s.info().state() + ", not waiting for deals"));
        }
        return persist(s.info(), new SectorEvent.SectorStartPacking(Instant.now(), "started by the operator"))
                .thenReply(c.replyTo(), ns -> new SectorsService.SealResult(true, null));
    }

    private EffectBuilder<SectorEvent, State> persist(SectorInfo before, SectorEvent e) {
        return persistAll(before, List.of(e));
    }

    /**
     * Persists {@code e} if the sector's state accepts it (checked first, so the event handler
     * never meets an event it rejects), then logs the change and acts on the new state.
     */
    private EffectBuilder<SectorEvent, State> persistAll(SectorInfo before, List<SectorEvent> events) {
        try {
            SectorInfo at = before;
            for (SectorEvent e : events) {
                at = at == null && e instanceof SectorEvent.SectorStartWaitDeals start ? SectorInfo.startWaitDeals(start)
                        : at.apply(e);
            }
        } catch (SectorEventRejected rejected) {
            ctx.getLog().warn("sector {}: {}; ignored", id, rejected.getMessage());
            return Effect().none();
        }
        return Effect().persist(events).thenRun(ns -> {
            if (before != null && ns.info().state() != before.state()) {
                SectorTasks.logStateChange(ctx.getLog(), deps.planner(), deps.chain().seedDelay(), before, ns.info());
            }
            act(ns.info());
        });
    }

    /** The event that is due now in the sector's state, or null (none, or not yet). */
    private SectorEvent due(SectorInfo s, Instant now) {
        return switch (s.state()) {
            case GET_TICKET -> new SectorEvent.SectorTicket(now, HEX.formatHex(deps.chain().ticket(id)));
            case REMOVING -> new SectorEvent.SectorRemoved(now);
            case WAIT_DEALS -> SectorTasks.remaining(s, deps.waitDealsDelay(), now).isZero()
                    ? new SectorEvent.SectorStartPacking(now, "the wait for deals ran out") : null;
            case WAIT_SEED -> SectorTasks.remaining(s, deps.chain().seedDelay(), now).isZero()
                    ? new SectorEvent.SectorSeedReady(now, HEX.formatHex(deps.chain().seed(id))) : null;
            default -> {
                if (s.state().kind() != SectorState.Kind.FAILED) {
                    yield null;
                }
                SectorPlanner.Recovery r = deps.planner().recover(s);
                yield SectorTasks.remaining(s, r.after(), now).isZero() ? r.event(now) : null;
            }
        };
    }

    /** The side effect of the state the sector is in (after a write, or after recovery). */
    private void publishState(SectorInfo s) {
        SealingEvent.publish(ctx.getSystem(), new SealingEvent.SectorStateChanged(id.toString(), s.state().wireName()));
    }

    private void act(SectorInfo s) {
        publishState(s);
        Instant now = Instant.now();
        switch (s.state()) {
            case GET_TICKET, REMOVING -> ctx.getSelf().tell(Advance.INSTANCE);
            case WAIT_SEED -> timers.startSingleTimer(ADVANCE_TIMER, Advance.INSTANCE,
                    SectorTasks.remaining(s, deps.chain().seedDelay(), now));
            case WAIT_DEALS -> timers.startSingleTimer(ADVANCE_TIMER, Advance.INSTANCE,
                    SectorTasks.remaining(s, deps.waitDealsDelay(), now));
            default -> {
                if (s.state().kind() == SectorState.Kind.FAILED) {
                    timers.startSingleTimer(ADVANCE_TIMER, Advance.INSTANCE,
                            SectorTasks.remaining(s, deps.planner().recover(s).after(), now));
                } else if (submit(s)) {
                    timers.startTimerWithFixedDelay(RESUBMIT_TIMER, Resubmit.INSTANCE, deps.resubmitEvery());
                    return;
                }
            }
        }
        timers.cancel(RESUBMIT_TIMER);
    }

    /** Submits the call the sector waits for; false when it waits for none. */
    private boolean submit(SectorInfo s) {
        String callId = SectorTasks.callId(s);
        if (callId == null) {
            return false;
        }
        deps.scheduler().tell(new Scheduler.Schedule(SectorTasks.request(s, s.nextTask(), callId, deps.keepUnsealed(),
                deps.disallowRemoteFinalize()), deps.outcomes()));
        return true;
    }

    private void acknowledge(TaskOutcome o) {
        deps.scheduler().tell(new Scheduler.Acknowledge(o.schedId()));
    }
}
