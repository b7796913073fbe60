package io.sealer.cli.storage;

import io.sealer.cluster.api.ApiClient;
import io.sealer.cluster.api.MinerEndpoint;
import io.sealer.cluster.api.auth.ApiInfo;
import io.sealer.cluster.node.RepoLock;
import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.cluster.repo.RepoException;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.index.NodeStorage;
import io.sealer.cluster.storage.index.StorageApi;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Attaches a storage path to a node's repository: through the node's API when it runs (with the
 * admin token its repository holds), so that the index learns of it at once; else directly in
 * the repository's storage.json, under the repository lock. Every refusal is one sentence.
 */
public final class StorageAttach {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private StorageAttach() {}

    /** Attaches {@code body} to the node of {@code repoDir}; prints what was attached. */
    public static void attach(NodeKind kind, Path repoDir, StorageApi.AttachBody body, PrintWriter out)
            throws RepoException, StorageException, ApiClient.ApiCallException {
        NodeRepo repo = NodeRepo.open(repoDir, kind);
        StorageApi.Attached done;
        RepoLock lock;
        try {
            lock = RepoLock.acquire(repo.dir());
        } catch (IllegalStateException running) {
            lock = null;
        }
        if (lock != null) {
            try {
                LocalStorage storage = LocalStorage.open(repo.dir().resolve(NodeStorage.CONFIG_FILE));
                LocalStorage.LocalPath p = storage.attach(new LocalStorage.AttachRequest(Path.of(body.path()), body.init(),
                        body.seal(), body.store(), body.weight(), body.maxStorage(), body.groups(), body.allowTo()),
                        id -> false);
                done = new StorageApi.Attached(p.id(), p.root().toString(), p.meta().canSeal(), p.meta().canStore(),
                        p.meta().weight(), p.meta().maxStorage());
            } finally {
                lock.close();
            }
        } else {
            ApiClient client = new ApiClient(running(repo), "the " + kind.label(), CALL_TIMEOUT);
            done = client.post("/api/v0/storage/attach", body, StorageApi.Attached.class);
        }
        out.println("Attached " + done.path() + " (ID " + done.id() + ", " + use(done.seal(), done.store()) + ", weight "
                + done.weight() + ")");
        out.flush();
    }

    static String use(boolean seal, boolean store) {
        return seal && store ? "seal and store" : seal ? "seal" : store ? "store" : "neither seal nor store";
    }

    /** The running node's API address and admin token, from its repository's api and token files. */
    private static ApiInfo running(NodeRepo repo) throws RepoException {
        if (!Files.isRegularFile(repo.apiFile())) {
            throw new RepoException("the " + repo.kind().label() + " of " + repo.dir()
                    + " is running but has not published its API yet (no api file); try again in a moment");
        }
        return MinerEndpoint.published(repo);
    }
}
