package io.sealer.cluster.node;

import io.sealer.cli.worker.WorkerReport;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.core.actors.ResourceManager;
import io.sealer.core.resources.ResourceKeys;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A `sealer worker run` process as its own API controls it: which cluster member runs it now
 * (a worker replaces its member when the miner restarts), the task types it takes (kept across
 * members, so a change made at run time survives a rejoin), and the operator's stop, which runs
 * once, off every actor and HTTP thread.
 */
final class RunningWorker {
    private static final Logger LOG = LoggerFactory.getLogger(RunningWorker.class);
    private static final Duration ASK_LIMIT = Duration.ofSeconds(10);

    private final String session = UUID.randomUUID().toString();
    private final WorkerReport.Host host;
    private final Map<String, String> env;
    private final AtomicReference<NodeSystem.Started> current = new AtomicReference<>();
    private final AtomicReference<WorkerInfo> info;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final LocalStorage storage;

    /**
     * @param env the worker process's environment (its resource overrides)
     * @param storage the worker's storage paths
     */
    RunningWorker(WorkerInfo info, WorkerReport.Host host, Map<String, String> env, LocalStorage storage) {
        this.info = new AtomicReference<>(info);
        this.host = host;
        this.env = Map.copyOf(env);
        this.storage = storage;
    }

    /** The worker as a new member should start it: with the task types it takes now. */
    WorkerInfo info() {
        return info.get();
    }

    /** The member that runs the worker now, or null before the first. */
    NodeSystem.Started current() {
        return current.get();
    }

    /** The member that runs the worker from now on. */
    void attach(NodeSystem.Started node) {
        current.set(node);
    }

    CompletionStage<WorkerReport> report() {
        return status().thenApply(s -> WorkerReport.of(session, s.enabled(), s.info().resources(), host,
                s.info().taskTypes(), ResourceKeys.set(env), storage.paths().stream().map(p -> new WorkerReport.StoragePath(
                        p.meta().id(), p.meta().weight(), p.meta().canSeal(), p.meta().canStore(), p.root().toString()))
                        .toList()));
    }

    /** Every resource variable with the value this worker uses (defaults, then its environment). */
    Map<String, String> effectiveResources() {
        Map<String, String> all = new TreeMap<>(ResourceKeys.all(info.get().table()));
        all.putAll(ResourceKeys.set(env));
        return all;
    }

    /** The resource variables set in this worker's environment. */
    Map<String, String> resourceOverrides() {
        return new TreeMap<>(ResourceKeys.set(env));
    }

    /** Switches task types; the answer is every type the worker takes afterwards. */
    CompletionStage<Set<TaskType>> setTaskTypes(Set<TaskType> enable, Set<TaskType> disable) {
        return ask(node -> AskPattern.<ResourceManager.Command, ResourceManager.WorkerStatus>ask(node.worker(),
                r -> new ResourceManager.SetTaskTypes(enable, disable, r), ASK_LIMIT, node.system().scheduler()))
                .thenApply(s -> {
                    info.updateAndGet(i -> i.withTaskTypes(s.info().taskTypes()));
                    return s.info().taskTypes();
                });
    }

    /**
     * Starts the operator's stop once: {@code drain} runs on a thread of its own; false when a
     * stop is already under way.
     */
    boolean stop(Runnable drain) {
        if (!stopping.compareAndSet(false, true)) {
            return false;
        }
        LOG.info("worker {} stopping at the operator's request: it takes no new task, its running tasks finish",
                info.get().hostname());
        Thread t = new Thread(drain, "worker-drain");
        t.setDaemon(true);
        t.start();
        return true;
    }

    CompletionStage<ResourceManager.WorkerStatus> status() {
        return ask(node -> AskPattern.ask(node.worker(), ResourceManager.GetStatus::new, ASK_LIMIT,
                node.system().scheduler()));
    }

    private <T> CompletionStage<T> ask(java.util.function.Function<NodeSystem.Started, CompletionStage<T>> call) {
        NodeSystem.Started node = current.get();
        if (node == null || node.worker() == null || node.system().whenTerminated().isCompleted()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the worker is (re)joining the cluster; try again in a few seconds"));
        }
        return call.apply(node);
    }
}
