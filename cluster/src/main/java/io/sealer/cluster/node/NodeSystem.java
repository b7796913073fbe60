package io.sealer.cluster.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.sealer.core.actors.ResourceManager;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.actors.SchedulerSettings;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.worker.TaskExecutor;
import io.sealer.core.worker.TaskResultStore;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * One cluster member of a `sealer miner|worker|node run` process: its configuration (roles,
 * Artery on the HTTP host at the cluster port, the readiness check) and its actors: the
 * Scheduler singleton on role miner (a proxy elsewhere), the membership watcher on a miner,
 * and a ResourceManager when the node runs a worker. It joins itself, or the seeds given.
 */
public final class NodeSystem {
    private static final int STARTUP_LIMIT_SECONDS = 30;
    private static final int STOP_LIMIT_SECONDS = 30;

    private NodeSystem() {}

    /**
     * What to start.
     *
     * @param roles "miner" and/or "worker"
     * @param listen the HTTP address; Artery binds the same host and advertises it (this machine's address for a wildcard)
     * @param clusterPort Artery's port, 0 = any free port
     * @param seeds cluster addresses to join; empty = found a cluster of its own
     * @param worker the local worker, or null for none
     * @param executor runs the local worker's tasks (unused without one)
     * @param results where the local worker records finished tasks until their sectors acknowledge (null: not kept)
     * @param extra configuration over the operator's (the journal on a miner)
     */
    public record Plan(Set<String> roles, ListenAddress listen, int clusterPort, List<String> seeds, WorkerInfo worker,
            TaskExecutor executor, TaskResultStore results, Config extra) {
        public Plan {
            roles = Set.copyOf(roles);
            seeds = List.copyOf(seeds);
        }
    }

    /** The started member and what its guardian spawned (worker null without a local worker). */
    public record Started(ActorSystem<Void> system, ActorRef<Scheduler.Command> scheduler,
            ActorRef<ResourceManager.Command> worker) {}

    /** The node's configuration: the plan over {@code base} (application.conf over reference.conf). */
    static Config config(Config base, Plan plan) {
        return ConfigFactory.empty()
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(new ArrayList<>(plan.roles())))
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(plan.listen().advertisedHost()))
                .withValue("pekko.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(plan.listen().host()))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(plan.clusterPort()))
                .withValue("pekko.management.health-checks.readiness-checks.sealer",
                        ConfigValueFactory.fromAnyRef(NodeReadiness.class.getName()))
                .withFallback(plan.extra())
                .withFallback(base)
                .resolve();
    }

    /** Parses the seeds before anything starts: "pekko://sealer@HOST:PORT". */
    static List<Address> seedAddresses(List<String> seeds) {
        List<Address> out = new ArrayList<>();
        for (String s : seeds) {
            try {
                Address a = AddressFromURIString.parse(s);
                if (a.host().isEmpty() || a.port().isEmpty()) {
                    throw new IllegalArgumentException("no host or port");
                }
                out.add(a);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + s + "' is not a cluster address like pekko://sealer@HOST:PORT");
            }
        }
        return out;
    }

    /** Starts the member; the failure message says why in one line (a port in use names it). */
    public static Started start(Config base, Plan plan) {
        Config config = config(base, plan);
        SchedulerSettings schedSettings = NodeConfig.settings(config, SchedulerSettings::fromConfig);
        List<Address> seeds = seedAddresses(plan.seeds());
        return boot(config, ctx -> spawn(ctx, plan, schedSettings, seeds), reason -> "cannot listen for cluster traffic on "
                + plan.listen().host() + ":" + plan.clusterPort() + ": " + reason + "; choose another --cluster-port");
    }

    /**
     * Creates the actor system "sealer" whose guardian runs {@code spawn}, and returns what it
     * spawned; every failure is an IllegalStateException with one line for the operator.
     *
     * @param bindFailure the line for a port in use, from the operating system's reason
     */
    static <T> T boot(Config config, Function<ActorContext<Void>, T> spawn, UnaryOperator<String> bindFailure) {
        CompletableFuture<T> started = new CompletableFuture<>();
        Behavior<Void> guardian = Behaviors.setup(ctx -> {
            try {
                started.complete(spawn.apply(ctx));
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
                throw e;
            }
            return Behaviors.empty();
        });
        ActorSystem<Void> system;
        try {
            system = ActorSystem.create(guardian, "sealer", config);
        } catch (RuntimeException e) {
            Throwable root = SealerNode.rootCause(e);
            if (root instanceof BindException) {
                throw new IllegalStateException(bindFailure.apply(SealerNode.message(root)), e);
            }
            throw new IllegalStateException("the node did not start: " + SealerNode.message(root), e);
        }
        try {
            return started.get(STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            system.terminate();
            throw new IllegalStateException("the node did not start within " + STARTUP_LIMIT_SECONDS + "s", e);
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("the node did not start: " + SealerNode.message(SealerNode.rootCause(e)), e);
        }
    }

    /** Terminates the member (leaving the cluster) and waits for it; a slow stop is logged, not thrown. */
    public static void stop(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(STOP_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(NodeSystem.class).warn("the node did not stop within {}s", STOP_LIMIT_SECONDS);
        }
    }

    private static Started spawn(ActorContext<Void> ctx, Plan plan, SchedulerSettings schedSettings, List<Address> seeds) {
        Cluster cluster = Cluster.get(ctx.getSystem());
        if (seeds.isEmpty()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        } else {
            cluster.manager().tell(new JoinSeedNodes(seeds));
        }
        ActorRef<Scheduler.Command> scheduler = ClusterSingleton.get(ctx.getSystem())
                .init(SingletonActor.of(Scheduler.create(schedSettings), "scheduler")
                        .withStopMessage(Scheduler.Stop.INSTANCE)
                        .withSettings(ClusterSingletonSettings.create(ctx.getSystem()).withRole(SealerNode.MINER)));
        if (plan.roles().contains(SealerNode.MINER)) {
            ctx.spawn(MembershipWatcher.create(scheduler, change -> java.util.Optional.of(new Scheduler.NodeStatusChanged(
                    change.address(), Scheduler.NodeStatus.valueOf(change.status().name())))), "membership");
        }
        ActorRef<ResourceManager.Command> worker = null;
        if (plan.worker() != null) {
            Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("sealer-task-dispatcher"));
            worker = ctx.spawn(ResourceManager.create(plan.worker(), scheduler, plan.executor(), blocking,
                    schedSettings.parallelism(), ResourceManager.DEFAULT_HEARTBEAT, plan.results()), "worker");
        }
        return new Started(ctx.getSystem(), scheduler, worker);
    }
}
