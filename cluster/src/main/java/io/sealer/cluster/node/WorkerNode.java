package io.sealer.cluster.node;

import com.typesafe.config.Config;
import io.sealer.cli.worker.WorkerReport;
import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.MinerTokenCheck;
import io.sealer.cluster.join.ClusterSeeds;
import io.sealer.cluster.join.SeedDiscovery;
import io.sealer.cluster.metrics.SealerMetrics;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import io.sealer.cluster.sealing.MinerPieces;
import io.sealer.cluster.sealing.NativeTaskExecutor;
import io.sealer.cluster.sealing.ParentCacheDir;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.RemoteFetcher;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.transfer.TransferServer;
import io.sealer.cluster.storage.index.ActorStorageIndexClient;
import io.sealer.cluster.storage.index.NodeStorage;
import io.sealer.cluster.storage.index.StorageRoutes;
import io.sealer.core.actors.ResourceManager;
import io.sealer.core.actors.Scheduler;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskResultStore;
import io.sealer.proofs.JnaSealingFfi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * A `sealer worker run` process: the worker repository (locked while running) and a cluster
 * member with role worker that joins the miner's cluster the way a Lotus worker connects: it
 * asks the miner's API, with the MINER_API_INFO token, for the seed addresses (retrying with
 * backoff while the miner cannot be reached; a refused token ends the process). When its member
 * is gone (the miner restarted, or this worker was downed), it starts a new member after a
 * fresh discovery, and logs how long rejoining took.
 */
public final class WorkerNode {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
    /** How long one API call to the miner may take. */
    private static final Duration API_TIMEOUT = Duration.ofSeconds(10);
    /** Discovery never gives up by itself; only a refused token or a stop ends it. */
    private static final Duration DISCOVER_FOREVER = Duration.ofDays(3650);
    private static final Duration HTTP_BIND_LIMIT = Duration.ofSeconds(15);
    /** How often a joined worker asks the miner's API whether the miner restarted. */
    private static final Duration SESSION_CHECK = Duration.ofSeconds(2);
    /** How often a worker that lost its miner checks whether its running tasks are done. */
    private static final Duration QUIET_POLL = Duration.ofSeconds(1);
    /** How long `worker stop` waits for the storage index to confirm it detached the worker's paths. */
    private static final Duration DETACH_LIMIT = Duration.ofSeconds(5);

    private WorkerNode() {}

    /**
     * What the command line asked for; null fields take config.conf's value.
     *
     * @param miner where the miner's API is, with a token of admin permission
     * @param noLocalStorage on first start, no default storage path in the repository
     */
    public record Options(Path repo, String listen, Integer clusterPort, Set<TaskType> tasks, String name, Boolean noSwap,
            ApiInfo miner, boolean noLocalStorage, Integer parallelFetchLimit) {}

    /**
     * Runs the worker until the process is stopped.
     *
     * @throws ApiClient.ApiCallException when the miner refuses the token
     */
    public static void run(Config base, Options options)
            throws RepoException, IOException, InterruptedException, ApiClient.ApiCallException, StorageException {
        NodeRepo repo = NodeRepo.openOrInit(options.repo(), NodeKind.WORKER);
        RepoLock lock = RepoLock.acquire(repo.dir());
        TransferServer transfer = null;
        try {
            Config conf = repo.config();
            ListenAddress listen = ListenAddress.parse(options.listen() != null ? "--listen"
                    : repo.configFile() + " Worker.ListenAddress",
                    options.listen() != null ? options.listen() : conf.getString("Worker.ListenAddress"));
            int clusterPort = options.clusterPort() != null ? options.clusterPort() : conf.getInt("Cluster.Port");
            transfer = TransferServer.fromConfig(repo.configFile() + " Worker.TransferPort", listen.host(),
                    conf.getInt("Worker.TransferPort"));
            String name = options.name() != null ? options.name() : conf.getString("Worker.Name");
            boolean noSwap = options.noSwap() != null ? options.noSwap() : conf.getBoolean("Worker.NoSwap");
            NodeSettings settings = NodeConfig.settings(base, NodeSettings::fromConfig);
            WorkerInfo info = SealerNode.workerInfo(name, noSwap, options.tasks());
            LocalStorage paths = NodeStorage.open(repo.dir(), options.noLocalStorage(), false);
            ActorStorageIndexClient index = new ActorStorageIndexClient();
            SealerMetrics metrics = new SealerMetrics();
            NativeTaskExecutor executor = new NativeTaskExecutor(JnaSealingFfi.get(), paths, index,
                    new RemoteFetcher(options.miner().token(), options.parallelFetchLimit() != null
                            ? options.parallelFetchLimit() : conf.getInt("Worker.ParallelFetchLimit"),
                            MinerNode.FETCH_TIMEOUT).onFetched(metrics::fetched), ParentCacheDir.resolve(System.getenv()),
                    settings.pc2Threads(),
                    new MinerPieces(options.miner()));
            ApiClient miner = new ApiClient(options.miner(), "the miner", API_TIMEOUT);
            SeedDiscovery discovery = new SeedDiscovery(miner, SeedDiscovery.SYSTEM, line -> LOG.warn("{}", line));
            MinerTokenCheck tokens = new MinerTokenCheck(miner);
            tokens.warm(options.miner().token());
            WorkerApi api = new WorkerApi(new RunningWorker(info, WorkerReport.Host.probe(System.getenv()), System.getenv(),
                    paths), metrics);
            new Member(base, listen, clusterPort, api, executor, new TaskResultStore(repo.dir().resolve("results")), miner,
                    discovery, new Storage(repo, paths, index, settings.minerId(), tokens, options.miner().token(),
                    transfer)).runUntilStopped();
        } finally {
            if (transfer != null) {
                transfer.close();
            }
            // also here: the member's own removal runs on its termination, which may race the JVM's exit
            ApiFiles.remove(repo);
            lock.close();
        }
    }

    /**
     * The worker's storage, the same for every member: its paths, the miner's index (reached
     * through each member in turn), and the token checks of its API.
     */
    private record Storage(NodeRepo repo, LocalStorage local, ActorStorageIndexClient index, long minerId,
            MinerTokenCheck tokens, String minerToken, TransferServer transfer) {}

    /** The worker's current cluster member, replaced by a new one whenever it is gone. */
    private static final class Member {
        private final Config base;
        private final ListenAddress listen;
        private final int clusterPort;
        private final WorkerInfo info;
        private final WorkerApi api;
        private final NativeTaskExecutor executor;
        private final TaskResultStore results;
        private final ApiClient miner;
        private final SeedDiscovery discovery;
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final AtomicReference<ActorSystem<Void>> current = new AtomicReference<>();
        private final AtomicReference<NodeStorage> nodeStorage = new AtomicReference<>();
        private final Storage storage;

        Member(Config base, ListenAddress listen, int clusterPort, WorkerApi api, NativeTaskExecutor executor,
                TaskResultStore results, ApiClient miner, SeedDiscovery discovery, Storage storage) {
            this.storage = storage;
            this.results = results;
            this.miner = miner;
            this.base = base;
            this.listen = listen;
            this.clusterPort = clusterPort;
            this.info = api.worker().info();
            this.api = api;
            this.executor = executor;
            this.discovery = discovery;
        }

        void runUntilStopped() throws InterruptedException, ApiClient.ApiCallException {
            Thread hook = new Thread(this::stop, "worker-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            long lostAt = System.nanoTime();
            boolean rejoin = false;
            while (!stopping.get()) {
                ClusterSeeds seeds = discovery.fetch(DISCOVER_FOREVER);
                // A downed or removed member keeps its actor system (and its running tasks) until the
                // tasks are done: see waitQuiet.
                NodeSystem.Started node = NodeSystem.start(base, new NodeSystem.Plan(Set.of(SealerNode.WORKER), listen,
                        clusterPort, seeds.seeds(), api.worker().info(), executor, results, com.typesafe.config.ConfigFactory.parseString(
                                "pekko.cluster.run-coordinated-shutdown-when-down = off")));
                ActorSystem<Void> system = node.system();
                current.set(system);
                if (stopping.get()) {
                    NodeSystem.stop(system);
                    break;
                }
                api.worker().attach(node);
                serveHealth(system, node);
                watchMinerSession(system, seeds.session());
                long since = lostAt;
                boolean again = rejoin;
                Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> {
                    double took = (System.nanoTime() - since) / 1e9;
                    if (again) {
                        LOG.info("worker {} rejoined the cluster through {} in {}s", info.hostname(), seeds.seeds().get(0),
                                String.format(java.util.Locale.ROOT, "%.1f", took));
                    } else {
                        LOG.info("worker {} joined the cluster through {} in {}s", info.hostname(), seeds.seeds().get(0),
                                String.format(java.util.Locale.ROOT, "%.1f", took));
                    }
                });
                CompletableFuture<Void> out = new CompletableFuture<>();
                Cluster.get(Adapter.toClassic(system)).registerOnMemberRemoved(() -> out.complete(null));
                system.getWhenTerminated().thenRun(() -> out.complete(null));
                out.join();
                if (!stopping.get()) {
                    lostAt = System.nanoTime();
                    rejoin = true;
                    LOG.warn("worker {} is out of the cluster (the miner stopped or this worker was downed); rejoining",
                            info.hostname());
                    waitQuiet(node, "rejoining");
                    NodeSystem.stop(system);
                }
            }
        }

        /**
         * As a Lotus worker does after losing its miner: takes no new task, lets the running ones
         * finish (each records its result in the TaskResultStore before reporting it), and only
         * then drops the old member, so a miner restart never throws away hours of PreCommit1. The
         * new member reports the recorded results to the new Scheduler instead of running them again.
         */
        private void waitQuiet(NodeSystem.Started node, String before) {
            if (node.worker() == null || node.system().whenTerminated().isCompleted()) {
                return;
            }
            node.worker().tell(ResourceManager.SchedulerDisabled.INSTANCE);
            boolean told = false;
            while (!stopping.get()) {
                ResourceManager.WorkerStatus status;
                try {
                    status = AskPattern.ask(node.worker(), ResourceManager.GetStatus::new, QUIET_POLL.multipliedBy(5),
                            node.system().scheduler()).toCompletableFuture().get(QUIET_POLL.toMillis() * 10, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    return;
                }
                if (status.jobs().isEmpty()) {
                    break;
                }
                if (!told) {
                    LOG.info("worker {} lets its {} running task(s) finish before {}; their results are kept",
                            info.hostname(), status.jobs().size(), before);
                    told = true;
                }
                sleep(QUIET_POLL);
            }
            // the last outcome is written to the result store just after its task leaves the pools
            sleep(QUIET_POLL);
        }

        private static void sleep(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Leaves a cluster the miner is no longer in: when the miner's API answers with a new
         * session (it restarted) and none of the seeds it hands out is a member here, this member
         * is in a cluster without a Scheduler, so it stops at once (and rejoins) instead of
         * waiting for the split brain resolver to down it.
         */
        private void watchMinerSession(ActorSystem<Void> system, String joinedSession) {
            ExecutionContextExecutor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
            AtomicBoolean leaving = new AtomicBoolean();
            system.scheduler().scheduleWithFixedDelay(SESSION_CHECK, SESSION_CHECK, () -> {
                ClusterSeeds now;
                try {
                    now = miner.get("/api/v0/cluster/seeds", ClusterSeeds.class);
                } catch (ApiClient.ApiCallException e) {
                    return;
                }
                Cluster cluster = Cluster.get(system);
                Set<String> members = new HashSet<>();
                cluster.state().getMembers().forEach(m -> members.add(m.address().toString()));
                if (!now.session().equals(joinedSession) && now.seeds().stream().noneMatch(members::contains)
                        && leaving.compareAndSet(false, true)) {
                    LOG.info("the miner restarted (new session, not in this worker's cluster); rejoining");
                    // Downing itself stops the member at once; a graceful leave would wait for the lost leader.
                    org.apache.pekko.cluster.typed.Cluster.get(system).manager()
                            .tell(new org.apache.pekko.cluster.typed.Down(cluster.selfAddress()));
                }
            }, blocking);
        }

        private void serveHealth(ActorSystem<Void> system, NodeSystem.Started node) {
            AllDirectives d = new AllDirectives() {};
            NodeStorage nodeStorage = NodeStorage.create(system, storage.local(), NodeStorage.index(system,
                    storage.minerId(), node.scheduler()), NodeStorage.nodeName(info.hostname(), storage.repo().dir()),
                    storage.transfer());
            storage.index().connect(system, nodeStorage.index());
            this.nodeStorage.set(nodeStorage);
            StorageRoutes storageRoutes = new StorageRoutes(system, nodeStorage, storage.minerId(), false);
            var workerRoutes = api.routes(system, this::drainAndStop);
            try {
                NodeHttp http = NodeHttp.start(system, listen.host(), listen.port(), storage.tokens(), api.open(system),
                        caller -> d.concat(storageRoutes.routes(caller), nodeStorage.remote(caller), workerRoutes.apply(caller)))
                        .toCompletableFuture().get(HTTP_BIND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                nodeStorage.announce(info.hostname(), listen.advertisedHost(), http.address().getPort());
                ApiFiles.publish(storage.repo(), new ApiAddress(listen.advertisedHost(), http.address().getPort()),
                        storage.minerToken());
                system.getWhenTerminated().thenRun(() -> ApiFiles.remove(storage.repo()));
            } catch (Exception e) {
                NodeSystem.stop(system);
                stopping.set(true);
                throw new IllegalStateException("cannot serve HTTP on " + listen.host() + ":" + listen.port() + ": "
                        + SealerNode.message(SealerNode.rootCause(e)) + "; choose another --listen", e);
            }
        }

        /**
         * `sealer worker stop`: the Scheduler takes its unstarted tasks back and gives it no new
         * one, its running tasks finish (their results recorded and sent), then the member leaves
         * and the process ends with status 0.
         */
        private void drainAndStop() {
            NodeSystem.Started node = api.worker().current();
            if (node != null) {
                node.scheduler().tell(new Scheduler.SetWorkerEnabled(info.id(), false));
                waitQuiet(node, "stopping");
            }
            NodeStorage paths = nodeStorage.get();
            if (paths != null && !paths.detach(DETACH_LIMIT)) {
                LOG.warn("worker {}: the storage index did not confirm detaching its paths within {} s; "
                        + "they drop out after missing five heartbeats", info.hostname(), DETACH_LIMIT.toSeconds());
            }
            LOG.info("worker {} stopped: no task left running", info.hostname());
            stop();
        }

        /** The JVM is stopping (SIGTERM, Ctrl-C): leave the cluster and start no new member. */
        private void stop() {
            stopping.set(true);
            ActorSystem<Void> system = current.get();
            if (system != null) {
                NodeSystem.stop(system);
            }
        }
    }
}
