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
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a sealer node: a Pekko Cluster member with the roles of {@code pekko.cluster.roles}.
 * A `miner` node hosts the Scheduler (a cluster singleton) and the sealing pipeline; a
 * `worker` node runs a ResourceManager over this machine's resources. What the node spawns is
 * decided by its own member's roles. `sealer run` starts one node with both roles that joins
 * itself.
 */
public final class SealerNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SealerNode.class);

    /** The role of a node that hosts the Scheduler singleton and the sealing pipeline. */
    public static final String MINER = "miner";
    /** The role of a node that runs tasks on its machine. */
    public static final String WORKER = "worker";

    /** The task types a worker of `sealer run` takes: every step of sealing a sector. */
    public static final Set<TaskType> SEALING_TASKS = Collections.unmodifiableSet(EnumSet.of(TaskType.AP, TaskType.PC1,
            TaskType.PC2, TaskType.C1, TaskType.C2, TaskType.FIN, TaskType.GET, TaskType.UNS));

    /** What the guardian spawned; sealing is null on a node without the miner role, worker without the worker role. */
    public record Refs(ActorRef<Scheduler.Command> scheduler, ActorRef<Sealing.Command> sealing,
            ActorRef<ResourceManager.Command> worker) {}

    /** Pekko's bind failure: "[/127.0.0.1:7355] Address already in use". */
    private static final Pattern PEKKO_BIND_REASON = Pattern.compile("^\\[/?([^\\]]+)\\]\\s*(.*)$");

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
    public static SealerNode start(Config config, NodeSettings settings, SealProof proof,
            Set<TaskType> taskTypes, TaskExecutor executor, boolean joinSelf) {
        return start(config, settings, proof, taskTypes, executor, joinSelf,
                new DevChain(settings.chainName(), settings.waitSeed()));
    }

    /** As above, with the chain given (tests use fixed tickets). */
    public static SealerNode start(Config config, NodeSettings settings, SealProof proof,
            Set<TaskType> taskTypes, TaskExecutor executor, boolean joinSelf, ChainClient chain) {
        SchedulerSettings schedSettings = NodeConfig.settings(config, SchedulerSettings::fromConfig);
        // Probing runs nvidia-smi: done here, before the actors, and only where a worker will run.
        WorkerInfo info = config.getStringList("pekko.cluster.roles").contains(WORKER)
                ? workerInfo(settings, taskTypes) : null;
        long firstSector = new SectorFiles(settings.storage()).nextSectorNumber(settings.minerId());
        return NodeSystem.boot(config, ctx -> new SealerNode(ctx.getSystem(),
                spawn(ctx, settings, schedSettings, proof, info, executor, joinSelf, chain, firstSector)),
                reason -> bindFailure(config, reason));
    }

    /** Joins, and spawns what this member's roles call for. */
    private static Refs spawn(ActorContext<Void> ctx, NodeSettings settings, SchedulerSettings schedSettings,
            SealProof proof, WorkerInfo info, TaskExecutor executor, boolean joinSelf, ChainClient chain,
            long firstSector) {
        Cluster cluster = Cluster.get(ctx.getSystem());
        if (joinSelf) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        ActorRef<Scheduler.Command> scheduler = ClusterSingleton.get(ctx.getSystem())
                .init(SingletonActor.of(Scheduler.create(schedSettings), "scheduler")
                        .withStopMessage(Scheduler.Stop.INSTANCE)
                        .withSettings(ClusterSingletonSettings.create(ctx.getSystem()).withRole(MINER)));
        ActorRef<Sealing.Command> sealing = cluster.selfMember().hasRole(MINER)
                ? ctx.spawn(Sealing.create(new Sealing.Settings(settings.minerId(), proof, settings.maxAttempts(),
                        settings.retryBackoff(), firstSector), scheduler, chain), "sealing")
                : null;
        ActorRef<ResourceManager.Command> worker = null;
        if (info != null && cluster.selfMember().hasRole(WORKER)) {
            Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher"));
            worker = ctx.spawn(ResourceManager.create(info, scheduler, executor, blocking, schedSettings.parallelism()),
                    "worker");
        }
        return new Refs(scheduler, sealing, worker);
    }

    /** "the node cannot listen on 10.0.0.5:7355: Address already in use; set ..."; Pekko's "[/host:port] why" unpacked. */
    static String bindFailure(Config config, String reason) {
        String where = config.getString("pekko.remote.artery.canonical.hostname") + ":"
                + config.getInt("pekko.remote.artery.canonical.port");
        String why = reason;
        Matcher m = PEKKO_BIND_REASON.matcher(reason);
        if (m.matches()) {
            where = m.group(1);
            why = m.group(2);
        }
        return "the node cannot listen on " + where + ": " + why + "; set sealer.node.port or SEALER_NODE_PORT to a free port";
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String message(Throwable t) {
        return t.getMessage() == null ? "no reason given" : t.getMessage();
    }

    /** This machine as a worker: probed resources and the resource table after env overrides. */
    static WorkerInfo workerInfo(NodeSettings settings, Set<TaskType> taskTypes) {
        return workerInfo(settings.workerName(), settings.noSwap(), taskTypes);
    }

    /**
     * This machine as a worker named {@code workerName} (blank: the host name). Probing runs
     * nvidia-smi: call it before the actors start.
     */
    public static WorkerInfo workerInfo(String workerName, boolean noSwap, Set<TaskType> taskTypes) {
        WorkerResources res = NodeProbe.system().probe(noSwap);
        Map<String, String> env = System.getenv();
        ResourceTable table = WorkerEnv.resourceTable(env, res.gpuCount(), w -> LOG.warn("{}", w));
        String name = workerName.isBlank() ? hostname() : workerName;
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
