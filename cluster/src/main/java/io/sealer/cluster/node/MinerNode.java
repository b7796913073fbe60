package io.sealer.cluster.node;

import com.typesafe.config.Config;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiAddress;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.chain.DevChain;
import io.sealer.cluster.join.ClusterRoutes;
import io.sealer.cluster.metrics.MetricsFeed;
import io.sealer.cluster.metrics.MetricsRoutes;
import io.sealer.cluster.metrics.MetricsSettings;
import io.sealer.cluster.metrics.SealerMetrics;
import io.sealer.cluster.operator.SealingRoutes;
import io.sealer.cluster.operator.SealingService;
import io.sealer.cluster.persistence.JournalSchema;
import io.sealer.cluster.persistence.JournalSettings;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import io.sealer.cluster.sealing.MinerPieces;
import io.sealer.cluster.sealing.NativeTaskExecutor;
import io.sealer.cluster.sealing.ParentCacheDir;
import io.sealer.cluster.sectors.DealData;
import io.sealer.cluster.sectors.PieceRoutes;
import io.sealer.cli.SealerCli;
import io.sealer.cluster.rpc.JsonRpcDispatcher;
import io.sealer.cluster.rpc.LotusMethods;
import io.sealer.cluster.rpc.RpcRoute;
import io.sealer.cluster.rpc.SectorsRpcBackend;
import io.sealer.cluster.sectors.SectorsRoutes;
import io.sealer.cluster.sectors.SectorsRuntime;
import io.sealer.cluster.sectors.SectorsService;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.transfer.TransferServer;
import io.sealer.cluster.storage.RemoteFetcher;
import io.sealer.cluster.storage.index.ActorStorageIndexClient;
import io.sealer.cluster.storage.index.NodeStorage;
import io.sealer.cluster.storage.index.StorageRoutes;
import io.sealer.core.sched.WorkerInfo;
import io.sealer.core.task.SealProof;
import io.sealer.core.worker.TaskResultStore;
import io.sealer.core.task.TaskType;
import io.sealer.proofs.JnaSealingFfi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A `sealer miner run` process: the miner repository (initialised on first use, locked while
 * running), a cluster member with role miner (and worker when its Storage.Allow* switches let
 * its own local worker take anything), the journal, the sectors, and the HTTP API. While it
 * runs, the repository's {@code api} and {@code token} files tell clients and workers where it
 * is; a clean stop removes them.
 */
public final class MinerNode {
    /** The chain's block time Lotus tools expect from Filecoin.Version (mainnet: 30 s). */
    private static final long BLOCK_DELAY_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(MinerNode.class);
    private static final Duration SCHEMA_LIMIT = Duration.ofSeconds(30);
    private static final Duration HTTP_BIND_LIMIT = Duration.ofSeconds(15);
    /** How long the Scheduler may take to answer an operator view (each worker gets 3 s of it). */
    private static final Duration SEALING_LIMIT = Duration.ofSeconds(10);
    /** How long one sector file download may stall before the next source is tried. */
    static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

    private MinerNode() {}

    /**
     * What the command line asked for; null fields take config.conf's value.
     *
     * @param localWorker the local worker's task types instead of Storage.Allow* (`node run --roles miner,worker`)
     * @param noLocalStorage on first start, no default storage path in the repository
     */
    public record Options(Path repo, SealProof proof, String apiListen, Integer clusterPort, Set<TaskType> localWorker,
            boolean noLocalStorage, Integer parallelFetchLimit) {}

    /** Runs the miner until the process is stopped; the message of a failure is one line for the operator. */
    public static void run(Config base, Options options)
            throws RepoException, IOException, InterruptedException, StorageException {
        NodeRepo repo = NodeRepo.openOrInit(options.repo(), NodeKind.MINER);
        RepoLock lock = RepoLock.acquire(repo.dir());
        try {
            Config conf = repo.config();
            ListenAddress listen = ListenAddress.parse(options.apiListen() != null ? "--api-listen"
                    : repo.configFile() + " API.ListenAddress",
                    options.apiListen() != null ? options.apiListen() : conf.getString("API.ListenAddress"));
            int clusterPort = options.clusterPort() != null ? options.clusterPort() : conf.getInt("Cluster.Port");
            Set<TaskType> localTasks = options.localWorker() != null ? options.localWorker()
                    : WorkerTasks.minerLocal(allowed(conf));
            NodeSettings settings = NodeConfig.settings(base, NodeSettings::fromConfig).withRepo(repo.dir());
            JournalSettings journal = NodeConfig.settings(base, c -> JournalSettings.fromConfig(
                    c.getConfig("sealer.journal"), repo.journalDatabase()));
            Set<String> roles = new LinkedHashSet<>(List.of(SealerNode.MINER));
            LocalStorage paths = NodeStorage.open(repo.dir(), options.noLocalStorage(), true);
            WorkerInfo worker = null;
            ActorStorageIndexClient index = new ActorStorageIndexClient();
            SealerMetrics metrics = new SealerMetrics();
            NativeTaskExecutor executor = null;
            TaskResultStore results = null;
            MinerPieces localPieces = new MinerPieces();
            if (!localTasks.isEmpty()) {
                roles.add(SealerNode.WORKER);
                worker = SealerNode.workerInfo(conf.getString("Storage.LocalWorkerName"), settings.noSwap(), localTasks);
                RemoteFetcher fetcher = new RemoteFetcher(new ApiTokens(ApiSecret.load(repo.apiSecretFile()))
                        .create(Permission.ADMIN, "miner-fetch"), options.parallelFetchLimit() != null
                        ? options.parallelFetchLimit() : conf.getInt("Storage.ParallelFetchLimit"), FETCH_TIMEOUT)
                        .onFetched(metrics::fetched);
                executor = new NativeTaskExecutor(JnaSealingFfi.get(), paths, index, fetcher,
                        ParentCacheDir.resolve(System.getenv()), settings.pc2Threads(), localPieces);
                results = new TaskResultStore(repo.dir().resolve("results"));
            }
            TransferServer transfer = TransferServer.fromConfig(repo.configFile() + " API.TransferPort", listen.host(),
                    conf.getInt("API.TransferPort"));
            try {
                NodeSystem.Started node = NodeSystem.start(base, new NodeSystem.Plan(roles, listen, clusterPort,
                        List.of(), worker, executor, results, journal.pekkoConfig()));
                try {
                    serve(node, repo, conf, settings, options.proof(), journal, listen, paths, index,
                            worker != null ? worker.hostname() : listen.advertisedHost(), metrics, localPieces, transfer);
                    node.system().getWhenTerminated().toCompletableFuture().join();
                } finally {
                    ApiFiles.remove(repo);
                    NodeSystem.stop(node.system());
                }
            } finally {
                if (transfer != null) {
                    transfer.close();
                }
            }
        } finally {
            lock.close();
        }
    }

    private static WorkerTasks.Allowed allowed(Config conf) {
        return new WorkerTasks.Allowed(conf.getBoolean("Storage.AllowAddPiece"), conf.getBoolean("Storage.AllowPreCommit1"),
                conf.getBoolean("Storage.AllowPreCommit2"), conf.getBoolean("Storage.AllowCommit"),
                conf.getBoolean("Storage.AllowUnseal"));
    }

    /** The journal, the sectors and the API on a started member; failures stop the member. */
    private static void serve(NodeSystem.Started node, NodeRepo repo, Config conf, NodeSettings settings, SealProof proof,
            JournalSettings journal, ListenAddress listen, LocalStorage storage, ActorStorageIndexClient index,
            String host, SealerMetrics metrics, MinerPieces localPieces, TransferServer transfer) throws IOException {
        JournalSchema.ensure(node.system(), journal, SCHEMA_LIMIT);
        MetricsFeed.feed(node.system(), metrics);
        NodeStorage nodeStorage = NodeStorage.create(node.system(), storage, NodeStorage.index(node.system(),
                settings.minerId(), node.scheduler()), NodeStorage.nodeName(host, repo.dir()), transfer);
        index.connect(node.system(), nodeStorage.index());
        StorageRoutes storageRoutes = new StorageRoutes(node.system(), nodeStorage, settings.minerId(), true);
        SectorsService sectors = SectorsRuntime.start(node.system(),
                SectorsRuntime.Settings.fromConfig(settings.minerId(), proof, conf), node.scheduler(),
                new DevChain(settings.chainName(), settings.waitSeed()));
        ApiTokens tokens = new ApiTokens(ApiSecret.load(repo.apiSecretFile()));
        ClusterRoutes cluster = new ClusterRoutes(node.system());
        SectorsRoutes sectorRoutes = new SectorsRoutes(sectors);
        SealingService sealing = new SealingService(node.system(), node.scheduler(), settings.minerId(), SEALING_LIMIT);
        SealingRoutes sealingRoutes = new SealingRoutes(sealing);
        PieceRoutes pieceRoutes = DealData.routes(node.system(), repo.dir().resolve("pieces"), proof, sectors,
                node.scheduler(), conf.getBoolean("Sealing.KeepUnsealed"));
        var metricsRoute = MetricsRoutes.authenticated(metrics);
        var rpc = RpcRoute.create(new JsonRpcDispatcher(LotusMethods.all(
                new SectorsRpcBackend(sectors, tokens, SealerCli.VERSION, BLOCK_DELAY_SECONDS)
                        .withStorage(storageRoutes::paths).withSealing(sealing, proof))));
        AllDirectives d = new AllDirectives() {};
        NodeHttp http;
        try {
            http = NodeHttp.start(node.system(), listen.host(), listen.port(),
                    tokens::verify, MetricsRoutes.openIfAsked(metrics, NodeConfig.settings(node.system().settings().config(),
                            MetricsSettings::fromConfig)),
                    caller -> d.concat(cluster.routes(caller), pieceRoutes.routes(caller), sectorRoutes.routes(caller), sealingRoutes.routes(caller),
                            rpc.apply(caller), metricsRoute.apply(caller), storageRoutes.routes(caller),
                            nodeStorage.remote(caller)))
                    .toCompletableFuture().get(HTTP_BIND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve the API on " + listen.host() + ":" + listen.port() + ": "
                    + SealerNode.message(SealerNode.rootCause(e)) + "; choose another --api-listen", e);
        }
        CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "api-unbind", () -> {
            ApiFiles.remove(repo);
            return CompletableFuture.runAsync(http::close).thenApply(x -> Done.getInstance());
        });
        ApiAddress address = new ApiAddress(listen.advertisedHost(), http.address().getPort());
        nodeStorage.announce(host, listen.advertisedHost(), http.address().getPort());
        String admin = tokens.create(Permission.ADMIN, "miner");
        ApiFiles.publish(repo, address, admin);
        localPieces.connect(new ApiInfo(admin, address));
        LOG.info("miner {} up (repo {}); workers join with {}", address.multiaddr(), repo.dir(),
                new ApiInfo(admin, address).envLine(ApiInfo.MINER_VARIABLE));
    }
}
