package io.sealer.cluster.storage.index;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.storage.FsStat;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.core.task.SectorId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The storage API under {@code /api/v0/storage} (admin, as Lotus's storage calls): on every node
 * {@code POST attach} attaches a path to the running node; on the miner {@code GET list} shows
 * every path of the index with its figures and files, and {@code GET find/<n>} where each file of
 * sector n is. A refused attach is a 400 with the reason; an index that does not answer a 503.
 */
public final class StorageRoutes {
    private static final AllDirectives D = new AllDirectives() {};
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem<?> system;
    private final NodeStorage storage;
    private final long minerId;
    private final boolean miner;

    /** @param miner whether this node serves list and find (the miner) or only attach */
    public StorageRoutes(ActorSystem<?> system, NodeStorage storage, long minerId, boolean miner) {
        this.system = system;
        this.storage = storage;
        this.minerId = minerId;
        this.miner = miner;
    }

    public Route routes(NodeHttp.Caller caller) {
        Route attach = D.path("attach", () -> D.post(() -> caller.requires(Permission.ADMIN,
                () -> NodeHttp.jsonBody(StorageApi.AttachBody.class, this::attach))));
        Route queries = !miner ? D.reject() : D.concat(
                D.path("list", () -> D.get(() -> caller.requires(Permission.ADMIN, () -> answer(list())))),
                D.path(PathMatchers.segment("find").slash(PathMatchers.segment()), n -> D.get(() -> caller.requires(
                        Permission.ADMIN, () -> find(n)))));
        return D.pathPrefix(PathMatchers.segment("api").slash("v0").slash("storage"), () -> D.concat(attach, queries));
    }

    private Route attach(StorageApi.AttachBody b) {
        if (b.path() == null || b.path().isBlank()) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", "no path given");
        }
        CompletionStage<Object> done = CompletableFuture.supplyAsync(() -> {
            try {
                LocalStorage.LocalPath p = storage.attach(new LocalStorage.AttachRequest(Path.of(b.path()), b.init(),
                        b.seal(), b.store(), b.weight(), b.maxStorage(), b.groups(), b.allowTo()));
                return new StorageApi.Attached(p.id(), p.root().toString(), p.meta().canSeal(), p.meta().canStore(),
                        p.meta().weight(), p.meta().maxStorage());
            } catch (StorageException e) {
                return e;
            }
        }, storage.blocking());
        return D.onSuccess(done, r -> r instanceof StorageException e
                ? NodeHttp.error(StatusCodes.BAD_REQUEST, "refused", e.getMessage())
                : D.complete(NodeHttp.jsonResponse(StatusCodes.OK, r)));
    }

    /** Every path of the index with its figures and files. */
    public CompletionStage<StorageIndexActor.PathList> paths() {
        return AskPattern.ask(storage.index(), StorageIndexActor.ListPaths::new, ASK_TIMEOUT, system.scheduler());
    }

    private CompletionStage<StorageApi.Listing> list() {
        return paths().thenApply(l -> {
            List<StorageApi.PathEntry> out = new ArrayList<>();
            for (StorageIndex.PathView v : l.paths()) {
                var m = v.path().meta();
                FsStat st = v.stat() == null ? new FsStat(0, 0, 0) : v.stat();
                List<StorageApi.FileEntry> files = v.files().stream().map(d -> new StorageApi.FileEntry(
                        d.sector().toString(), d.type().dir(), d.primary())).toList();
                out.add(new StorageApi.PathEntry(v.path().node(), l.hosts().getOrDefault(v.path().node(), ""), m.id(),
                        m.canSeal(), m.canStore(), m.weight(), m.maxStorage(), st.capacity(), v.available(), v.reserved(),
                        st.used(), m.groups(), m.allowTo(), v.healthy(), v.error(), v.path().urls(), files));
            }
            out.sort(Comparator.comparing(StorageApi.PathEntry::node).thenComparing(StorageApi.PathEntry::id));
            return new StorageApi.Listing(out);
        });
    }

    private Route find(String number) {
        long n;
        try {
            n = Long.parseLong(number);
            if (n < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", "'" + number
                    + "' is not a sector number (a whole number, 0 or more)");
        }
        SectorId sector = new SectorId(minerId, n);
        return answer(paths().thenApply(l -> {
            List<StorageApi.FileLocation> files = new ArrayList<>();
            for (StorageIndex.PathView v : l.paths()) {
                for (StorageIndex.Declaration d : v.files()) {
                    if (d.sector().equals(sector)) {
                        files.add(new StorageApi.FileLocation(d.type().dir(), v.path().node(),
                                l.hosts().getOrDefault(v.path().node(), ""), v.path().id(), d.primary(), v.healthy(),
                                v.path().urls().stream().map(u -> StorageIndex.remoteUrl(u, d.type(), sector)).toList()));
                    }
                }
            }
            files.sort(Comparator.comparing(StorageApi.FileLocation::type).thenComparing(StorageApi.FileLocation::node));
            return new StorageApi.SectorLocations(sector.toString(), files);
        }));
    }

    private static Route answer(CompletionStage<?> value) {
        return D.onComplete(value, t -> t.isSuccess() ? D.complete(NodeHttp.jsonResponse(StatusCodes.OK, t.get()))
                : NodeHttp.error(StatusCodes.SERVICE_UNAVAILABLE, "unavailable",
                        "the storage index did not answer within " + ASK_TIMEOUT.toSeconds() + "s"));
    }
}
