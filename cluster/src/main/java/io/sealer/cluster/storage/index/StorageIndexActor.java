package io.sealer.cluster.storage.index;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sealer.cluster.node.MembershipWatcher;
import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.FsStat;
import io.sealer.cluster.storage.SectorLocks;
import io.sealer.cluster.storage.SpaceModel;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.core.JsonSerializable;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.task.SectorId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The miner's storage index (a cluster singleton on role miner): owns a {@link StorageIndex},
 * event sourced on the miner's journal so that attached paths and declared sector files survive
 * restarts (stats, heartbeats, reservations and locks are live data and start empty). Every
 * node's {@link StorageAgent} declares its paths and the files it finds and sends their stats
 * every {@link StorageIndex#HEARTBEAT_PERIOD}; a path that misses five heartbeats is excluded.
 * Task code reaches it through {@link ActorStorageIndexClient}. Whenever what it knows changes
 * it sends the Scheduler a new {@link io.sealer.core.sched.StorageView} (at most once a second,
 * and every 10 s regardless, so that a new Scheduler gets one soon).
 */
public final class StorageIndexActor extends EventSourcedBehavior<StorageIndexActor.Command, StorageIndexActor.Event,
        StorageIndexActor.State> {

    public sealed interface Command extends JsonSerializable permits NodeReport, Declare, Drop, FindSector,
            BestAllocation, Reserve, Release, TryLock, Unlock, ListPaths, CheckAttach, NodeStatus, Detach, Tick {}

    /** A path's stats as its node took them, or why it could not ({@code error} non-null). */
    public record PathReport(StorageIndex.PathRecord path, FsStat stat, String error) implements JsonSerializable {}

    /** A sector file a node found on one of its paths. */
    public record FoundFile(SectorId sector, FileType type, String storageId) implements JsonSerializable {}

    /**
     * A node's paths with their stats (its heartbeat) and the sector files on them. With
     * {@code full} (the node's first report) the files are all there is: declarations on these
     * paths that it did not find are dropped; otherwise found files are only added.
     *
     * @param address the node's cluster address; {@code host} its name for operators
     */
    public record NodeReport(String node, String address, String host, List<PathReport> paths, List<FoundFile> files,
            boolean full, ActorRef<Ack> replyTo) implements Command {
        public NodeReport {
            paths = List.copyOf(paths);
            files = List.copyOf(files);
        }
    }

    public record Declare(SectorId sector, FileType type, String storageId, boolean primary, ActorRef<Ack> replyTo)
            implements Command {}

    public record Drop(SectorId sector, FileType type, String storageId, ActorRef<Ack> replyTo) implements Command {}

    public record FindSector(SectorId sector, Set<FileType> types, long sectorSize, boolean allowFetch,
            ActorRef<Locations> replyTo) implements Command {}

    public record BestAllocation(long miner, Set<FileType> types, long sectorSize, SpaceModel.PathType pathType,
            ActorRef<Allocation> replyTo) implements Command {}

    public record Reserve(String storageId, Set<FileType> types, long sectorSize, SpaceModel.PathType pathType,
            ActorRef<Reserved> replyTo) implements Command {}

    public record Release(long reservationId, ActorRef<Ack> replyTo) implements Command {}

    /** Takes the locks (all or none) for {@code holder}; the reply says whether it got them. */
    public record TryLock(SectorId sector, Set<FileType> read, Set<FileType> write, String holder,
            ActorRef<Locked> replyTo) implements Command {}

    public record Unlock(SectorId sector, String holder) implements Command {}

    public record ListPaths(ActorRef<PathList> replyTo) implements Command {}

    /** Whether {@code storageId} may be attached on {@code node} (it is not attached on another node). */
    public record CheckAttach(String storageId, String node, ActorRef<Ack> replyTo) implements Command {}

    /**
     * Cluster membership: a node that became unreachable or left has every path excluded at once
     * (not 50 s later), so no task waits on a source that cannot answer; its next report restores
     * them. The sector locks of a node that left are released.
     */
    public record NodeStatus(String address, MembershipWatcher.Status status) implements Command {}

    /**
     * A node is leaving for good (`worker stop`): its paths are removed from the index with the
     * sector files declared on them, so nothing is allocated on or fetched from them; its next
     * report (a new start) attaches and declares them again.
     */
    public record Detach(String node, ActorRef<Ack> replyTo) implements Command {}

    enum Tick implements Command { INSTANCE }

    /** {@code error} is null on success. */
    public record Ack(String error) implements JsonSerializable {
        static final Ack OK = new Ack(null);
    }

    public record Locations(List<StorageIndex.SectorLocation> locations) implements JsonSerializable {}

    public record Allocation(List<StorageIndex.PathRecord> paths, String error) implements JsonSerializable {}

    public record Reserved(StorageIndex.Reservation reservation, String error) implements JsonSerializable {}

    public record Locked(boolean locked) implements JsonSerializable {}

    /** Every path with its figures and files, and where each node is. */
    public record PathList(List<StorageIndex.PathView> paths, Map<String, String> hosts) implements JsonSerializable {}

    public sealed interface Event extends JsonSerializable permits PathAttached, Declared, Dropped, PathDetached {}

    public record PathAttached(StorageIndex.PathRecord path) implements Event {}

    public record Declared(StorageIndex.Declaration declaration) implements Event {}

    public record Dropped(SectorId sector, FileType type, String storageId) implements Event {}

    public record PathDetached(String storageId) implements Event {}

    /** The index, saved in snapshots as its {@link StorageIndex.Snapshot}; built on first use with the actor's clock. */
    public static final class State implements JsonSerializable {
        @JsonIgnore
        private final StorageIndex.Snapshot restored;
        @JsonIgnore
        private StorageIndex index;

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        State(StorageIndex.Snapshot restored) {
            this.restored = restored;
        }

        @JsonValue
        StorageIndex.Snapshot snapshot() {
            return index == null ? restored : index.snapshot();
        }

        StorageIndex index(Clock clock) {
            if (index == null) {
                index = StorageIndex.restore(restored, clock);
            }
            return index;
        }
    }

    private static final Duration PUSH_TICK = Duration.ofSeconds(1);
    private static final Duration PUSH_ANYWAY = Duration.ofSeconds(10);
    private static final int SNAPSHOT_EVERY = 200;

    private final ActorContext<Command> ctx;
    private final ActorRef<Scheduler.Command> scheduler;
    private final Clock clock;
    private final SectorLocks locks = new SectorLocks();
    /** Each node's cluster address and name, from its latest report. */
    private final Map<String, NodeAddress> nodes = new HashMap<>();
    private boolean changed = true;
    private long lastPush;
    private final long startedAt;

    private record NodeAddress(String address, String host) {}

    private StorageIndexActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, PersistenceId id,
            ActorRef<Scheduler.Command> scheduler, Clock clock) {
        super(id, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.ctx = ctx;
        this.scheduler = scheduler;
        this.clock = clock;
        this.startedAt = clock.millis();
        timers.startTimerWithFixedDelay(Tick.INSTANCE, PUSH_TICK);
    }

    /** The index of miner {@code minerId}; {@code scheduler} gets its views (null: none). */
    public static Behavior<Command> create(long minerId, ActorRef<Scheduler.Command> scheduler, Clock clock) {
        return create(minerId, scheduler, clock, false);
    }

    /** As above; with {@code watchMembers}, cluster membership reaches it as {@link NodeStatus}. */
    public static Behavior<Command> create(long minerId, ActorRef<Scheduler.Command> scheduler, Clock clock,
            boolean watchMembers) {
        return Behaviors.setup(ctx -> {
            if (watchMembers) {
                ActorRef<ClusterEvent.ClusterDomainEvent> events = ctx.messageAdapter(ClusterEvent.ClusterDomainEvent.class,
                        e -> MembershipWatcher.change(e).<Command>map(c -> new NodeStatus(c.address(), c.status()))
                                .orElse(Tick.INSTANCE));
                Cluster cluster = Cluster.get(ctx.getSystem());
                cluster.subscriptions().tell(Subscribe.create(events.<ClusterEvent.MemberEvent>narrow(), ClusterEvent.MemberEvent.class));
                cluster.subscriptions().tell(Subscribe.create(events.<ClusterEvent.ReachabilityEvent>narrow(),
                        ClusterEvent.ReachabilityEvent.class));
            }
            return Behaviors.withTimers(timers -> new StorageIndexActor(ctx, timers,
                    PersistenceId.ofUniqueId("storage-index-t0" + minerId), scheduler, clock));
        });
    }

    @Override
    public State emptyState() {
        return new State(new StorageIndex.Snapshot(List.of(), List.of()));
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(PathAttached.class, (s, e) -> {
                    s.index(clock).put(e.path());
                    return s;
                })
                .onEvent(Declared.class, (s, e) -> {
                    StorageIndex.Declaration d = e.declaration();
                    try {
                        s.index(clock).declare(d.sector(), d.type(), d.storageId(), d.primary());
                    } catch (StorageException ex) {
                        // the path was replaced since; the declaration is moot
                    }
                    return s;
                })
                .onEvent(Dropped.class, (s, e) -> {
                    s.index(clock).drop(e.sector(), e.type(), e.storageId());
                    return s;
                })
                .onEvent(PathDetached.class, (s, e) -> {
                    s.index(clock).detach(e.storageId());
                    return s;
                })
                .build();
    }


    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(NodeReport.class, this::onNodeReport)
                .onCommand(Declare.class, (s, c) -> {
                    if (!s.index(clock).contains(c.storageId())) {
                        c.replyTo().tell(new Ack("unknown storage path ID " + c.storageId()));
                        return Effect().none();
                    }
                    changed = true;
                    return Effect().persist(new Declared(new StorageIndex.Declaration(c.sector(), c.type(),
                            c.storageId(), c.primary()))).thenReply(c.replyTo(), st -> Ack.OK);
                })
                .onCommand(Drop.class, (s, c) -> {
                    changed = true;
                    return Effect().persist(new Dropped(c.sector(), c.type(), c.storageId()))
                            .thenReply(c.replyTo(), st -> Ack.OK);
                })
                .onCommand(FindSector.class, (s, c) -> {
                    c.replyTo().tell(new Locations(s.index(clock).findSector(c.sector(), c.types(), c.sectorSize(),
                            c.allowFetch())));
                    return Effect().none();
                })
                .onCommand(BestAllocation.class, (s, c) -> {
                    try {
                        c.replyTo().tell(new Allocation(s.index(clock).bestAllocation(c.miner(), c.types(),
                                c.sectorSize(), c.pathType()), null));
                    } catch (StorageException e) {
                        c.replyTo().tell(new Allocation(List.of(), e.getMessage()));
                    }
                    return Effect().none();
                })
                .onCommand(Reserve.class, (s, c) -> {
                    try {
                        c.replyTo().tell(new Reserved(s.index(clock).reserve(c.storageId(), c.types(), c.sectorSize(),
                                c.pathType()), null));
                        changed = true;
                    } catch (StorageException e) {
                        c.replyTo().tell(new Reserved(null, e.getMessage()));
                    }
                    return Effect().none();
                })
                .onCommand(Release.class, (s, c) -> {
                    s.index(clock).release(c.reservationId());
                    changed = true;
                    c.replyTo().tell(Ack.OK);
                    return Effect().none();
                })
                .onCommand(TryLock.class, (s, c) -> {
                    c.replyTo().tell(new Locked(locks.tryLock(c.sector(), c.read(), c.write(), c.holder())));
                    return Effect().none();
                })
                .onCommand(Unlock.class, (s, c) -> {
                    locks.release(c.sector(), c.holder());
                    return Effect().none();
                })
                .onCommand(ListPaths.class, (s, c) -> {
                    Map<String, String> hosts = new HashMap<>();
                    nodes.forEach((node, a) -> hosts.put(node, a.host()));
                    c.replyTo().tell(new PathList(s.index(clock).paths(), hosts));
                    return Effect().none();
                })
                .onCommand(CheckAttach.class, (s, c) -> {
                    c.replyTo().tell(s.index(clock).attachedOnOtherNode(c.storageId(), c.node())
                            .map(other -> new Ack("storage path ID " + c.storageId()
                                    + " is already attached on node " + other))
                            .orElse(Ack.OK));
                    return Effect().none();
                })
                .onCommand(NodeStatus.class, (s, c) -> {
                    if (c.status() != MembershipWatcher.Status.REACHABLE) {
                        excludeNode(s.index(clock), c.address());
                    }
                    if (c.status() == MembershipWatcher.Status.REMOVED) {
                        int released = locks.releaseAll(h -> h.startsWith(c.address()
                                + ActorStorageIndexClient.LOCK_HOLDER_SEPARATOR));
                        if (released > 0) {
                            ctx.getLog().info("released the sector locks of {} task(s) of node {}, which left the cluster",
                                    released, c.address());
                        }
                    }
                    return Effect().none();
                })
                .onCommand(Detach.class, this::onDetach)
                .onCommand(Tick.class, (s, c) -> {
                    pushView(s.index(clock));
                    return Effect().none();
                })
                .build();
    }

    private Effect<Event, State> onNodeReport(State s, NodeReport r) {
        StorageIndex index = s.index(clock);
        nodes.put(r.node(), new NodeAddress(r.address(), r.host()));
        List<Event> events = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (PathReport p : r.paths()) {
            StorageIndex.PathRecord rec = p.path();
            if (index.attachedOnOtherNode(rec.id(), r.node()).isPresent()) {
                refused.add(rec.id());
                continue;
            }
            reported.add(rec.id());
            if (!index.record(rec.id()).equals(java.util.Optional.of(rec))) {
                events.add(new PathAttached(rec));
            }
        }
        for (FoundFile f : r.files()) {
            if (reported.contains(f.storageId()) && !index.declared(f.sector(), f.type(), f.storageId())) {
                events.add(new Declared(new StorageIndex.Declaration(f.sector(), f.type(), f.storageId(), true)));
            }
        }
        if (r.full()) {
            Set<FoundFile> found = new HashSet<>(r.files());
            for (StorageIndex.Declaration d : index.snapshot().declarations()) {
                if (reported.contains(d.storageId()) && !found.contains(new FoundFile(d.sector(), d.type(), d.storageId()))) {
                    events.add(new Dropped(d.sector(), d.type(), d.storageId()));
                }
            }
        }
        changed = true;
        Ack reply = refused.isEmpty() ? Ack.OK
                : new Ack("storage path ID(s) " + String.join(", ", refused) + " are attached on another node");
        return Effect().persist(events).thenRun(st -> {
            StorageIndex ix = st.index(clock);
            for (PathReport p : r.paths()) {
                if (!reported.contains(p.path().id())) {
                    continue;
                }
                try {
                    if (p.error() == null) {
                        ix.heartbeat(p.path().id(), p.stat());
                    } else {
                        ix.heartbeatFailed(p.path().id(), p.error());
                    }
                } catch (StorageException e) {
                    // attached by the events just persisted; cannot be unknown
                }
            }
            if (r.replyTo() != null) {
                r.replyTo().tell(reply);
            }
            io.sealer.cluster.metrics.MetricsFeed.publishStorage(ctx.getSystem(), ix.paths());
        });
    }

    private Effect<Event, State> onDetach(State s, Detach d) {
        List<Event> events = s.index(clock).paths().stream().filter(p -> p.path().node().equals(d.node()))
                .<Event>map(p -> new PathDetached(p.path().id())).toList();
        changed = true;
        return Effect().persist(events).thenRun(st -> {
            if (!events.isEmpty()) {
                ctx.getLog().info("{} storage path(s) of node {} detached: the node stopped", events.size(), d.node());
            }
            d.replyTo().tell(Ack.OK);
            io.sealer.cluster.metrics.MetricsFeed.publishStorage(ctx.getSystem(), st.index(clock).paths());
        });
    }

    private void excludeNode(StorageIndex index, String address) {
        nodes.forEach((node, a) -> {
            if (!a.address().equals(address)) {
                return;
            }
            int excluded = 0;
            for (StorageIndex.PathView p : index.paths()) {
                if (p.path().node().equals(node) && p.healthy()) {
                    try {
                        index.heartbeatFailed(p.path().id(), "node " + a.host() + " is unreachable or gone");
                        excluded++;
                    } catch (StorageException e) {
                        // listed just now
                    }
                }
            }
            if (excluded > 0) {
                changed = true;
                ctx.getLog().info("{} storage path(s) of node {} excluded: it is unreachable or gone", excluded, node);
            }
        });
    }

    private void pushView(StorageIndex index) {
        long now = clock.millis();
        if (scheduler == null || !changed && now - lastPush < PUSH_ANYWAY.toMillis()) {
            return;
        }
        scheduler.tell(new Scheduler.StorageUpdated(StorageViews.of(index, nodes.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new StorageViews.Node(e.getValue().address(),
                        e.getValue().host()))), now - startedAt < StorageIndex.STALE_AFTER.toMillis())));
        changed = false;
        lastPush = now;
        ctx.getLog().debug("storage view sent to the scheduler");
    }
}
