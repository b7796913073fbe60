package io.sealer.cluster.node;

import com.typesafe.config.Config;
import io.sealer.cluster.chain.ChainClient;
import io.sealer.cluster.chain.DevChain;
import io.sealer.cluster.sealing.Sealing;
import io.sealer.cluster.sealing.SectorFiles;
import io.sealer.core.actors.ResourceManager;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.actors.SchedulerSettings;
import io.sealer.core.resources.NodeProbe;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.WorkerId;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskExecutor;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a sealer node: a Pekko Cluster member with the roles it was given. A `miner` node
 * hosts the Scheduler (a cluster singleton) and the sealing pipeline; a `worker` node runs a
 * ResourceManager over this machine's resources. `sealer run` starts one node with both roles
 * that joins itself.
 */
public final class SealerNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SealerNode.class);

    /** The roles a node plays. */
    public record Roles(boolean miner, boolean worker) {}

    /** What the guardian spawned. */
    public record Refs(ActorRef<Scheduler.Command> scheduler, ActorRef<Sealing.Command> sealing,
            ActorRef<ResourceManager.Command> worker) {}

    private final ActorSystem<Void> system;
    private final Refs refs;

    private SealerNode(ActorSystem<Void> system, Refs refs) {
        this.system = system;
        this.refs = refs;
    }

    /**
     * Starts the node and joins the cluster (itself when {@code joinSelf}).
     *
     * @param executor runs this worker's tasks (the native proofs in production)
     */
    public static SealerNode start(Config config, NodeSettings settings, Roles roles, SealProof proof,
            Set<TaskType> taskTypes, TaskExecutor executor, boolean joinSelf) {
        return start(config, settings, roles, proof, taskTypes, executor, joinSelf,
                new DevChain(settings.chainName(), settings.waitSeed()));
    }

    /** As above, with the chain given (tests use fixed tickets). */
    public static SealerNode start(Config config, NodeSettings settings, Roles roles, SealProof proof,
            Set<TaskType> taskTypes, TaskExecutor executor, boolean joinSelf, ChainClient chain) {
        SchedulerSettings schedSettings = SchedulerSettings.fromConfig(config);
        WorkerInfo info = roles.worker() ? workerInfo(settings, taskTypes) : null;
        long firstSector = new SectorFiles(settings.storage()).nextSectorNumber(settings.minerId());
        CompletableFuture<Refs> started = new CompletableFuture<>();
        Behavior<Void> guardian = Behaviors.setup(ctx -> {
            var cluster = Cluster.get(ctx.getSystem());
            if (joinSelf) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            ActorRef<Scheduler.Command> scheduler = ClusterSingleton.get(ctx.getSystem())
                    .init(SingletonActor.of(Scheduler.create(schedSettings), "scheduler")
                            .withSettings(ClusterSingletonSettings.create(ctx.getSystem()).withRole("miner")));
            ActorRef<Sealing.Command> sealing = roles.miner()
                    ? ctx.spawn(Sealing.create(new Sealing.Settings(settings.minerId(), proof, settings.maxAttempts(),
                            settings.retryBackoff(), firstSector), scheduler, chain), "sealing")
                    : null;
            ActorRef<ResourceManager.Command> worker = null;
            if (info != null) {
                Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher"));
                worker = ctx.spawn(ResourceManager.create(info, scheduler, executor, blocking, schedSettings.parallelism()),
                        "worker");
            }
            started.complete(new Refs(scheduler, sealing, worker));
            return Behaviors.empty();
        });
        String rolesList = (roles.miner() ? "\"miner\"" : "") + (roles.miner() && roles.worker() ? "," : "")
                + (roles.worker() ? "\"worker\"" : "");
        Config withRoles = com.typesafe.config.ConfigFactory.parseString("pekko.cluster.roles = [" + rolesList + "]")
                .withFallback(config);
        ActorSystem<Void> system = ActorSystem.create(guardian, "sealer", withRoles);
        try {
            return new SealerNode(system, started.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("the node did not start: " + e.getMessage(), e);
        }
    }

    /** This machine as a worker: probed resources and the resource table after env overrides. */
    static WorkerInfo workerInfo(NodeSettings settings, Set<TaskType> taskTypes) {
        WorkerResources res = NodeProbe.system().probe(settings.noSwap());
        Map<String, String> env = System.getenv();
        ResourceTable table = ResourceTable.fromEnv(env, w -> LOG.warn("{}", w));
        String name = settings.workerName().isBlank() ? hostname() : settings.workerName();
        return new WorkerInfo(WorkerId.random(), name, res, table, taskTypes, false);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public Refs refs() {
        return refs;
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("node did not stop cleanly: {}", e.getMessage());
        }
    }
}
