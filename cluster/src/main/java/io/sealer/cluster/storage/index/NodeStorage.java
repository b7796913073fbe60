package io.sealer.cluster.storage.index;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.RemoteRoutes;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.StorageFiles;
import io.sealer.cluster.storage.transfer.TransferServer;
import io.sealer.core.actors.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's storage on one cluster member: its {@link LocalStorage}, the miner's index (a
 * cluster singleton on role miner, reached from any node), this node's {@link StorageAgent},
 * its {@code /remote} routes (and the process's transfer port behind them), and attaching a
 * path while the node runs.
 */
public final class NodeStorage {
    private static final Logger LOG = LoggerFactory.getLogger(NodeStorage.class);
    /** The node's list of attached paths, in its repository. */
    public static final String CONFIG_FILE = "storage.json";
    /** The default path's directory inside the repository. */
    public static final String DEFAULT_DIR = "storage";
    public static final String ROLE = "miner";

    private final ActorSystem<?> system;
    private final LocalStorage local;
    private final ActorRef<StorageIndexActor.Command> index;
    private final String node;
    private final TransferServer transfer;
    private final Executor blocking;
    private volatile ActorRef<StorageAgent.Command> agent;

    private NodeStorage(ActorSystem<?> system, LocalStorage local, ActorRef<StorageIndexActor.Command> index,
            String node, TransferServer transfer) {
        this.system = system;
        this.local = local;
        this.index = index;
        this.node = node;
        this.transfer = transfer;
        this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    }

    /**
     * The name a node has in the index, stable across restarts (its cluster address and API port
     * may change): its host or worker name and its repository.
     */
    public static String nodeName(String host, Path repo) {
        return host + ":" + repo.toAbsolutePath().normalize();
    }

    /**
     * The repository's storage.json. On first start (no storage.json yet) it is written with a
     * default path {@code <repo>/storage} (sealing; storing too with {@code store}), or with no
     * path when {@code noLocalStorage}; later starts use what it lists.
     */
    public static LocalStorage open(Path repo, boolean noLocalStorage, boolean store) throws StorageException {
        Path config = repo.resolve(CONFIG_FILE);
        if (Files.exists(config)) {
            return LocalStorage.open(config);
        }
        LocalStorage storage = LocalStorage.open(config);
        StorageFiles.writeConfig(config, new StorageFiles.StorageConfig(List.of()));
        if (noLocalStorage) {
            LOG.info("no local storage path (--no-local-storage); attach one with `storage attach`");
            return storage;
        }
        Path dir = repo.resolve(DEFAULT_DIR);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create the default storage path " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.exists(dir.resolve(StorageFiles.META_FILE))) {
            StorageFiles.writeMeta(dir, new io.sealer.cluster.storage.PathMeta(UUID.randomUUID().toString(),
                    LocalStorage.DEFAULT_WEIGHT, true, store, 0, List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of()));
        }
        storage.attach(new LocalStorage.AttachRequest(dir, false, true, store, null, null, List.of(), List.of()),
                id -> false);
        return storage;
    }

    /** The miner's index: the singleton itself on a miner (start it after the journal's schema), a proxy elsewhere. */
    public static ActorRef<StorageIndexActor.Command> index(ActorSystem<?> system, long minerId,
            ActorRef<Scheduler.Command> scheduler) {
        return ClusterSingleton.get(system).init(SingletonActor.of(
                StorageIndexActor.create(minerId, scheduler, Clock.systemUTC(), true), "storage-index")
                .withSettings(ClusterSingletonSettings.create(system).withRole(ROLE)));
    }

    /**
     * This member's storage, named {@code node} in the index ({@link #nodeName}), its files sent
     * by {@code transfer} to fetchers that ask (null: all through /remote); {@link #announce}
     * starts the heartbeats.
     */
    public static NodeStorage create(ActorSystem<?> system, LocalStorage local, ActorRef<StorageIndexActor.Command> index,
            String node, TransferServer transfer) {
        return new NodeStorage(system, local, index, node, transfer);
    }

    /**
     * Starts this member's agent once its API listens: the node's paths are declared now, with
     * {@code http://<advertised host>:<port>/remote} as their URL, and heartbeat from here on.
     */
    public void announce(String host, String advertisedHost, int port) {
        String address = system.address().toString();
        StorageAgent.Identity identity = new StorageAgent.Identity(node, address, host,
                List.of("http://" + advertisedHost + ":" + port + "/remote"));
        agent = system.systemActorOf(StorageAgent.create(local, identity, index, blocking), "storage-agent", Props.empty());
    }

    /**
     * The node is stopping (blocking: call it off actor threads): its agent stops reporting and
     * the index detaches its paths; waits up to {@code limit} for the index's acknowledgement and
     * says whether it came (without it the paths are excluded after five missed heartbeats).
     */
    public boolean detach(Duration limit) {
        ActorRef<StorageAgent.Command> a = agent;
        if (a == null) {
            return true;
        }
        try {
            AskPattern.<StorageAgent.Command, StorageIndexActor.Ack>ask(a, StorageAgent.Detach::new, limit,
                    system.scheduler()).toCompletableFuture().get(limit.toMillis() + 500, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    public LocalStorage local() {
        return local;
    }

    public ActorRef<StorageIndexActor.Command> index() {
        return index;
    }

    /** {@code /remote} over the local paths (with the transfer port's tickets); a DELETE drops the removed copies from the index. */
    public Route remote(NodeHttp.Caller caller) {
        return new RemoteRoutes(local, blocking, (sector, type, id) -> index.tell(new StorageIndexActor.Drop(sector, type,
                id, system.ignoreRef())), transfer).route(caller);
    }

    /**
     * Attaches a path while the node runs (blocking: call it off actor threads): refused when
     * its ID is attached on another node of the index; declared to the index at once.
     */
    public LocalStorage.LocalPath attach(LocalStorage.AttachRequest request) throws StorageException {
        LocalStorage.LocalPath p = local.attach(request, id -> {
            try {
                return AskPattern.<StorageIndexActor.Command, StorageIndexActor.Ack>ask(index,
                        r -> new StorageIndexActor.CheckAttach(id, node, r), ActorStorageIndexClient.ASK_TIMEOUT,
                        system.scheduler()).toCompletableFuture()
                        .get(ActorStorageIndexClient.ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).error() != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            } catch (Exception e) {
                LOG.warn("could not ask the storage index whether {} is attached elsewhere: {}", id, e.getMessage());
                return false;
            }
        });
        ActorRef<StorageAgent.Command> a = agent;
        if (a != null) {
            a.tell(StorageAgent.Rescan.INSTANCE);
        }
        return p;
    }

    /** Runs blocking storage work for the HTTP routes. */
    public Executor blocking() {
        return blocking;
    }
}
