package io.sealer.cli.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.node.ListenAddress;
import io.sealer.cluster.node.NodeSystem;
import io.sealer.cluster.node.SealerNode;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.SelectorSpec;
import io.sealer.core.sched.TaskOutcome;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskExecutor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Measures how long a task takes from the moment it becomes schedulable (its Schedule message
 * is sent to the Scheduler) to the moment its executor starts on an idle worker of another
 * cluster member. Two members run in this JVM on 127.0.0.1, each a real {@link NodeSystem}:
 * a miner holding the Scheduler singleton, and a worker whose ResourceManager reaches it over
 * Artery; the worker's executor does nothing, so the figure is the scheduling path alone
 * (Schedule, the pass, the window assignment sent across, the task actor starting). Tasks go
 * one at a time and the next is sent {@code gap} after the previous outcome came back, so the
 * worker is idle with its windows open each time.
 */
final class ScheduleLatency {
    private static final long GIB = 1L << 30;
    private static final Duration OUTCOME_LIMIT = Duration.ofSeconds(30);
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(60);

    private ScheduleLatency() {}

    /** Latencies in nanoseconds, in the order the measured tasks ran. */
    record Result(long[] nanos) {
        Result {
            nanos = nanos.clone();
        }

        /** The nearest-rank percentile ({@code pct} in 1..100) in milliseconds. */
        double percentileMillis(int pct) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(pct / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)] / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(nanos).average().orElse(0) / 1e6;
        }
    }

    /** Records, per task, when the worker started it; does no work. */
    private static final class StartRecorder implements TaskExecutor {
        final Map<UUID, Long> started = new ConcurrentHashMap<>();

        @Override
        public void prepare(TaskRequest request) {
            started.putIfAbsent(request.schedId(), System.nanoTime());
        }

        @Override
        public Map<String, String> work(TaskRequest request, int threads) {
            started.putIfAbsent(request.schedId(), System.nanoTime());
            return Map.of();
        }
    }

    /**
     * Runs {@code warmup} unmeasured tasks, then {@code tasks} measured ones.
     *
     * @param base the operator's configuration (application.conf over reference.conf)
     * @throws IllegalStateException when the worker does not join or a task fails or does not come back
     */
    static Result run(Config base, int warmup, int tasks, Duration gap) throws InterruptedException {
        Config twoInOneJvm = ConfigFactory.parseString("pekko.cluster.jmx.multi-mbeans-in-same-jvm = on");
        ListenAddress local = new ListenAddress("127.0.0.1", 0);
        NodeSystem.Started miner = NodeSystem.start(base, new NodeSystem.Plan(Set.of(SealerNode.MINER), local, 0,
                List.of(), null, null, null, twoInOneJvm));
        NodeSystem.Started worker = null;
        try {
            StartRecorder recorder = new StartRecorder();
            String seed = Cluster.get(miner.system()).selfMember().address().toString();
            worker = NodeSystem.start(base, new NodeSystem.Plan(Set.of(SealerNode.WORKER), local, 0, List.of(seed),
                    benchWorker(), recorder, null, twoInOneJvm));
            awaitUp(worker);
            for (int i = 0; i < warmup; i++) {
                runOne(miner, recorder, i, gap);
            }
            long[] nanos = new long[tasks];
            for (int i = 0; i < tasks; i++) {
                nanos[i] = runOne(miner, recorder, warmup + i, gap);
            }
            return new Result(nanos);
        } finally {
            if (worker != null) {
                NodeSystem.stop(worker.system());
            }
            NodeSystem.stop(miner.system());
        }
    }

    private static WorkerInfo benchWorker() {
        return new WorkerInfo(WorkerId.random(), "bench-worker", new WorkerResources(64 * GIB, GIB, 0, 0, 8, List.of()),
                ResourceTable.defaults(), Set.of(TaskType.AP), false);
    }

    private static void awaitUp(NodeSystem.Started worker) throws InterruptedException {
        long deadline = System.nanoTime() + JOIN_LIMIT.toNanos();
        while (Cluster.get(worker.system()).selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bench worker did not join the bench miner within " + JOIN_LIMIT.toSeconds() + "s");
            }
            Thread.sleep(50);
        }
    }

    /** Sends one task, waits for its outcome, then for {@code gap}; returns send-to-start in nanoseconds. */
    private static long runOne(NodeSystem.Started miner, StartRecorder recorder, int n, Duration gap)
            throws InterruptedException {
        TaskRequest request = new TaskRequest(UUID.randomUUID(),
                new SectorRef(new SectorId(1000, n + 1L), SealProof.STACKED_DRG_2KIB_V1), TaskType.AP, 0, TaskType.AP,
                SelectorSpec.TASK_TYPE, Map.of());
        long sent = System.nanoTime();
        TaskOutcome outcome;
        try {
            outcome = AskPattern.<Scheduler.Command, TaskOutcome>ask(miner.scheduler(),
                    reply -> new Scheduler.Schedule(request, reply), OUTCOME_LIMIT, miner.system().scheduler())
                    .toCompletableFuture().get(OUTCOME_LIMIT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("bench task " + (n + 1) + " did not come back within "
                    + OUTCOME_LIMIT.toSeconds() + "s", e);
        }
        if (outcome.status() != TaskOutcome.Status.DONE) {
            throw new IllegalStateException("bench task " + (n + 1) + " ended " + outcome.status() + ": " + outcome.error());
        }
        Long started = recorder.started.remove(request.schedId());
        if (started == null) {
            throw new IllegalStateException("bench task " + (n + 1) + " finished without its executor starting");
        }
        Thread.sleep(gap.toMillis());
        return started - sent;
    }
}
