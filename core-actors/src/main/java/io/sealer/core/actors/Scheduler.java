package io.sealer.core.actors;

import io.sealer.core.JsonSerializable;
import io.sealer.core.resources.SealTask;
import io.sealer.core.sched.QueuedTask;
import io.sealer.core.sched.ReportedSectors;
import io.sealer.core.sched.SchedulerCore;
import io.sealer.core.sched.SectorLocator;
import io.sealer.core.sched.StorageSelectors;
import io.sealer.core.sched.StorageView;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.sched.WorkerLoad;
import io.sealer.core.sched.WorkerState;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The cluster's single scheduler. Owns the request queue, the workers as it sees them and
 * their open windows (all in a {@link SchedulerCore}); runs one scheduling pass per burst of
 * events (events set a flag, one pass runs when the mailbox reaches the pass tick) and sends
 * each filled window to its worker's ResourceManager. A worker that stops or is disabled gets
 * its unstarted tasks taken back into the queue at once; running tasks are left alone. The
 * first pass waits {@code init-wait} so workers can reconnect after a restart.
 *
 * <p>After that wait, a task that no registered worker's whole machine could ever fit is not
 * queued: its caller gets {@link TaskOutcome#unschedulable} at once with the figures, and so
 * do queued tasks when a worker leaves or shrinks. A task whose type no worker accepts waits
 * (types can be enabled at run time). Where sectors' files are comes from a
 * {@link SectorLocator}, fed with the workers' {@link SectorsHeld} reports.
 *
 * <p>Sector tasks carry a call id (docs/architecture.md, "Call ids"): a {@link Schedule} of a
 * call that is already queued, sent to a worker or running there only takes the new reply
 * target (told to the worker when it holds the task), so a task is never queued twice. The
 * scheduler remembers which worker started (or, after a restart, reported) each call until the
 * sector acknowledges its outcome ({@link Acknowledge}, passed on to that worker, which then
 * forgets its record); a reported record no sector asks for again goes to the latest outcome
 * router, whose sector acknowledges it as stale. Cluster membership arrives as {@link NodeStatusChanged}: an unreachable
 * node's workers get no new windows but keep their unstarted tasks; a removed node's workers are
 * dropped, their unstarted tasks requeued and their running calls failed to their senders.
 */
public final class Scheduler extends AbstractBehavior<Scheduler.Command> {

    public sealed interface Command extends JsonSerializable
            permits Schedule, RemoveRequest, RegisterWorker, UnregisterWorker, SetWorkerEnabled, UpdateTaskTypes,
            OpenWindows, TasksStarted, ReportLoad, GetDiagnostics, Explain, WorkerStopped, Heartbeat, SectorsHeld,
            WorkerTasks, CallFinished, Acknowledge, NodeStatusChanged, GetRunningCalls, WorkersListed, Stop, Tick,
            StorageUpdated {}

    /**
     * Queue a task; {@code replyTo} gets its outcome from the worker that runs it, or at once
     * {@link TaskOutcome#unschedulable} when no registered worker's whole machine could ever fit it.
     */
    public record Schedule(TaskRequest request, ActorRef<TaskOutcome> replyTo) implements Command {}

    /** Take a queued task out; its caller gets the error "scheduling request removed". */
    public record RemoveRequest(UUID schedId, ActorRef<RequestRemoved> replyTo) implements Command {}

    public record RequestRemoved(UUID schedId, boolean removed, String detail) implements JsonSerializable {}

    public record RegisterWorker(WorkerInfo info, ActorRef<ResourceManager.Command> manager) implements Command {}

    public record UnregisterWorker(WorkerId id) implements Command {}

    /** Operator or liveness: disable returns every unstarted task to the queue at once. */
    public record SetWorkerEnabled(WorkerId id, boolean enabled) implements Command {}

    public record UpdateTaskTypes(WorkerId id, Set<TaskType> types) implements Command {}

    public record OpenWindows(WorkerId id, List<UUID> windowIds, WorkerLoad load) implements Command {}

    public record TasksStarted(WorkerId id, List<UUID> schedIds, WorkerLoad load) implements Command {}

    public record ReportLoad(WorkerId id, WorkerLoad load) implements Command {}

    public record GetDiagnostics(ActorRef<Diagnostics> replyTo) implements Command {}

    /** Why a queued or assigned task is not running, per worker. */
    public record Explain(UUID schedId, ActorRef<Explanation> replyTo) implements Command {}

    record WorkerStopped(WorkerId id) implements Command {}

    /** The Receptionist's listing of every ResourceManager in the cluster. */
    record WorkersListed(Set<ActorRef<ResourceManager.Command>> managers) implements Command {}

    /** A worker is alive; an unknown one is asked to register again (this scheduler is new). */
    public record Heartbeat(WorkerId id, ActorRef<ResourceManager.Command> manager) implements Command {}

    /** The storage index's latest view: the storage-aware selectors decide from it ({@link StorageSelectors}). */
    public record StorageUpdated(StorageView view) implements Command {}

    /** A worker holds these sectors' files (at start, and after each task it finishes). */
    public record SectorsHeld(WorkerId id, Set<SectorId> sectors) implements Command {}

    /**
     * A worker (on registering) holds these calls: sent to it or running ({@code running}), or
     * finished with the outcome recorded and not acknowledged yet ({@code finished}).
     */
    public record WorkerTasks(WorkerId id, Set<UUID> running, Set<UUID> finished) implements Command {}

    /** A worker sent the outcome of this call (it keeps the record until acknowledged). */
    public record CallFinished(WorkerId id, UUID schedId) implements Command {}

    /** The sector took up the outcome of this call: the worker that holds its record may forget it. */
    public record Acknowledge(UUID schedId) implements Command {}

    /** A cluster member's reachability or membership changed; {@code address} as {@code Address.toString()}. */
    public record NodeStatusChanged(String address, NodeStatus status) implements Command {}

    public enum NodeStatus { UNREACHABLE, REACHABLE, REMOVED }

    /** Which worker runs each started call whose outcome is not sent yet (for `sectors list`). */
    public record GetRunningCalls(ActorRef<RunningCalls> replyTo) implements Command {}

    /** Worker host name by call schedId. */
    public record RunningCalls(Map<UUID, String> workers) implements JsonSerializable {}

    /** Ends the scheduler cleanly (the cluster singleton's stop message on hand-over). */
    public enum Stop implements Command { INSTANCE }

    enum Tick implements Command { PASS, INIT_WAIT_OVER }

    /** A queued request as sched-diag shows it. */
    public record QueuedRequest(UUID schedId, SectorId sector, TaskType taskType, int priority) implements JsonSerializable {}

    public record OpenWindow(WorkerId worker, String hostname, UUID windowId) implements JsonSerializable {}

    public record WorkerView(WorkerId id, String hostname, boolean enabled, double utilization, int assigned,
            Set<TaskType> taskTypes) implements JsonSerializable {}

    public record Diagnostics(List<QueuedRequest> requests, List<OpenWindow> openWindows, List<WorkerView> workers)
            implements JsonSerializable {}

    /** {@code state} is queued, assigned (sent to a worker, not started), or unknown. */
    public record Explanation(UUID schedId, String state, Map<String, String> reasons) implements JsonSerializable {}

    private final SchedulerCore<ActorRef<TaskOutcome>> core;
    private final SectorLocator sectors;
    private final StorageSelectors storage;
    private final Map<WorkerId, ActorRef<ResourceManager.Command>> managers = new HashMap<>();
    /**
     * A call a worker started or reported, until acknowledged; request and reply are null until
     * resubmitted. A finished one is not lost with its worker: its outcome was sent.
     */
    private record Started(WorkerId worker, TaskRequest request, ActorRef<TaskOutcome> reply, boolean finished) {
        Started resent(TaskRequest r, ActorRef<TaskOutcome> to) {
            return new Started(worker, r, to, finished);
        }
    }

    private final Map<UUID, Started> started = new HashMap<>();
    /** The latest reply target of a call (a miner node's outcome router): where orphaned records go. */
    private ActorRef<TaskOutcome> callReplies;
    private boolean passPending;
    private boolean initWaitOver;
    /** The ResourceManagers the Receptionist lists now. */
    private Set<ActorRef<ResourceManager.Command>> listed = Set.of();

    private Scheduler(ActorContext<Command> ctx, TimerScheduler<Command> timers, SchedulerSettings settings,
            SectorLocator sectors) {
        super(ctx);
        this.sectors = sectors;
        this.storage = new StorageSelectors(sectors::holds);
        this.core = new SchedulerCore<>(settings.parallelism(), settings.assigner(), new Random(), storage);
        if (settings.initWait().isZero()) {
            initWaitOver = true;
        } else {
            timers.startSingleTimer(Tick.INIT_WAIT_OVER, settings.initWait());
        }
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(ResourceManager.SERVICE_KEY,
                ctx.messageAdapter(Receptionist.Listing.class,
                        l -> new WorkersListed(Set.copyOf(l.getServiceInstances(ResourceManager.SERVICE_KEY))))));
        ctx.getLog().info("scheduler started (assigner {}, parallelism {}/{})", settings.assigner().configName(),
                settings.parallelism().num(), settings.parallelism().denom());
    }

    /** A scheduler that learns where sectors are from the workers' reports ({@link ReportedSectors}). */
    public static Behavior<Command> create(SchedulerSettings settings) {
        return create(settings, ReportedSectors::new);
    }

    /** @param sectors makes the locator this scheduler (and each restart of it) asks where sectors are */
    public static Behavior<Command> create(SchedulerSettings settings, Supplier<SectorLocator> sectors) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Scheduler(ctx, timers, settings, sectors.get())));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Schedule.class, this::onSchedule)
                .onMessage(RemoveRequest.class, this::onRemoveRequest)
                .onMessage(RegisterWorker.class, this::onRegister)
                .onMessage(UnregisterWorker.class, m -> onWorkerGone(m.id(), "unregistered"))
                .onMessage(WorkerStopped.class, m -> onWorkerGone(m.id(), "stopped"))
                .onMessage(SetWorkerEnabled.class, this::onSetEnabled)
                .onMessage(SectorsHeld.class, m -> {
                    if (core.worker(m.id()) != null) {
                        sectors.reported(m.id(), m.sectors());
                    }
                    return needPass();
                })
                .onMessage(StorageUpdated.class, m -> {
                    storage.update(m.view());
                    return needPass();
                })
                .onMessage(WorkerTasks.class, this::onWorkerTasks)
                .onMessage(CallFinished.class, m -> {
                    started.computeIfPresent(m.schedId(), (k, v) -> new Started(v.worker(), v.request(), v.reply(), true));
                    return this;
                })
                .onMessage(Acknowledge.class, this::onAcknowledge)
                .onMessage(GetRunningCalls.class, m -> {
                    Map<UUID, String> running = new HashMap<>();
                    started.forEach((id, s) -> {
                        WorkerState<ActorRef<TaskOutcome>> w = core.worker(s.worker());
                        if (!s.finished() && w != null) {
                            running.put(id, w.info().hostname());
                        }
                    });
                    m.replyTo().tell(new RunningCalls(running));
                    return this;
                })
                .onMessage(NodeStatusChanged.class, this::onNodeStatus)
                .onMessageEquals(Stop.INSTANCE, this::onStop)
                .onMessage(UpdateTaskTypes.class, m -> {
                    core.updateTaskTypes(m.id(), m.types());
                    return needPass();
                })
                .onMessage(OpenWindows.class, this::onOpenWindows)
                .onMessage(TasksStarted.class, this::onTasksStarted)
                .onMessage(ReportLoad.class, m -> {
                    core.updateLoad(m.id(), m.load());
                    return this;
                })
                .onMessage(WorkersListed.class, m -> {
                    listed = m.managers();
                    reregisterUnknown();
                    return this;
                })
                .onMessage(Heartbeat.class, m -> {
                    if (core.worker(m.id()) == null) {
                        m.manager().tell(ResourceManager.Reregister.INSTANCE);
                    }
                    return this;
                })
                .onMessage(GetDiagnostics.class, this::onDiagnostics)
                .onMessage(Explain.class, this::onExplain)
                .onMessageEquals(Tick.INIT_WAIT_OVER, () -> {
                    initWaitOver = true;
                    reregisterUnknown();
                    dropUnschedulable();
                    return needPass();
                })
                .onMessageEquals(Tick.PASS, this::onPass)
                .build();
    }

    private Behavior<Command> onSchedule(Schedule m) {
        if (m.request().callId() != null) {
            boolean first = callReplies == null;
            callReplies = m.replyTo();
            if (first) {
                sendOrphans();
            }
            if (resubmitted(m.request(), m.replyTo())) {
                return this;
            }
        }
        Optional<String> never = initWaitOver ? core.unschedulable(m.request()) : Optional.empty();
        if (never.isPresent()) {
            reportUnschedulable(m.request(), m.replyTo(), never.get());
            return this;
        }
        if (!core.submit(m.request(), m.replyTo(), System.currentTimeMillis())) {
            getContext().getLog().warn("ignoring duplicate request {}", m.request().schedId());
            return this;
        }
        return needPass();
    }

    /** A call already here takes the new reply target; returns whether it was here. */
    private boolean resubmitted(TaskRequest r, ActorRef<TaskOutcome> replyTo) {
        SchedulerCore.Held held = core.resubmitted(r.schedId(), replyTo);
        WorkerId worker = held != null ? held.assignedTo() : null;
        if (held == null) {
            Started s = started.get(r.schedId());
            if (s == null) {
                return false;
            }
            started.put(r.schedId(), s.resent(r, replyTo));
            worker = s.worker();
        }
        getContext().getLog().debug("call {} submitted again; {}", r.callId(), worker == null ? "still queued"
                : "held by worker " + worker);
        ActorRef<ResourceManager.Command> rm = worker == null ? null : managers.get(worker);
        if (rm != null) {
            rm.tell(new ResourceManager.Resubmitted(r, replyTo));
        }
        return true;
    }

    private Behavior<Command> onWorkerTasks(WorkerTasks m) {
        ActorRef<ResourceManager.Command> rm = managers.get(m.id());
        if (rm == null) {
            return this;
        }
        Set<UUID> all = new java.util.LinkedHashSet<>(m.running());
        all.addAll(m.finished());
        for (UUID id : all) {
            boolean finished = m.finished().contains(id);
            QueuedTask<ActorRef<TaskOutcome>> q = core.removeRequest(id);
            if (q != null) {
                started.put(id, new Started(m.id(), q.request(), q.reply(), finished));
                rm.tell(new ResourceManager.Resubmitted(q.request(), q.reply()));
            } else {
                started.putIfAbsent(id, new Started(m.id(), null, null, finished));
            }
        }
        if (!all.isEmpty()) {
            getContext().getLog().info("worker {} holds {} call(s) from before ({} finished)", m.id(), all.size(),
                    m.finished().size());
        }
        sendOrphans();
        return this;
    }

    /**
     * Finished calls that a worker reported and no sector asked for again (the sector moved on
     * but its acknowledgement was lost) go to the outcome router, which hands them to their
     * sectors: those acknowledge them as stale, and the worker forgets its records.
     */
    private void sendOrphans() {
        if (callReplies == null) {
            return;
        }
        started.replaceAll((id, s) -> {
            ActorRef<ResourceManager.Command> rm = managers.get(s.worker());
            if (!s.finished() || s.reply() != null || rm == null) {
                return s;
            }
            rm.tell(new ResourceManager.SendRecorded(id, callReplies));
            return new Started(s.worker(), null, callReplies, true);
        });
    }

    private Behavior<Command> onAcknowledge(Acknowledge m) {
        Started s = started.remove(m.schedId());
        ActorRef<ResourceManager.Command> rm = s == null ? null : managers.get(s.worker());
        ResourceManager.Acknowledged ack = new ResourceManager.Acknowledged(m.schedId());
        if (rm != null) {
            rm.tell(ack);
        } else {
            managers.values().forEach(w -> w.tell(ack));
        }
        return this;
    }

    private Behavior<Command> onNodeStatus(NodeStatusChanged m) {
        List<WorkerId> onNode = new ArrayList<>();
        managers.forEach((id, rm) -> {
            if (nodeAddress(rm).equals(m.address())) {
                onNode.add(id);
            }
        });
        for (WorkerId id : onNode) {
            switch (m.status()) {
                case UNREACHABLE -> {
                    core.setReachable(id, false);
                    getContext().getLog().warn("worker {} unreachable; it gets no new work, its {} unstarted task(s) "
                            + "stay with it", id, core.worker(id).assigned().size());
                }
                case REACHABLE -> {
                    core.setReachable(id, true);
                    getContext().getLog().info("worker {} reachable again", id);
                    managers.get(id).tell(ResourceManager.Reregister.INSTANCE);
                }
                case REMOVED -> onWorkerGone(id, "removed from the cluster");
            }
        }
        return needPass();
    }

    /** The address of the node an actor lives on, with host and port also for a local actor. */
    private String nodeAddress(ActorRef<?> ref) {
        org.apache.pekko.actor.Address a = ref.path().address();
        return (a.hasGlobalScope() ? a : getContext().getSystem().address()).toString();
    }

    private Behavior<Command> onRemoveRequest(RemoveRequest m) {
        QueuedTask<ActorRef<TaskOutcome>> q = core.removeRequest(m.schedId());
        if (q == null) {
            m.replyTo().tell(new RequestRemoved(m.schedId(), false, "not in the queue (unknown, assigned or running)"));
            return this;
        }
        q.reply().tell(TaskOutcome.failure(m.schedId(), "", "scheduling request removed").withCallId(q.request().callId()));
        getContext().getLog().info("request {} {} {} removed from the queue", m.schedId(),
                q.request().type().shortName(), q.request().sector().id());
        m.replyTo().tell(new RequestRemoved(m.schedId(), true, "removed"));
        return this;
    }

    /**
     * Asks every listed worker this scheduler does not know (it started before this scheduler, or
     * its registration was lost) to register; before the init wait is over the workers' own
     * registrations are still arriving.
     */
    private void reregisterUnknown() {
        if (initWaitOver) {
            listed.stream().filter(rm -> !managers.containsValue(rm)).forEach(rm -> rm.tell(ResourceManager.Reregister.INSTANCE));
        }
    }

    private Behavior<Command> onRegister(RegisterWorker m) {
        boolean known = core.worker(m.info().id()) != null;
        core.addWorker(m.info());
        managers.put(m.info().id(), m.manager());
        storage.workerOn(m.info().id(), nodeAddress(m.manager()));
        if (!known) {
            getContext().watchWith(m.manager(), new WorkerStopped(m.info().id()));
            getContext().getLog().info("worker {} ({}) joined", m.info().hostname(), m.info().id());
        } else {
            dropUnschedulable();
        }
        return needPass();
    }

    private Behavior<Command> onWorkerGone(WorkerId id, String why) {
        WorkerState<ActorRef<TaskOutcome>> w = core.worker(id);
        if (w == null) {
            return this;
        }
        List<QueuedTask<ActorRef<TaskOutcome>>> back = core.removeWorker(id);
        managers.remove(id);
        sectors.workerLeft(id);
        storage.workerLeft(id);
        int lost = 0;
        for (var it = started.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<UUID, Started> e = it.next();
            if (e.getValue().worker().equals(id)) {
                it.remove();
                if (e.getValue().reply() != null && !e.getValue().finished()) {
                    lost++;
                    e.getValue().reply().tell(TaskOutcome.failure(e.getKey(), w.info().hostname(),
                            "worker " + w.info().hostname() + " left the cluster while it held the task")
                            .withCallId(e.getValue().request().callId()));
                }
            }
        }
        getContext().getLog().warn("worker {} ({}) {}; {} unstarted task(s) back in the queue, {} started one(s) failed",
                w.info().hostname(), id, why, back.size(), lost);
        dropUnschedulable();
        return needPass();
    }

    private Behavior<Command> onSetEnabled(SetWorkerEnabled m) {
        WorkerState<ActorRef<TaskOutcome>> w = core.worker(m.id());
        ActorRef<ResourceManager.Command> rm = managers.get(m.id());
        if (w == null || rm == null || w.enabled() == m.enabled()) {
            return this;
        }
        if (m.enabled()) {
            core.enableWorker(m.id());
            rm.tell(ResourceManager.SchedulerEnabled.INSTANCE);
            getContext().getLog().info("worker {} enabled", w.info().hostname());
        } else {
            List<QueuedTask<ActorRef<TaskOutcome>>> back = core.disableWorker(m.id());
            rm.tell(ResourceManager.SchedulerDisabled.INSTANCE);
            getContext().getLog().info("worker {} disabled; {} unstarted task(s) back in the queue", w.info().hostname(),
                    back.size());
        }
        return needPass();
    }

    private Behavior<Command> onOpenWindows(OpenWindows m) {
        core.updateLoad(m.id(), m.load());
        for (UUID w : m.windowIds()) {
            core.openWindow(m.id(), w);
        }
        return needPass();
    }

    private Behavior<Command> onTasksStarted(TasksStarted m) {
        core.updateLoad(m.id(), m.load());
        WorkerState<ActorRef<TaskOutcome>> w = core.worker(m.id());
        for (UUID u : m.schedIds()) {
            QueuedTask<ActorRef<TaskOutcome>> q = w == null ? null : w.assigned().get(u);
            if (q != null && q.request().callId() != null) {
                started.put(u, new Started(m.id(), q.request(), q.reply(), false));
            }
        }
        List<UUID> raced = core.started(m.id(), m.schedIds());
        if (!raced.isEmpty()) {
            getContext().getLog().warn("worker {} started {} task(s) that had been taken back; kept them there", m.id(),
                    raced.size());
        }
        return this;
    }

    /**
     * Answers at once every queued task that no registered worker could ever run (after a
     * worker left or shrank, or when the init wait ends), instead of letting it wait forever.
     */
    private void dropUnschedulable() {
        if (!initWaitOver || core.queue().isEmpty()) {
            return;
        }
        Map<SealTask, Optional<String>> byTask = new HashMap<>();
        for (QueuedTask<ActorRef<TaskOutcome>> q : core.queue().toList()) {
            Optional<String> never = byTask.computeIfAbsent(q.request().sealTask(), k -> core.unschedulable(q.request()));
            if (never.isPresent()) {
                core.removeRequest(q.request().schedId());
                reportUnschedulable(q.request(), q.reply(), never.get());
            }
        }
    }

    private void reportUnschedulable(TaskRequest r, ActorRef<TaskOutcome> replyTo, String reason) {
        getContext().getLog().warn("task {} {} cannot run on any worker: {}", r.type().shortName(), r.sector().id(),
                reason);
        replyTo.tell(TaskOutcome.unschedulable(r.schedId(), reason).withCallId(r.callId()));
    }

    private Behavior<Command> onStop() {
        getContext().getLog().info("scheduler stopping; {} queued task(s) and {} worker(s) are left to its successor",
                core.queue().size(), core.workers().size());
        return Behaviors.stopped();
    }

    private Behavior<Command> needPass() {
        if (!passPending && initWaitOver) {
            passPending = true;
            getContext().getSelf().tell(Tick.PASS);
        }
        return this;
    }

    private Behavior<Command> onPass() {
        passPending = false;
        long t0 = System.nanoTime();
        List<SchedulerCore.WindowAssignment<ActorRef<TaskOutcome>>> filled = core.trySchedule();
        for (SchedulerCore.WindowAssignment<ActorRef<TaskOutcome>> a : filled) {
            ActorRef<ResourceManager.Command> rm = managers.get(a.worker());
            List<ResourceManager.Assignment> tasks = new ArrayList<>();
            for (QueuedTask<ActorRef<TaskOutcome>> q : a.tasks()) {
                tasks.add(new ResourceManager.Assignment(q.request(), q.reply()));
            }
            rm.tell(new ResourceManager.WindowAssigned(a.windowId(), tasks));
        }
        if (!filled.isEmpty() && getContext().getLog().isDebugEnabled()) {
            getContext().getLog().debug("pass filled {} window(s) in {} µs; {} queued, {} windows open", filled.size(),
                    (System.nanoTime() - t0) / 1000, core.queue().size(), core.openWindows().size());
        }
        return this;
    }

    private Behavior<Command> onDiagnostics(GetDiagnostics m) {
        List<QueuedRequest> requests = new ArrayList<>();
        for (QueuedTask<ActorRef<TaskOutcome>> q : core.queue()) {
            TaskRequest r = q.request();
            requests.add(new QueuedRequest(r.schedId(), r.sector().id(), r.type(), r.priority()));
        }
        List<OpenWindow> windows = new ArrayList<>();
        for (SchedulerCore.OpenWindow w : core.openWindows()) {
            windows.add(new OpenWindow(w.worker(), core.worker(w.worker()).info().hostname(), w.windowId()));
        }
        List<WorkerView> workers = new ArrayList<>();
        core.workers().forEach((id, w) -> workers.add(new WorkerView(id, w.info().hostname(), w.enabled(),
                w.utilization(), w.assigned().size(), w.info().taskTypes())));
        m.replyTo().tell(new Diagnostics(requests, windows, workers));
        return this;
    }

    private Behavior<Command> onExplain(Explain m) {
        QueuedTask<ActorRef<TaskOutcome>> q = core.queue().get(m.schedId());
        if (q != null) {
            m.replyTo().tell(new Explanation(m.schedId(), "queued", core.explain(q.request())));
            return this;
        }
        for (WorkerState<ActorRef<TaskOutcome>> w : core.workers().values()) {
            if (w.assigned().containsKey(m.schedId())) {
                m.replyTo().tell(new Explanation(m.schedId(), "assigned", Map.of(w.info().hostname(),
                        "in a window on this worker, waiting for its preparing or executing pool")));
                return this;
            }
        }
        m.replyTo().tell(new Explanation(m.schedId(), "unknown", Map.of()));
        return this;
    }
}
