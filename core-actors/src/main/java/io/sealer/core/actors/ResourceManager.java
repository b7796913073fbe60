package io.sealer.core.actors;

import io.sealer.core.Durations;
import io.sealer.core.JsonSerializable;
import io.sealer.core.resources.ActiveResources;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.sched.WorkerLoad;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskExecutor;
import io.sealer.core.worker.TaskResultStore;
import io.sealer.core.worker.WorkerPools;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One per worker node. Owns the node's {@link WorkerPools} (assigned windows, preparing and
 * executing pools), keeps two scheduling windows requested from the Scheduler, spawns one
 * {@link TaskActor} per started task and moves it from preparing to executing when it fits.
 * It replies to each task's caller itself (with the {@link FailureKind} of a failure) and tells
 * the Scheduler every start and load change, so the Scheduler always knows which sent tasks
 * have not started, and which sectors' files it holds (what its executor holds at start, then
 * the sector of every task it finishes). Logs each task's start, end and failure at INFO/WARN.
 *
 * <p>With a {@link TaskResultStore}, the outcome of every task with a call id is recorded there
 * (fsynced, on the blocking executor) before it is sent, and kept until the sector acknowledges
 * it ({@link Acknowledged}, passed on by the Scheduler). Meanwhile the same call scheduled again
 * ({@link WindowAssigned} or {@link Resubmitted}) is answered from the record without running;
 * on (re)registering the worker tells the Scheduler every call it holds ({@link Scheduler.WorkerTasks}).
 * It asks for work only once its records are read.
 *
 * <p>An operator's {@link Abort} takes a task out wherever it is and frees its reservation at
 * once; a running step is asked to cancel ({@link TaskExecutor#cancel}) and its late report is
 * dropped, a preparing step's actor is stopped. The caller gets a TEMPORARY failure.
 */
public final class ResourceManager extends AbstractBehavior<ResourceManager.Command> {

    public sealed interface Command extends JsonSerializable
            permits WindowAssigned, SchedulerDisabled, SchedulerEnabled, Reregister, TaskPrepared, TaskPrepareFailed,
            TaskFinished, TaskActorStopped, SetTaskTypes, GetStatus, Heartbeat, HeldSectorsFound, Resubmitted,
            Acknowledged, SendRecorded, ResultRecorded, ResultsLoaded, ResultForgotten, Abort {}

    /** A task sent in a window, with whoever waits for its outcome. */
    public record Assignment(TaskRequest request, ActorRef<TaskOutcome> replyTo) implements JsonSerializable {}

    /** The Scheduler filled one of this worker's windows. */
    public record WindowAssigned(UUID windowId, List<Assignment> tasks) implements Command {}

    /** The Scheduler disabled this worker and took its unstarted tasks back. */
    public enum SchedulerDisabled implements Command { INSTANCE }

    /** The Scheduler enabled this worker again: request fresh windows. */
    public enum SchedulerEnabled implements Command { INSTANCE }

    /**
     * The Scheduler does not know this worker (it restarted or moved to another node): register
     * again and request windows; tasks already assigned here stay and run.
     */
    public enum Reregister implements Command { INSTANCE }

    /** Every ResourceManager of the cluster is listed under this key; the Scheduler watches the listing. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "sealer-workers");

    /**
     * The Scheduler got this call again while this worker holds it: send its outcome to
     * {@code replyTo} (at once if it is recorded, else when it ends).
     */
    public record Resubmitted(TaskRequest request, ActorRef<TaskOutcome> replyTo) implements Command {}

    /** Send the recorded outcome of this call (if any) to {@code replyTo}. */
    public record SendRecorded(UUID schedId, ActorRef<TaskOutcome> replyTo) implements Command {}

    /**
     * An operator aborts this task: wherever it is (window, preparing, running) it leaves at
     * once, its resources are freed, the executor is asked to cancel its computation, and its
     * caller gets a TEMPORARY failure, so the sector retries it by its rules.
     */
    public record Abort(UUID schedId, ActorRef<Scheduler.AbortResult> replyTo) implements Command {}

    /** The sector took up this call's outcome: forget the record. */
    public record Acknowledged(UUID schedId) implements Command {}

    /** The outcome is on disk ({@code error} null) or could not be written. */
    record ResultRecorded(UUID schedId, TaskOutcome outcome, String error) implements Command {}

    /** The records found at start; {@code error} is null when they could be read. */
    record ResultsLoaded(List<TaskOutcome> outcomes, String error) implements Command {}

    /** The record is deleted ({@code error} null) or could not be. */
    record ResultForgotten(String callId, String error) implements Command {}

    /** Timer: tell the Scheduler this worker is alive. */
    enum Heartbeat implements Command { INSTANCE }

    /** A TaskActor stopped; if its task had not reported, the task failed. */
    record TaskActorStopped(UUID schedId) implements Command {}

    /** From a TaskActor: its prepare step is done. */
    public record TaskPrepared(UUID schedId) implements Command {}

    /** From a TaskActor: its prepare step failed. */
    public record TaskPrepareFailed(UUID schedId, String error, FailureKind kind) implements Command {}

    /** From a TaskActor: its work ended; {@code error} and {@code kind} are null on success. */
    public record TaskFinished(UUID schedId, Map<String, String> outputs, String error, FailureKind kind)
            implements Command {}

    /** The executor's answer to {@link TaskExecutor#heldSectors} at start; {@code error} is null when it had one. */
    record HeldSectorsFound(Set<SectorId> sectors, String error) implements Command {}

    /** Enable or disable task types on this worker (only toggleable types change). */
    public record SetTaskTypes(Set<TaskType> enable, Set<TaskType> disable, ActorRef<WorkerStatus> replyTo)
            implements Command {}

    public record GetStatus(ActorRef<WorkerStatus> replyTo) implements Command {}

    /**
     * A task on this worker and where it is.
     *
     * @param window  its window's place (0 = first) while assigned, else -1
     * @param sinceMs when its prepare (or its work, for tasks with none) started, epoch millis; 0 while assigned
     */
    public record Job(UUID schedId, SectorId sector, io.sealer.core.task.SealProof proof, TaskType type, String stage,
            String callId, int window, long sinceMs) implements JsonSerializable {}

    /** The worker's state for `worker info` and `sealing workers`. */
    public record WorkerStatus(
            WorkerInfo info,
            boolean enabled,
            ActiveResources.Snapshot executing,
            ActiveResources.Snapshot preparing,
            int windowsRequested,
            List<List<TaskType>> windows,
            List<Job> jobs,
            WorkerLoad load) implements JsonSerializable {}

    private final ActorRef<Scheduler.Command> scheduler;
    private final TaskExecutor executor;
    private final Executor blocking;
    /** Null when this worker keeps no records (one-off tasks only). */
    private final TaskResultStore store;
    /** Recorded outcomes not acknowledged yet, by schedId. */
    private final Map<UUID, TaskOutcome> results = new HashMap<>();
    private WorkerInfo info;
    private final WorkerPools pools;
    private final Map<UUID, ActorRef<TaskOutcome>> replyTo = new HashMap<>();
    private final Map<UUID, ActorRef<TaskActor.Command>> taskActors = new HashMap<>();
    private final Map<UUID, TaskRequest> requests = new HashMap<>();
    private final Map<UUID, Long> startedAt = new HashMap<>();
    /** When each task left its window (prepare or work began), epoch millis, for `sealing jobs`. */
    private final Map<UUID, Long> since = new HashMap<>();
    /** Aborted tasks whose step may still be running: its late report is dropped. */
    private final Set<UUID> aborted = new java.util.HashSet<>();
    /** Sectors whose files this worker holds, as told to the Scheduler (sent again on re-registering). */
    private final Set<SectorId> held = new LinkedHashSet<>();

    private ResourceManager(ActorContext<Command> ctx, TimerScheduler<Command> timers, WorkerInfo info,
            ActorRef<Scheduler.Command> scheduler, TaskExecutor executor, Executor blocking,
            io.sealer.core.resources.Parallelism parallelism, Duration heartbeat, TaskResultStore store) {
        super(ctx);
        this.store = store;
        timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, heartbeat);
        this.info = info;
        this.scheduler = scheduler;
        this.executor = executor;
        this.blocking = blocking;
        this.pools = new WorkerPools(info.resources(), info.table(), info.ignoreResources(), parallelism);
        scheduler.tell(new Scheduler.RegisterWorker(info, ctx.getSelf()));
        ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
        ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
            try {
                return executor.heldSectors();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, blocking), (sectors, err) -> err == null ? new HeldSectorsFound(Set.copyOf(sectors), null)
                : new HeldSectorsFound(Set.of(), TaskActor.message(err)));
        if (store != null) {
            ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
                try {
                    return store.pending().stream().map(TaskResultStore.Recorded::outcome).toList();
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, blocking), (found, err) -> err == null ? new ResultsLoaded(found, null)
                    : new ResultsLoaded(List.of(), TaskActor.message(err)));
        } else {
            apply(pools.start());
        }
        ctx.getLog().info("worker {} ({}) registered: {} CPUs, {} RAM, GPUs {}, tasks {}", info.hostname(), info.id(),
                info.resources().cpus(), io.sealer.core.resources.Bytes.format(info.resources().memPhysical()),
                info.resources().gpus(), shortNames(info.taskTypes()));
    }

    /**
     * @param blocking the executor for prepare and work steps (the blocking task dispatcher)
     */
    public static Behavior<Command> create(WorkerInfo info, ActorRef<Scheduler.Command> scheduler, TaskExecutor executor,
            Executor blocking, io.sealer.core.resources.Parallelism parallelism) {
        return create(info, scheduler, executor, blocking, parallelism, DEFAULT_HEARTBEAT);
    }

    /**
     * @param heartbeat how often to tell the Scheduler this worker is alive (Lotus: 10 s)
     */
    public static Behavior<Command> create(WorkerInfo info, ActorRef<Scheduler.Command> scheduler, TaskExecutor executor,
            Executor blocking, io.sealer.core.resources.Parallelism parallelism, Duration heartbeat) {
        return create(info, scheduler, executor, blocking, parallelism, heartbeat, null);
    }

    /**
     * @param store where finished calls are recorded until acknowledged (null: no records)
     */
    public static Behavior<Command> create(WorkerInfo info, ActorRef<Scheduler.Command> scheduler, TaskExecutor executor,
            Executor blocking, io.sealer.core.resources.Parallelism parallelism, Duration heartbeat,
            TaskResultStore store) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new ResourceManager(ctx, timers, info, scheduler, executor, blocking, parallelism, heartbeat, store)));
    }

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WindowAssigned.class, this::onWindowAssigned)
                .onMessage(TaskPrepared.class, m -> apply(pools.prepared(m.schedId())))
                .onMessage(Abort.class, this::onAbort)
                .onMessage(TaskPrepareFailed.class, this::onPrepareFailed)
                .onMessage(HeldSectorsFound.class, this::onHeldSectorsFound)
                .onMessage(TaskFinished.class, this::onFinished)
                .onMessageEquals(SchedulerDisabled.INSTANCE, this::onDisabled)
                .onMessageEquals(SchedulerEnabled.INSTANCE, () -> apply(pools.start()))
                .onMessageEquals(Reregister.INSTANCE, this::onReregister)
                .onMessageEquals(Heartbeat.INSTANCE, () -> {
                    scheduler.tell(new Scheduler.Heartbeat(info.id(), getContext().getSelf()));
                    return this;
                })
                .onMessage(TaskActorStopped.class, this::onTaskActorStopped)
                .onMessage(SetTaskTypes.class, this::onSetTaskTypes)
                .onMessage(Resubmitted.class, this::onResubmitted)
                .onMessage(Acknowledged.class, this::onAcknowledged)
                .onMessage(SendRecorded.class, m -> {
                    TaskOutcome recorded = results.get(m.schedId());
                    if (recorded != null) {
                        m.replyTo().tell(recorded);
                    }
                    return this;
                })
                .onMessage(ResultRecorded.class, this::onResultRecorded)
                .onMessage(ResultsLoaded.class, this::onResultsLoaded)
                .onMessage(ResultForgotten.class, m -> {
                    if (m.error() == null) {
                        return this;
                    }
                    getContext().getLog().warn("worker {} could not delete the record of {}: {}", info.hostname(),
                            m.callId(), m.error());
                    return this;
                })
                .onMessage(GetStatus.class, m -> {
                    m.replyTo().tell(status());
                    return this;
                })
                .build();
    }

    private Behavior<Command> onWindowAssigned(WindowAssigned m) {
        List<TaskRequest> tasks = new ArrayList<>();
        List<UUID> answered = new ArrayList<>();
        for (Assignment a : m.tasks()) {
            TaskOutcome recorded = results.get(a.request().schedId());
            if (recorded != null) {
                getContext().getLog().info("task {} finished here before; sending its recorded outcome again",
                        a.request().callId());
                a.replyTo().tell(recorded);
                answered.add(a.request().schedId());
                continue;
            }
            replyTo.put(a.request().schedId(), a.replyTo());
            requests.put(a.request().schedId(), a.request());
            tasks.add(a.request());
        }
        if (!answered.isEmpty()) {
            // they left the window without running: the Scheduler moves them to started, pending the ack
            scheduler.tell(new Scheduler.TasksStarted(info.id(), answered, pools.load()));
        }
        return apply(pools.windowAssigned(m.windowId(), tasks));
    }

    private Behavior<Command> onResubmitted(Resubmitted m) {
        UUID id = m.request().schedId();
        TaskOutcome recorded = results.get(id);
        if (recorded != null) {
            m.replyTo().tell(recorded);
        } else if (replyTo.containsKey(id)) {
            replyTo.put(id, m.replyTo());
        } else {
            m.replyTo().tell(TaskOutcome.failure(id, info.hostname(), "worker " + info.hostname()
                    + " no longer holds the task (it restarted)").withCallId(m.request().callId()));
        }
        return this;
    }

    private Behavior<Command> onAcknowledged(Acknowledged m) {
        TaskOutcome o = results.remove(m.schedId());
        if (o != null && store != null) {
            getContext().pipeToSelf(CompletableFuture.runAsync(() -> {
                try {
                    store.forget(o.callId());
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, blocking), (ok, err) -> new ResultForgotten(o.callId(), err == null ? null : TaskActor.message(err)));
        }
        return this;
    }

    private Behavior<Command> onResultRecorded(ResultRecorded m) {
        if (m.error() != null) {
            getContext().getLog().warn("worker {} could not record the outcome of {} (sent anyway): {}",
                    info.hostname(), m.outcome().callId(), m.error());
        } else {
            results.put(m.schedId(), m.outcome());
        }
        reply(m.schedId(), m.outcome());
        return this;
    }

    private Behavior<Command> onResultsLoaded(ResultsLoaded m) {
        if (m.error() != null) {
            getContext().getLog().warn("worker {} could not read its task records: {}", info.hostname(), m.error());
        }
        for (TaskOutcome o : m.outcomes()) {
            results.put(o.schedId(), o);
        }
        if (!m.outcomes().isEmpty()) {
            getContext().getLog().info("worker {} holds {} finished task(s) not acknowledged yet", info.hostname(),
                    m.outcomes().size());
            reportCalls();
        }
        // only now: a call recorded here must be answered from its record, never run again
        return apply(pools.start());
    }

    /** Tells the Scheduler every call this worker holds: sent here, running, or recorded. */
    private void reportCalls() {
        Set<UUID> running = new LinkedHashSet<>();
        requests.values().stream().filter(t -> t.callId() != null).forEach(t -> running.add(t.schedId()));
        if (!running.isEmpty() || !results.isEmpty()) {
            scheduler.tell(new Scheduler.WorkerTasks(info.id(), running, Set.copyOf(results.keySet())));
        }
    }

    private Behavior<Command> onHeldSectorsFound(HeldSectorsFound m) {
        if (m.error() != null) {
            getContext().getLog().warn("worker {} could not list the sectors it holds: {}", info.hostname(), m.error());
        }
        if (!m.sectors().isEmpty()) {
            held.addAll(m.sectors());
            scheduler.tell(new Scheduler.SectorsHeld(info.id(), Set.copyOf(m.sectors())));
            getContext().getLog().info("worker {} holds {} sector(s)", info.hostname(), m.sectors().size());
        }
        return this;
    }

    private Behavior<Command> onAbort(Abort m) {
        UUID id = m.schedId();
        TaskRequest t = requests.get(id);
        WorkerPools.Stage stage = t == null ? null : pools.stage(id);
        if (stage == null) {
            m.replyTo().tell(new Scheduler.AbortResult(id, false, info.hostname(),
                    "the task is no longer on worker " + info.hostname() + " (it has just ended)"));
            return this;
        }
        boolean cancelled = stage != WorkerPools.Stage.ASSIGNED && executor.cancel(id);
        ActorRef<TaskActor.Command> actor = taskActors.get(id);
        if (stage == WorkerPools.Stage.RUNNING && actor != null) {
            aborted.add(id); // its report, when the cancelled step ends, is logged and dropped
        } else if (actor != null) {
            getContext().stop(actor); // a prepare step is not cancellable: let it end unheard
        }
        Long t0 = startedAt.remove(id);
        if (stage == WorkerPools.Stage.RUNNING) {
            SealingEvent.publish(getContext().getSystem(), new SealingEvent.TaskEnded(t.type(), t.sector().id().toString(),
                    info.hostname(), t0 == null ? 0 : System.nanoTime() - t0, true));
        }
        String what = switch (stage) {
            case ASSIGNED -> "before it started";
            case PREPARING, PREPARED -> "while preparing";
            case RUNNING -> "after " + Durations.format(Duration.ofNanos(t0 == null ? 0 : System.nanoTime() - t0))
                    + (cancelled ? "; its computation is cancelled and its partial files removed"
                            : "; its step cannot be cancelled and runs on, its result dropped");
        };
        getContext().getLog().info("task {} aborted on {} {}", name(t), info.hostname(), what);
        WorkerPools.Effects freed = pools.aborted(id);
        if (stage == WorkerPools.Stage.ASSIGNED) {
            // it leaves its window: the Scheduler must hold it as started before its outcome comes
            scheduler.tell(new Scheduler.TasksStarted(info.id(), List.of(id), pools.load()));
        }
        complete(id, TaskOutcome.failure(id, info.hostname(), FailureKind.TEMPORARY, "aborted by the operator " + what));
        m.replyTo().tell(new Scheduler.AbortResult(id, true, info.hostname(), "aborted " + what));
        return apply(new WorkerPools.Effects(freed.startPrepare(), freed.startWork(),
                freed.leftWindows().stream().filter(l -> !l.equals(id)).toList(), freed.requestWindows()));
    }

    /** A report from the step of a task that left this worker (aborted): nothing more to do. */
    private boolean dropped(UUID schedId) {
        if (requests.containsKey(schedId)) {
            return false;
        }
        if (aborted.remove(schedId)) {
            getContext().getLog().info("aborted task {} has stopped on {}", schedId, info.hostname());
        }
        return true;
    }

    private Behavior<Command> onPrepareFailed(TaskPrepareFailed m) {
        if (dropped(m.schedId())) {
            return this;
        }
        TaskRequest t = requests.get(m.schedId());
        getContext().getLog().warn("task {} failed to prepare on {}: {}", name(t), info.hostname(), m.error());
        complete(m.schedId(), TaskOutcome.failure(m.schedId(), info.hostname(), m.kind(), "prepare failed: " + m.error()));
        return apply(pools.prepareFailed(m.schedId()));
    }

    private Behavior<Command> onFinished(TaskFinished m) {
        if (dropped(m.schedId())) {
            return this;
        }
        TaskRequest t = requests.get(m.schedId());
        Long t0 = startedAt.remove(m.schedId());
        long ran = t0 == null ? 0 : System.nanoTime() - t0;
        String took = Durations.format(Duration.ofNanos(ran));
        if (t != null) {
            SealingEvent.publish(getContext().getSystem(), new SealingEvent.TaskEnded(t.type(), t.sector().id().toString(),
                    info.hostname(), ran, m.error() != null));
        }
        if (m.error() == null) {
            if (t != null && !t.sector().equals(SectorRef.NONE) && held.add(t.sector().id())) {
                // Told before the caller hears of the outcome, so its next task finds the sector here.
                scheduler.tell(new Scheduler.SectorsHeld(info.id(), Set.of(t.sector().id())));
            }
            getContext().getLog().info("task {} done on {} in {}", name(t), info.hostname(), took);
            complete(m.schedId(), TaskOutcome.success(m.schedId(), info.hostname(), m.outputs()));
        } else {
            getContext().getLog().warn("task {} failed on {} after {}: {}", name(t), info.hostname(), took, m.error());
            complete(m.schedId(), TaskOutcome.failure(m.schedId(), info.hostname(), m.kind(), m.error()));
        }
        return apply(pools.finished(m.schedId()));
    }

    private Behavior<Command> onDisabled() {
        List<TaskRequest> dropped = pools.disable();
        for (TaskRequest t : dropped) {
            replyTo.remove(t.schedId());
            requests.remove(t.schedId());
        }
        getContext().getLog().info("worker {} disabled by the scheduler; {} unstarted task(s) went back to the queue",
                info.hostname(), dropped.size());
        return this;
    }

    private Behavior<Command> onReregister() {
        getContext().getLog().info("worker {} re-registering with a new scheduler ({} task(s) here continue)",
                info.hostname(), requests.size());
        scheduler.tell(new Scheduler.RegisterWorker(info, getContext().getSelf()));
        reportCalls();
        if (!held.isEmpty()) {
            scheduler.tell(new Scheduler.SectorsHeld(info.id(), Set.copyOf(held)));
        }
        return apply(pools.reopen());
    }

    private Behavior<Command> onTaskActorStopped(TaskActorStopped m) {
        if (requests.containsKey(m.schedId())) {
            return onFinished(new TaskFinished(m.schedId(), Map.of(), "the task's actor stopped before reporting",
                    FailureKind.TEMPORARY));
        }
        return this;
    }

    private Behavior<Command> onSetTaskTypes(SetTaskTypes m) {
        Set<TaskType> types = info.taskTypes().isEmpty() ? EnumSet.noneOf(TaskType.class) : EnumSet.copyOf(info.taskTypes());
        for (TaskType t : m.enable()) {
            if (t.toggleable()) {
                types.add(t);
            }
        }
        for (TaskType t : m.disable()) {
            if (t.toggleable()) {
                types.remove(t);
            }
        }
        info = info.withTaskTypes(types);
        scheduler.tell(new Scheduler.UpdateTaskTypes(info.id(), info.taskTypes()));
        getContext().getLog().info("worker {} now accepts {}", info.hostname(), shortNames(info.taskTypes()));
        m.replyTo().tell(status());
        return this;
    }

    private Behavior<Command> apply(WorkerPools.Effects e) {
        for (TaskRequest t : e.startPrepare()) {
            since.put(t.schedId(), System.currentTimeMillis());
            getContext().getLog().debug("task {} preparing", name(t));
            taskActors.put(t.schedId(), spawnTask(t, true));
        }
        for (TaskRequest t : e.startWork()) {
            startedAt.put(t.schedId(), System.nanoTime());
            since.putIfAbsent(t.schedId(), System.currentTimeMillis());
            int threads = pools.threads(t);
            getContext().getLog().info("task {} started on {} ({} thread{})", name(t), info.hostname(), threads,
                    threads == 1 ? "" : "s");
            SealingEvent.publish(getContext().getSystem(), new SealingEvent.TaskStarted(t.type(), t.sector().id().toString(),
                    info.hostname()));
            ActorRef<TaskActor.Command> actor = taskActors.get(t.schedId());
            if (actor == null) {
                taskActors.put(t.schedId(), spawnTask(t, false));
            } else {
                actor.tell(TaskActor.Execute.INSTANCE);
            }
        }
        WorkerLoad load = pools.load();
        publishUsage();
        if (!e.leftWindows().isEmpty()) {
            scheduler.tell(new Scheduler.TasksStarted(info.id(), e.leftWindows(), load));
        }
        if (e.requestWindows() > 0) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < e.requestWindows(); i++) {
                ids.add(UUID.randomUUID());
            }
            scheduler.tell(new Scheduler.OpenWindows(info.id(), ids, load));
        } else if (e.leftWindows().isEmpty()) {
            scheduler.tell(new Scheduler.ReportLoad(info.id(), load));
        }
        return this;
    }

    private void publishUsage() {
        io.sealer.core.resources.WorkerResources r = info.resources();
        ActiveResources.Snapshot used = pools.activeSnapshot();
        SealingEvent.publish(getContext().getSystem(), new SealingEvent.WorkerUsage(info.hostname(), r.cpus(), used.cpuUse(),
                r.memPhysical(), used.memUsedMin(), r.gpus().size(), used.gpuUsed()));
    }

    private ActorRef<TaskActor.Command> spawnTask(TaskRequest t, boolean prepareFirst) {
        ActorRef<TaskActor.Command> actor = getContext().spawn(
                TaskActor.create(t, pools.threads(t), executor, blocking, getContext().getSelf(), prepareFirst),
                "task-" + t.schedId());
        getContext().watchWith(actor, new TaskActorStopped(t.schedId()));
        return actor;
    }

    /**
     * The task left this worker: its outcome goes to the caller, after it is recorded when the
     * task has a call id and this worker keeps records.
     */
    private void complete(UUID schedId, TaskOutcome outcome) {
        TaskRequest t = requests.remove(schedId);
        taskActors.remove(schedId);
        since.remove(schedId);
        TaskOutcome o = t == null ? outcome : outcome.withCallId(t.callId());
        if (store == null || o.callId() == null) {
            reply(schedId, o);
            return;
        }
        getContext().pipeToSelf(CompletableFuture.runAsync(() -> {
            try {
                store.record(o.callId(), o);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, blocking), (ok, err) -> new ResultRecorded(schedId, o, err == null ? null : TaskActor.message(err)));
    }

    private void reply(UUID schedId, TaskOutcome outcome) {
        ActorRef<TaskOutcome> to = replyTo.remove(schedId);
        if (to != null) {
            to.tell(outcome);
        }
        if (outcome.callId() != null) {
            scheduler.tell(new Scheduler.CallFinished(info.id(), schedId));
        }
    }

    private WorkerStatus status() {
        List<List<TaskType>> windows = new ArrayList<>();
        for (WorkerPools.Window w : pools.windows()) {
            windows.add(w.todo().stream().map(TaskRequest::type).toList());
        }
        Map<UUID, Integer> windowOf = new HashMap<>();
        for (int i = 0; i < pools.windows().size(); i++) {
            for (TaskRequest t : pools.windows().get(i).todo()) {
                windowOf.put(t.schedId(), i);
            }
        }
        List<Job> jobs = new ArrayList<>();
        pools.jobs().forEach((t, stage) -> jobs.add(new Job(t.schedId(), t.sector().id(), t.sector().proof(), t.type(),
                stage.name().toLowerCase(java.util.Locale.ROOT), t.callId(), windowOf.getOrDefault(t.schedId(), -1),
                since.getOrDefault(t.schedId(), 0L))));
        return new WorkerStatus(info, pools.enabled(), pools.activeSnapshot(), pools.preparingSnapshot(),
                pools.windowsRequested(), windows, jobs, pools.load());
    }

    private static String name(TaskRequest t) {
        return t == null ? "?" : t.type().shortName() + " " + t.sector().id();
    }

    private static String shortNames(Set<TaskType> types) {
        return types.stream().sorted(java.util.Comparator.comparingInt(TaskType::orderWeight))
                .map(TaskType::shortName).toList().toString();
    }
}
