package io.sealer.cluster.sealing;

import io.sealer.cluster.chain.ChainClient;
import io.sealer.core.JsonSerializable;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import java.time.Duration;
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
 * The miner's sealing pipeline: owns the sectors it pledged and drives each through
 * {@link SectorStage}s, one scheduled task per stage, with the sector's priority (1024 when
 * it holds deals). A failed task is retried after a backoff up to {@code maxAttempts} times,
 * then the sector is FAILED with the error kept. Sector state lives in memory here; the
 * event-sourced sector entity replaces this when persistence lands.
 */
public final class Sealing extends AbstractBehavior<Sealing.Command> {

    public sealed interface Command extends JsonSerializable
            permits Pledge, GetSectors, AwaitAll, TaskEnded, SeedArrived, Retry {}

    /** Create {@code count} new sectors; {@code deals} of them are marked as holding deals. */
    public record Pledge(int count, int deals) implements Command {}

    public record GetSectors(ActorRef<Sectors> replyTo) implements Command {}

    /** Replies once every sector is PROVING or FAILED. */
    public record AwaitAll(ActorRef<Sectors> replyTo) implements Command {}

    record TaskEnded(TaskOutcome outcome) implements Command {}

    record SeedArrived(SectorId sector) implements Command {}

    record Retry(SectorId sector) implements Command {}

    /** One sector as the pipeline knows it. */
    public record Sector(SectorId id, SealProof proof, boolean deals, SectorStage stage, int attempts, String lastError,
            Map<String, String> outputs, long startedAtMillis, long finishedAtMillis) implements JsonSerializable {
        Sector with(SectorStage s, int a, String err, Map<String, String> out, long finished) {
            return new Sector(id, proof, deals, s, a, err, out, startedAtMillis, finished);
        }
    }

    public record Sectors(List<Sector> sectors) implements JsonSerializable {}

    /**
     * Settings of the pipeline.
     *
     * @param firstSector the number of the first sector pledged (after those already on disk)
     */
    public record Settings(long minerId, SealProof proof, int maxAttempts, Duration retryBackoff, long firstSector) {}

    private final Settings settings;
    private final ActorRef<Scheduler.Command> scheduler;
    private final ChainClient chain;
    private final TimerScheduler<Command> timers;
    private final ActorRef<TaskOutcome> outcomes;
    private final Map<SectorId, Sector> sectors = new LinkedHashMap<>();
    private final Map<UUID, SectorId> inFlight = new HashMap<>();
    private final List<ActorRef<Sectors>> waiting = new ArrayList<>();
    private long nextSector;

    private Sealing(ActorContext<Command> ctx, TimerScheduler<Command> timers, Settings settings,
            ActorRef<Scheduler.Command> scheduler, ChainClient chain) {
        super(ctx);
        this.timers = timers;
        this.settings = settings;
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
                .onMessage(SeedArrived.class, m -> advance(sectors.get(m.sector()), SectorStage.COMMIT_1, 0, null, Map.of()))
                .onMessage(Retry.class, m -> {
                    schedule(sectors.get(m.sector()));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onPledge(Pledge m) {
        for (int i = 0; i < m.count(); i++) {
            SectorId id = new SectorId(settings.minerId(), nextSector++);
            Map<String, String> out = new HashMap<>();
            out.put("ticket", HexFormat.of().formatHex(chain.ticket(id)));
            Sector s = new Sector(id, settings.proof(), i < m.deals(), SectorStage.PACKING, 0, null, out,
                    System.currentTimeMillis(), 0);
            sectors.put(id, s);
            getContext().getLog().info("sector {} pledged ({}, {})", id, settings.proof().sectorSize().label(),
                    s.deals() ? "deals" : "committed capacity");
            schedule(s);
        }
        return this;
    }

    private void schedule(Sector s) {
        SectorStage stage = s.stage();
        Map<String, String> params = new HashMap<>(s.outputs());
        params.put("miner", Long.toString(s.id().miner()));
        TaskRequest r = new TaskRequest(UUID.randomUUID(), new SectorRef(s.id(), s.proof()), stage.task(),
                s.deals() ? TaskRequest.DEAL_PRIORITY : 0, stage.prepType(), stage.selector(), params);
        inFlight.put(r.schedId(), s.id());
        scheduler.tell(new Scheduler.Schedule(r, outcomes));
    }

    private Behavior<Command> onTaskEnded(TaskEnded m) {
        SectorId id = inFlight.remove(m.outcome().schedId());
        Sector s = id == null ? null : sectors.get(id);
        if (s == null) {
            return this;
        }
        if (m.outcome().ok()) {
            Map<String, String> out = new HashMap<>(s.outputs());
            out.putAll(m.outcome().outputs());
            SectorStage next = s.stage().next();
            if (next == SectorStage.WAIT_SEED) {
                sectors.put(id, s.with(next, 0, null, out, 0));
                Sector waitingSeed = sectors.get(id);
                getContext().scheduleOnce(chain.seedDelay(), getContext().getSelf(), new SeedArrived(id));
                getContext().getLog().debug("sector {} waits {} for its seed", waitingSeed.id(), chain.seedDelay());
                return this;
            }
            return advance(s, next, 0, null, m.outcome().outputs());
        }
        int attempts = s.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            getContext().getLog().error("sector {} failed in {} after {} attempts: {}", id, s.stage(), attempts,
                    m.outcome().error());
            sectors.put(id, s.with(SectorStage.FAILED, attempts, s.stage() + ": " + m.outcome().error(), s.outputs(),
                    System.currentTimeMillis()));
            return checkAllDone();
        }
        Duration wait = settings.retryBackoff().multipliedBy(attempts);
        getContext().getLog().warn("sector {} {} failed (attempt {} of {}), retrying in {}: {}", id, s.stage(), attempts,
                settings.maxAttempts(), wait, m.outcome().error());
        sectors.put(id, s.with(s.stage(), attempts, m.outcome().error(), s.outputs(), 0));
        timers.startSingleTimer("retry-" + id, new Retry(id), wait);
        return this;
    }

    private Behavior<Command> advance(Sector s, SectorStage next, int attempts, String error, Map<String, String> outputs) {
        Map<String, String> out = new HashMap<>(s.outputs());
        out.putAll(outputs);
        if (next == SectorStage.COMMIT_1) {
            out.put("seed", HexFormat.of().formatHex(chain.seed(s.id())));
        }
        Sector updated = s.with(next, attempts, error, out, next.terminal() ? System.currentTimeMillis() : 0);
        sectors.put(s.id(), updated);
        if (next == SectorStage.PROVING) {
            getContext().getLog().info("sector {} sealed in {}s: commD {} commR {}", s.id(),
                    (updated.finishedAtMillis() - s.startedAtMillis()) / 1000.0, out.get("commDCid"), out.get("commRCid"));
            return checkAllDone();
        }
        schedule(updated);
        return this;
    }

    private Behavior<Command> checkAllDone() {
        if (!waiting.isEmpty() && sectors.values().stream().allMatch(x -> x.stage().terminal())) {
            Sectors all = new Sectors(List.copyOf(sectors.values()));
            waiting.forEach(w -> w.tell(all));
            waiting.clear();
        }
        return this;
    }
}
