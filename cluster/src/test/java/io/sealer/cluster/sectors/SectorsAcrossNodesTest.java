package io.sealer.cluster.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.chain.DevChain;
import io.sealer.core.actors.ResourceManager;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.actors.SchedulerSettings;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.AssignerKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.sector.SectorState;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskExecutor;
import io.sealer.core.worker.TaskResultStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cluster members in one JVM, on 127.0.0.1, every message serialized: the miner node runs
 * the Scheduler and the sectors (in-memory journal), the worker node a ResourceManager whose
 * only link to the miner is the Scheduler's reference resolved from its serialized form. A
 * pledged sector reaches Proving with every task run once on the worker, each outcome reaching
 * the sector's entity through the miner's router and acknowledged back to the worker's records.
 */
class SectorsAcrossNodesTest {
    private static final long GIB = 1L << 30;

    private ActorTestKit miner;
    private ActorTestKit worker;

    @TempDir
    Path records;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.shutdownTestKit();
        }
        if (miner != null) {
            miner.shutdownTestKit();
        }
    }

    private static Config node(String role) {
        return ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.actor.serialize-messages = on
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.cluster.roles = [%s]
                """.formatted(role))
                .withFallback(PersistenceTestKitPlugin.getInstance().config())
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.load());
    }

    /** Answers every task with the outputs the sector reads next, counting runs per call. */
    private static final class CountingExecutor implements TaskExecutor {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @Override
        public void prepare(TaskRequest request) {}

        @Override
        public Map<String, String> work(TaskRequest request, int threads) {
            runs.computeIfAbsent(request.callId(), k -> new AtomicInteger()).incrementAndGet();
            return switch (request.type()) {
                case AP -> Map.of("commD", "aa", "commDCid", "baga6ea4seaqaa");
                case PC1 -> Map.of("replicaId", "bb");
                case PC2 -> Map.of("commR", "cc", "commRCid", "bagboea4b5abcc");
                case C1 -> Map.of("commit1Bytes", "1024");
                case C2 -> Map.of("proofSha256", "dd");
                default -> Map.of();
            };
        }
    }

    @Test
    void aWorkerOnAnotherNodeSealsAPledgedSector() throws Exception {
        miner = ActorTestKit.create("sealer", node("miner"));
        worker = ActorTestKit.create("sealer", node("worker"));
        ActorSystem<Void> m = miner.system();
        Cluster.get(m).manager().tell(Join.create(Cluster.get(m).selfMember().address()));
        Cluster.get(worker.system()).manager().tell(Join.create(Cluster.get(m).selfMember().address()));
        miner.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
            assertEquals(MemberStatus.up(), Cluster.get(worker.system()).selfMember().status());
            return null;
        });

        ActorRef<Scheduler.Command> scheduler = miner.spawn(Scheduler.create(
                new SchedulerSettings(Duration.ZERO, AssignerKind.UTILIZATION, Parallelism.ALL)), "scheduler");
        SectorsService sectors = SectorsRuntime.start(m, new SectorsRuntime.Settings(1000,
                SealProof.STACKED_DRG_2KIB_V1, 3, Duration.ofMillis(50), Duration.ofHours(6), true, false), scheduler,
                new DevChain("devnet", Duration.ofMillis(50)));

        ActorRef<Scheduler.Command> remoteScheduler = ActorRefResolver.get(worker.system()).resolveActorRef(
                ActorRefResolver.get(m).toSerializationFormat(scheduler));
        CountingExecutor executor = new CountingExecutor();
        TaskResultStore store = new TaskResultStore(records);
        WorkerInfo info = new WorkerInfo(WorkerId.random(), "far-worker",
                new WorkerResources(64 * GIB, GIB, 0, 0, 8, List.of()), ResourceTable.defaults(),
                EnumSet.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2, TaskType.FIN,
                        TaskType.GET), false);
        worker.spawn(ResourceManager.create(info, remoteScheduler, executor,
                worker.system().dispatchers().lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher")),
                Parallelism.ALL, ResourceManager.DEFAULT_HEARTBEAT, store));

        List<SectorsService.SectorView> pledged = sectors.pledge(1, 0).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(1, pledged.get(0).info().id().number());

        miner.createTestProbe().awaitAssert(Duration.ofSeconds(30), () -> {
            SectorsService.SectorView v = sectors.status(1).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
            assertEquals(SectorState.PROVING, v.info().state(), v.info().history().toString());
            assertTrue(store.pending().isEmpty(), "every outcome acknowledged back to the worker");
            return null;
        });
        assertEquals(7, executor.runs.size(), "AP, PC1, PC2, C1, C2, FIN and Finalize's GET: " + executor.runs);
        executor.runs.forEach((call, n) -> assertEquals(1, n.get(), call + " ran once"));
        assertTrue(sectors.status(2).toCompletableFuture().get(5, TimeUnit.SECONDS).isEmpty());
        assertEquals(1, sectors.list().toCompletableFuture().get(5, TimeUnit.SECONDS).size());
    }
}
