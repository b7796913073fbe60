package io.sealer.cluster.sectors;

import com.typesafe.config.Config;
import io.sealer.cluster.chain.ChainClient;
import io.sealer.core.Durations;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sector.SectorPlanner;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner's sectors in a cluster (contract C1): starts Cluster Sharding of the {@link Sector}
 * entity (remembered entities, so a sector whose node died or whose shard moved starts again
 * by itself) and the {@link SectorNumbers} singleton on role miner, and this node's
 * {@link SectorOutcomes} router; at start it wakes every sector ever allocated, so each one that
 * is not finished submits the task of its current state again under the same call id (a
 * Scheduler that restarted or moved rebuilds its queue from them). Implements
 * {@link SectorsService} by asking the counter and the entities.
 */
public final class SectorsRuntime implements SectorsService {
    private static final Logger LOG = LoggerFactory.getLogger(SectorsRuntime.class);

    /** How often a sector waiting for a task submits its call again (cheap: the Scheduler dedupes). */
    static final Duration RESUBMIT_EVERY = Duration.ofSeconds(30);

    /** How long `sectors list` waits for the Scheduler to say which worker runs what. */
    static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(2);

    /** How long one question to the counter or a sector may take before the caller hears so. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(15);

    /**
     * @param maxAttempts how many times a stage other than PreCommit1/2 is tried before the sector fails
     * @param retryBackoff the pause before a retry, times the stage's failures for a temporary one
     * @param waitDealsDelay how long a deal sector takes pieces before it seals (Lotus's WaitDealsDelay)
     * @param keepUnsealed whether Finalize keeps the unsealed copy of a deal sector
     * @param disallowRemoteFinalize whether Finalize's move goes only to a worker that already holds the sector
     */
    public record Settings(long minerId, SealProof proof, int maxAttempts, Duration retryBackoff,
            Duration waitDealsDelay, boolean keepUnsealed, boolean disallowRemoteFinalize) {

        /** The settings of a miner's repository config (its Sealing section and Storage.DisallowRemoteFinalize). */
        public static Settings fromConfig(long minerId, SealProof proof, Config conf) {
            return new Settings(minerId, proof, conf.getInt("Sealing.MaxAttempts"),
                    conf.getDuration("Sealing.RetryBackoff"), conf.getDuration("Sealing.WaitDealsDelay"),
                    conf.getBoolean("Sealing.KeepUnsealed"), conf.getBoolean("Storage.DisallowRemoteFinalize"));
        }
    }

    private final ActorSystem<?> system;
    private final Settings settings;
    private final ClusterSharding sharding;
    private final ActorRef<SectorNumbers.Command> numbers;
    private final ActorRef<Scheduler.Command> scheduler;
    private final ActorRef<DealPacker.Command> packer;

    private SectorsRuntime(ActorSystem<?> system, Settings settings, ClusterSharding sharding,
            ActorRef<SectorNumbers.Command> numbers, ActorRef<Scheduler.Command> scheduler) {
        this.system = system;
        this.settings = settings;
        this.sharding = sharding;
        this.numbers = numbers;
        this.scheduler = scheduler;
        this.packer = system.systemActorOf(DealPacker.create(new PackerSectors()), "deal-packer", Props.empty());
    }

    /** Starts the sectors on this miner node (after the journal schema exists) and wakes them. */
    public static SectorsService start(ActorSystem<?> system, Settings settings, ActorRef<Scheduler.Command> scheduler,
            ChainClient chain) {
        ClusterSharding sharding = ClusterSharding.get(system);
        ActorRef<TaskOutcome> outcomes = system.systemActorOf(SectorOutcomes.create(sharding), "sector-outcomes",
                Props.empty());
        Sector.Deps deps = new Sector.Deps(new SectorPlanner(Math.max(0, settings.maxAttempts() - 1),
                settings.retryBackoff()), scheduler, outcomes, chain, RESUBMIT_EVERY, settings.waitDealsDelay(),
                settings.keepUnsealed(), settings.disallowRemoteFinalize());
        Sector.initSharding(system, deps);
        ActorRef<SectorNumbers.Command> numbers = ClusterSingleton.get(system).init(
                SingletonActor.of(SectorNumbers.create(settings.minerId()), "sector-numbers")
                        .withSettings(ClusterSingletonSettings.create(system).withRole(Sector.ROLE)));
        SectorsRuntime runtime = new SectorsRuntime(system, settings, sharding, numbers, scheduler);
        runtime.wakeAll();
        return runtime;
    }

    private void wakeAll() {
        next().whenComplete((next, err) -> {
            if (err != null) {
                LOG.warn("could not wake the sectors: {}", message(err));
                return;
            }
            for (long n = SectorNumbers.FIRST; n < next; n++) {
                sector(n).tell(Sector.Wake.INSTANCE);
            }
            if (next > SectorNumbers.FIRST) {
                LOG.info("woke sectors {}..{}", SectorNumbers.FIRST, next - 1);
            }
        });
    }

    @Override
    public CompletionStage<List<SectorView>> pledge(int count, int deals) {
        if (count < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("count must be at least 1, got " + count));
        }
        return operatorErrors(AskPattern.<SectorNumbers.Command, SectorNumbers.Allocation>ask(numbers,
                r -> new SectorNumbers.Allocate(count, r), ASK_TIMEOUT, system.scheduler())
                .thenCompose(a -> {
                    List<CompletableFuture<Sector.Status>> started = new ArrayList<>();
                    for (int i = 0; i < a.count(); i++) {
                        boolean withDeals = i < deals;
                        started.add(sector(a.first() + i).<Sector.Status>ask(
                                r -> new Sector.Start(settings.proof(), withDeals, r), ASK_TIMEOUT)
                                .toCompletableFuture());
                    }
                    return all(started, s -> view(s, Map.of()));
                }));
    }

    @Override
    public CompletionStage<List<SectorView>> list() {
        return operatorErrors(next().thenCompose(next -> {
            List<CompletableFuture<Sector.Status>> asked = new ArrayList<>();
            for (long n = SectorNumbers.FIRST; n < next; n++) {
                asked.add(get(n).toCompletableFuture());
            }
            return running().thenCompose(running -> all(asked, s -> view(s, running)));
        }));
    }

    @Override
    public CompletionStage<Optional<SectorView>> status(long number) {
        return operatorErrors(next().thenCompose(next -> number < SectorNumbers.FIRST || number >= next
                ? CompletableFuture.completedFuture(Optional.<SectorView>empty())
                : get(number).thenCombine(running(), SectorsRuntime::view)));
    }

    @Override
    public CompletionStage<RemoveResult> remove(long number) {
        return operatorErrors(next().thenCompose(next -> number < SectorNumbers.FIRST || number >= next
                ? CompletableFuture.completedFuture(RemoveResult.NOT_FOUND)
                : sector(number).<RemoveResult>ask(Sector.Remove::new, ASK_TIMEOUT)));
    }

    @Override
    public CompletionStage<Sector.PieceAdded> addPiece(Sector.PieceToPlace piece) {
        return operatorErrors(AskPattern.<DealPacker.Command, Sector.PieceAdded>ask(packer,
                r -> new DealPacker.Place(piece, r), ASK_TIMEOUT.multipliedBy(2), system.scheduler()));
    }

    @Override
    public CompletionStage<SealResult> startSealing(long number) {
        return operatorErrors(next().thenCompose(next -> number < SectorNumbers.FIRST || number >= next
                ? CompletableFuture.completedFuture(new SealResult(false, "no sector " + number + " on this miner"))
                : sector(number).<SealResult>ask(Sector.StartSealing::new, ASK_TIMEOUT)));
    }

    /** The packer's way to the sector entities and the counter. */
    private final class PackerSectors implements DealPacker.Sectors {
        @Override
        public CompletionStage<Sector.PieceAdded> offer(long number, Sector.PieceToPlace piece, boolean open) {
            return sector(number).ask(r -> new Sector.AddPiece(piece, open, settings.proof(), r), ASK_TIMEOUT);
        }

        @Override
        public CompletionStage<Long> allocate() {
            return AskPattern.<SectorNumbers.Command, SectorNumbers.Allocation>ask(numbers,
                    r -> new SectorNumbers.Allocate(1, r), ASK_TIMEOUT, system.scheduler())
                    .thenApply(SectorNumbers.Allocation::first);
        }

        @Override
        public CompletionStage<List<Long>> waitingForDeals() {
            return list().thenApply(views -> views.stream().map(SectorView::info)
                    .filter(s -> s.state() == SectorState.WAIT_DEALS).map(s -> s.id().number()).toList());
        }
    }

    private CompletionStage<Long> next() {
        return AskPattern.ask(numbers, SectorNumbers.GetNext::new, ASK_TIMEOUT, system.scheduler());
    }

    private CompletionStage<Sector.Status> get(long number) {
        return sector(number).ask(Sector.Get::new, ASK_TIMEOUT);
    }

    /** Which worker runs each started call; empty when the Scheduler does not answer quickly (it may be moving). */
    private CompletionStage<Map<UUID, String>> running() {
        return AskPattern.<Scheduler.Command, Scheduler.RunningCalls>ask(scheduler, Scheduler.GetRunningCalls::new,
                RUNNING_TIMEOUT, system.scheduler())
                .handle((r, err) -> err == null ? r.workers() : Map.of());
    }

    private static Optional<SectorView> view(Sector.Status s, Map<UUID, String> running) {
        if (s.info() == null) {
            return Optional.empty();
        }
        String call = SectorTasks.callId(s.info());
        String worker = call == null ? "" : running.getOrDefault(TaskRequest.schedIdOf(call), "");
        return Optional.of(new SectorView(s.info(), worker));
    }

    private EntityRef<Sector.Command> sector(long number) {
        return sharding.entityRefFor(Sector.TYPE_KEY, new SectorId(settings.minerId(), number).toString());
    }

    private static <T> CompletionStage<List<SectorView>> all(List<CompletableFuture<T>> asked,
            Function<T, Optional<SectorView>> view) {
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
                .thenApply(done -> asked.stream().map(CompletableFuture::join).map(view).flatMap(Optional::stream)
                        .toList());
    }

    /** A timeout or a failure inside becomes one sentence for the operator. */
    private static <T> CompletionStage<T> operatorErrors(CompletionStage<T> stage) {
        return stage.exceptionallyCompose(err -> CompletableFuture.failedFuture(
                new IllegalStateException(message(err))));
    }

    private static String message(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof TimeoutException) {
            return "the miner's sectors did not answer within " + Durations.format(ASK_TIMEOUT)
                    + " (is the journal database reachable?)";
        }
        return t.getMessage() == null ? "the sectors could not be reached" : t.getMessage();
    }
}
