package io.sealer.cluster.operator;

import io.sealer.core.actors.Scheduler;
import io.sealer.core.actors.SchedulerSnapshot;
import io.sealer.core.sched.Explanations;
import io.sealer.core.sched.WaitExplanation;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The miner's operator actions over the Scheduler, for the API routes and the JSON-RPC: reads a
 * {@link SchedulerSnapshot} and turns it into views ({@link SnapshotViews}), aborts calls and
 * enables or disables workers. Bad input (an unknown or ambiguous call id or worker) fails the
 * stage with an {@link IllegalArgumentException} whose message names the valid choices.
 */
public final class SealingService {
    /** How long each worker's ResourceManager may take to report its status for a snapshot. */
    private static final Duration WORKER_STATUS = Duration.ofSeconds(3);

    private final ActorSystem<?> system;
    private final ActorRef<Scheduler.Command> scheduler;
    private final long minerId;
    private final Duration timeout;

    /**
     * @param minerId this miner's actor number (the sectors' miner)
     * @param timeout how long the Scheduler may take to answer (more than {@link #WORKER_STATUS})
     */
    public SealingService(ActorSystem<?> system, ActorRef<Scheduler.Command> scheduler, long minerId, Duration timeout) {
        this.system = system;
        this.scheduler = scheduler;
        this.minerId = minerId;
        this.timeout = timeout;
    }

    public long minerId() {
        return minerId;
    }

    /** @param poke run a scheduling pass first (sched-diag's --force-sched) */
    public CompletionStage<SchedulerSnapshot> snapshot(boolean poke) {
        return AskPattern.ask(scheduler, r -> new Scheduler.GetSnapshot(poke, WORKER_STATUS, r), timeout,
                system.scheduler());
    }

    public CompletionStage<SealingApi.Workers> workers() {
        return snapshot(false).thenApply(s -> new SealingApi.Workers(SnapshotViews.workers(s)));
    }

    public CompletionStage<SealingApi.Jobs> jobs() {
        return snapshot(false).thenApply(s -> new SealingApi.Jobs(Instant.ofEpochMilli(s.takenAtMs()),
                SnapshotViews.jobs(s), SnapshotViews.hostnames(s)));
    }

    public CompletionStage<SchedDiag> schedDiag(boolean poke) {
        return snapshot(poke).thenApply(SnapshotViews::schedDiag);
    }

    /** Why the tasks of this miner's sector {@code number} wait. */
    public CompletionStage<WaitExplanation> why(long number) {
        return snapshot(false).thenApply(s -> SnapshotViews.why(s, new SectorId(minerId, number)));
    }

    /**
     * Aborts the one job or queued request whose call id starts with {@code prefix}; an unknown
     * or ambiguous prefix fails with the candidates named.
     */
    public CompletionStage<SealingApi.Aborted> abortByPrefix(String prefix) {
        return snapshot(false).thenCompose(s -> {
            List<JobSnapshot> jobs = SnapshotViews.jobs(s).stream().filter(j -> j.runWait() >= 0).toList();
            List<UUID> ids = new ArrayList<>();
            jobs.forEach(j -> ids.add(j.callId()));
            s.queue().forEach(q -> ids.add(q.request().schedId()));
            UUID id = CallIdPrefix.resolve(prefix, ids);
            Optional<JobSnapshot> job = jobs.stream().filter(j -> id.equals(j.callId())).findFirst();
            String line = job.map(j -> JobsView.aborting(j, SnapshotViews.hostnames(s))).orElseGet(() -> s.queue()
                    .stream().map(SchedulerSnapshot.Queued::request).filter(r -> r.schedId().equals(id)).findFirst()
                    .map(r -> "aborting queued request " + id + ", task " + r.type().shortName() + ", sector "
                            + r.sector().id().number())
                    .orElse("aborting job " + id));
            return abort(id, line);
        });
    }

    /** Aborts the call {@code callId} exactly (Filecoin.SealingAbort). */
    public CompletionStage<SealingApi.Aborted> abort(UUID callId) {
        return abort(callId, "aborting job " + callId);
    }

    private CompletionStage<SealingApi.Aborted> abort(UUID id, String line) {
        return AskPattern.<Scheduler.Command, Scheduler.AbortResult>ask(scheduler, r -> new Scheduler.Abort(id, r),
                timeout, system.scheduler())
                .thenApply(r -> new SealingApi.Aborted(id, line, r.aborted(), r.detail()));
    }

    /** Removes a queued request (the seed's {@code sealing abort --sched}); one that is not queued is refused. */
    public CompletionStage<SealingApi.Aborted> removeRequest(UUID schedId) {
        return AskPattern.<Scheduler.Command, Scheduler.RequestRemoved>ask(scheduler,
                        r -> new Scheduler.RemoveRequest(schedId, r), timeout, system.scheduler())
                .thenApply(r -> {
                    if (!r.removed()) {
                        throw new IllegalArgumentException("no queued request " + schedId + ": " + r.detail()
                                + " (`sealing sched-diag` lists the queue; abort a started job by its call id)");
                    }
                    return new SealingApi.Aborted(schedId, "removing queued request " + schedId, true,
                            "removed from the queue");
                });
    }

    /**
     * Enables or disables the worker named by {@code worker} (its id, the start of its id, or its
     * hostname); it takes effect at the scheduler's next pass.
     */
    public CompletionStage<SealingApi.WorkerEnabled> setEnabled(String worker, boolean enabled) {
        return snapshot(false).thenApply(s -> {
            SchedulerSnapshot.Worker w = findWorker(s, worker);
            scheduler.tell(new Scheduler.SetWorkerEnabled(w.info().id(), enabled));
            return new SealingApi.WorkerEnabled(Explanations.workerUuid(w.info().id()), w.info().hostname(), enabled);
        });
    }

    /** The worker whose id, id prefix or hostname is {@code name}; otherwise an error naming the workers. */
    static SchedulerSnapshot.Worker findWorker(SchedulerSnapshot s, String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        List<SchedulerSnapshot.Worker> byName = s.workers().stream()
                .filter(w -> w.info().hostname().equalsIgnoreCase(n) || w.info().id().value().equals(n)).toList();
        List<SchedulerSnapshot.Worker> matches = byName.isEmpty() && !n.isEmpty() ? s.workers().stream()
                .filter(w -> Explanations.workerUuid(w.info().id()).toString().startsWith(n)).toList() : byName;
        if (matches.size() == 1) {
            return matches.get(0);
        }
        List<String> names = (matches.isEmpty() ? s.workers() : matches).stream()
                .map(w -> Explanations.workerUuid(w.info().id()) + " (" + w.info().hostname() + ")").sorted().toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no worker '" + name + "': no worker is connected");
        }
        throw new IllegalArgumentException((matches.isEmpty() ? "no worker '" + name + "'; the workers are: "
                : "'" + name + "' names " + matches.size() + " workers; give more of the id: ") + String.join(", ", names));
    }
}
