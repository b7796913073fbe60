package io.sealer.cluster.sealing;

import io.sealer.cluster.chain.ChainClient;
import io.sealer.cluster.sectors.SectorTasks;
import io.sealer.core.JsonSerializable;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sector.SectorEvent;
import io.sealer.core.sector.SectorEventRejected;
import io.sealer.core.sector.SectorInfo;
import io.sealer.core.sector.SectorPlanner;
import io.sealer.core.sector.SectorState;
import io.sealer.core.sector.StageTask;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The miner's sealing pipeline: owns the sectors it pledged and drives each through the sector
 * state machine ({@link SectorPlanner}, docs/architecture.md). Every input (a pledge, a task's
 * outcome, the chain's randomness, a backoff that ran out) becomes a {@link SectorEvent} that
 * {@link SectorInfo#apply} folds into the sector; what to do next (schedule the state's next
 * task, draw the ticket, wait for the seed, take a failure route) is decided from the new state
 * alone. Tasks carry the sector's priority (1024 when it holds deals). A task no worker can ever
 * run fails its sector at once with the reason. Sector state lives in memory here: this is the
 * single-process pipeline of {@code sealer run}; the miner's sectors are the event-sourced
 * {@link io.sealer.cluster.sectors.Sector} entities, which share {@link SectorTasks} with it.
 */
public final class Sealing extends AbstractBehavior<Sealing.Command> {

    public sealed interface Command extends JsonSerializable
            permits Pledge, GetSectors, AwaitAll, TaskEnded, SeedArrived, RecoveryDue {}

    /** Create {@code count} new sectors; {@code deals} of them are marked as holding deals. */
    public record Pledge(int count, int deals) implements Command {}

    public record GetSectors(ActorRef<Sectors> replyTo) implements Command {}

    /** Replies once every sector is Proving, FailedUnrecoverable or Removed. */
    public record AwaitAll(ActorRef<Sectors> replyTo) implements Command {}

    record TaskEnded(TaskOutcome outcome) implements Command {}

    record SeedArrived(SectorId sector) implements Command {}

    /** A sector's backoff in a failure state ran out. */
    record RecoveryDue(SectorId sector) implements Command {}

    public record Sectors(List<SectorInfo> sectors) implements JsonSerializable {}

    /**
     * Settings of the pipeline.
     *
     * @param maxAttempts how many times a stage other than PreCommit1/2 is tried before the sector
     *     fails (PreCommit1/2 follow Lotus: more than 3 failures escalate)
     * @param retryBackoff the pause before a retry, times the stage's failures for a temporary one
     * @param firstSector the number of the first sector pledged (after those already on disk)
     */
    public record Settings(long minerId, SealProof proof, int maxAttempts, Duration retryBackoff, long firstSector) {}

    /** A task in flight: which sector and which of its tasks. */
    private record Running(SectorId sector, TaskType task) {}

    private static final HexFormat HEX = HexFormat.of();

    private final Settings settings;
    private final SectorPlanner planner;
    private final ActorRef<Scheduler.Command> scheduler;
    private final ChainClient chain;
    private final TimerScheduler<Command> timers;
    private final ActorRef<TaskOutcome> outcomes;
    private final Map<SectorId, SectorInfo> sectors = new LinkedHashMap<>();
    private final Map<UUID, Running> inFlight = new HashMap<>();
    private final List<ActorRef<Sectors>> waiting = new ArrayList<>();
    private long nextSector;

    private Sealing(ActorContext<Command> ctx, TimerScheduler<Command> timers, Settings settings,
            ActorRef<Scheduler.Command> scheduler, ChainClient chain) {
        super(ctx);
        this.timers = timers;
        this.settings = settings;
        this.planner = new SectorPlanner(Math.max(0, settings.maxAttempts() - 1), settings.retryBackoff());
        this.scheduler = scheduler;
        this.chain = chain;
        this.outcomes = ctx.messageAdapter(TaskOutcome.class, TaskEnded::new);
        this.nextSector = settings.firstSector();
    }

    public static Behavior<Command> create(Settings settings, ActorRef<Scheduler.Command> scheduler, ChainClient chain) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(t -> new Sealing(ctx, t, settings, scheduler, chain)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Pledge.class, this::onPledge)
                .onMessage(GetSectors.class, m -> {
                    m.replyTo().tell(new Sectors(List.copyOf(sectors.values())));
                    return this;
                })
                .onMessage(AwaitAll.class, m -> {
                    waiting.add(m.replyTo());
                    return checkAllDone();
                })
                .onMessage(TaskEnded.class, this::onTaskEnded)
                .onMessage(SeedArrived.class, m -> {
                    record(m.sector(), new SectorEvent.SectorSeedReady(Instant.now(), HEX.formatHex(chain.seed(m.sector()))));
                    return checkAllDone();
                })
                .onMessage(RecoveryDue.class, m -> {
                    SectorInfo s = sectors.get(m.sector());
                    if (s != null && s.state().kind() == SectorState.Kind.FAILED) {
                        record(m.sector(), planner.recover(s).event(Instant.now()));
                    }
                    return checkAllDone();
                })
                .build();
    }

    private Behavior<Command> onPledge(Pledge m) {
        for (int i = 0; i < m.count(); i++) {
            SectorInfo s = SectorInfo.start(new SectorEvent.SectorStart(Instant.now(),
                    new SectorId(settings.minerId(), nextSector++), settings.proof(), i < m.deals()));
            sectors.put(s.id(), s);
            getContext().getLog().info("sector {} pledged ({}, {})", s.id(), settings.proof().sectorSize().label(),
                    s.deals() ? "deals" : "committed capacity");
            act(s);
        }
        return this;
    }

    private Behavior<Command> onTaskEnded(TaskEnded m) {
        TaskOutcome o = m.outcome();
        Running r = inFlight.remove(o.schedId());
        SectorInfo s = r == null ? null : sectors.get(r.sector());
        if (s == null) {
            return this;
        }
        Instant now = Instant.now();
        record(s.id(), SectorTasks.event(s, r.task(), o, now));
        return checkAllDone();
    }

    /** Applies an event to its sector, logs the state change and does what the new state asks for. */
    private void record(SectorId id, SectorEvent e) {
        SectorInfo before = sectors.get(id);
        SectorInfo after;
        try {
            after = before.apply(e);
        } catch (SectorEventRejected rejected) {
            getContext().getLog().warn("sector {}: {}; ignored", id, rejected.getMessage());
            return;
        }
        sectors.put(id, after);
        if (after.state() != before.state()) {
            SectorTasks.logStateChange(getContext().getLog(), planner, chain.seedDelay(), before, after);
        }
        act(after);
    }

    /** The side effect of the state a sector is in. */
    private void act(SectorInfo s) {
        switch (s.state()) {
            case GET_TICKET -> record(s.id(), new SectorEvent.SectorTicket(Instant.now(), HEX.formatHex(chain.ticket(s.id()))));
            case WAIT_SEED -> timers.startSingleTimer("seed-" + s.id(), new SeedArrived(s.id()), chain.seedDelay());
            case REMOVING -> record(s.id(), new SectorEvent.SectorRemoved(Instant.now()));
            default -> {
                if (s.state().kind() == SectorState.Kind.FAILED) {
                    SectorPlanner.Recovery r = planner.recover(s);
                    if (r.after().isZero()) {
                        record(s.id(), r.event(Instant.now()));
                    } else {
                        timers.startSingleTimer("recover-" + s.id(), new RecoveryDue(s.id()), r.after());
                    }
                } else if (s.nextTask() != null) {
                    schedule(s, s.nextTask());
                }
            }
        }
    }

    private void schedule(SectorInfo s, StageTask task) {
        TaskRequest r = SectorTasks.request(s, task, null);
        inFlight.put(r.schedId(), new Running(s.id(), task.type()));
        scheduler.tell(new Scheduler.Schedule(r, outcomes));
    }

    private Behavior<Command> checkAllDone() {
        if (!waiting.isEmpty() && sectors.values().stream().allMatch(x -> x.state().terminal())) {
            Sectors all = new Sectors(List.copyOf(sectors.values()));
            waiting.forEach(w -> w.tell(all));
            waiting.clear();
        }
        return this;
    }
}
