package io.sealer.cluster.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.storage.transfer.TransferServer;
import io.sealer.cluster.storage.transfer.TransferSource;
import io.sealer.core.task.SectorId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's {@code /remote} routes (admin token required), serving and removing the sector files
 * of its {@link LocalStorage}: GET a file (with range requests; a range past the end is 416) or a
 * directory as a tar stream (or one file in it, {@code ?entry=<name>}), streamed from disk;
 * DELETE with {@code ?keep=<id,...>}; the stats of a path or the size of a sector file (with a
 * ticket on the node's {@link TransferServer} for a fetcher that asks); and the unsealed
 * allocated-range check. URLs are parsed by {@link RemotePath} and files found by
 * {@link LocalStorage#find}, so nothing outside the attached paths is ever read or deleted;
 * every refusal is a JSON error. Disk work runs on the given blocking executor.
 */
public final class RemoteRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRoutes.class);

    /** Told of every copy a DELETE removed, so the index can drop it. */
    @FunctionalInterface
    public interface OnRemoved {
        void removed(SectorId sector, FileType type, String storageId);
    }

    /**
     * The answer of {@code GET /remote/stat/<type>/<sector>}: bytes of file content, whether it
     * is a directory, and (asked for with {@code X-Sealer-Transfer: direct}) a one-use URL on the
     * node's transfer port that serves it.
     */
    public record FileSize(@JsonProperty("Size") long size, @JsonProperty("Directory") boolean directory,
            @JsonProperty("Transfer") @JsonInclude(JsonInclude.Include.NON_NULL) String transfer) {
        public FileSize(long size, boolean directory) {
            this(size, directory, null);
        }
    }

    /** The answer of a DELETE: the storage IDs a copy was removed from. */
    public record Removed(@JsonProperty("Removed") List<String> removed) {}

    private static final Pattern ENTRY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private final LocalStorage storage;
    private final Executor blocking;
    private final OnRemoved onRemoved;
    private final TransferServer transfer;

    /** Routes that hand out tickets of {@code transfer} (null: none) to fetchers that ask for a direct transfer. */
    public RemoteRoutes(LocalStorage storage, Executor blocking, OnRemoved onRemoved, TransferServer transfer) {
        this.storage = storage;
        this.blocking = blocking;
        this.onRemoved = onRemoved;
        this.transfer = transfer;
    }

    /** The routes, for {@code caller}; add them to the node's API routes. */
    public Route route(NodeHttp.Caller caller) {
        return concat(rawPathGuard(caller), remote(caller));
    }

    /**
     * The HTTP layer collapses dot segments ({@code /remote/../x} arrives as {@code /x}, which no
     * route serves: 404). With {@code pekko.http.server.raw-request-uri-header = on}, the URL as
     * sent is checked too, so such a request to /remote is a 400 naming the problem.
     */
    private Route rawPathGuard(NodeHttp.Caller caller) {
        return optionalHeaderValueByName("Raw-Request-URI", raw -> {
            String path = raw.map(r -> r.replaceFirst("^[a-zA-Z]+://[^/]*", "").replaceFirst("[?#].*$", "")).orElse("");
            if (path.startsWith("/remote/")) {
                try {
                    RemotePath.parse(path.substring("/remote".length()));
                } catch (IllegalArgumentException e) {
                    return caller.requires(Permission.ADMIN, () -> badRequest(e.getMessage()));
                }
            }
            return reject();
        });
    }

    private Route remote(NodeHttp.Caller caller) {
        return pathPrefix("remote", () -> caller.requires(Permission.ADMIN, () -> extractUnmatchedPath(raw -> {
            RemotePath request;
            try {
                request = RemotePath.parse(raw);
            } catch (IllegalArgumentException e) {
                return badRequest(e.getMessage());
            }
            if (request instanceof RemotePath.SectorFile f) {
                return concat(get(() -> parameterOptional("entry", entry -> offBlocking(() -> entry.isPresent()
                                ? serveEntry(f, entry.get()) : serve(f)))),
                        delete(() -> parameterOptional("keep", keep -> offBlocking(() -> remove(f, keep)))));
            } else if (request instanceof RemotePath.PathStat s) {
                return get(() -> offBlocking(() -> pathStat(s)));
            } else if (request instanceof RemotePath.FileStat s) {
                return get(() -> optionalHeaderValueByName(TransferServer.ASK_HEADER, ask -> extractUri(uri ->
                        offBlocking(() -> fileSize(s.type(), s.sector(), directHost(ask, uri))))));
            }
            RemotePath.Allocated a = (RemotePath.Allocated) request;
            return get(() -> offBlocking(() -> allocated(a)));
        })));
    }

    private Route offBlocking(Supplier<Route> work) {
        return onSuccess(CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (IllegalArgumentException e) {
                return badRequest(e.getMessage());
            }
        }, blocking), r -> r);
    }

    private Optional<Path> local(FileType type, SectorId sector) {
        return storage.find(type, sector).stream().map(LocalStorage.LocalFile::file).findFirst();
    }

    /**
     * The host the caller reached this node at, when it asked for a direct transfer
     * ({@code X-Sealer-Transfer: direct}) and this node has a transfer port.
     */
    private Optional<String> directHost(Optional<String> ask, Uri uri) {
        boolean asked = ask.map(a -> a.trim().equalsIgnoreCase(TransferServer.ASK_DIRECT)).orElse(false);
        String host = uri.host().address();
        return transfer != null && asked && !host.isEmpty() ? Optional.of(host) : Optional.empty();
    }

    private Route serve(RemotePath.SectorFile f) {
        Optional<Path> file = local(f.type(), f.sector());
        if (file.isEmpty()) {
            return notHere(f.type(), f.sector());
        }
        Path p = file.get();
        try {
            if (!Files.isDirectory(p)) {
                return serveFile(p);
            }
            Tar.Archive tar = Tar.of(p);
            return complete(HttpResponse.create().withEntity(HttpEntities.create(
                    ContentTypes.create(MediaTypes.APPLICATION_X_TAR), tar.length(), tar.bytes())));
        } catch (IOException e) {
            return failed(f.type(), f.sector(), e);
        }
    }

    /**
     * One file directly inside a directory sector file ({@code ?entry=commit1.out} of a cache),
     * as a plain file; the name is a single plain component and the file must not be a symlink.
     */
    private Route serveEntry(RemotePath.SectorFile f, String name) {
        if (!ENTRY.matcher(name).matches()) {
            return badRequest("entry must be a plain file name (letters, digits, '.', '_', '-'), got '" + name + "'");
        }
        Optional<Path> dir = local(f.type(), f.sector());
        if (dir.isEmpty()) {
            return notHere(f.type(), f.sector());
        }
        if (!Files.isDirectory(dir.get())) {
            return badRequest("entry applies to directory files (cache, update-cache), not to " + f.type());
        }
        Path entry = dir.get().resolve(name);
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            return NodeHttp.error(StatusCodes.NOT_FOUND, "not-found", "the " + f.type() + " of " + f.sector()
                    + " on this node has no " + name);
        }
        try {
            return serveFile(entry);
        } catch (IOException e) {
            return failed(f.type(), f.sector(), e);
        }
    }

    /** A file, whole or one range of it (read from its start offset, never from the file's beginning). */
    private Route serveFile(Path p) throws IOException {
        long length = Files.size(p);
        return optionalHeaderValueByName("Range", header -> {
            Optional<ByteRange> range;
            try {
                range = header.isEmpty() ? Optional.empty() : ByteRange.parse(header.get(), length);
            } catch (ByteRange.UnsatisfiableException e) {
                return NodeHttp.error(StatusCodes.RANGE_NOT_SATISFIABLE, "range-not-satisfiable", e.getMessage());
            }
            if (range.isPresent()) {
                ByteRange r = range.get();
                return complete(HttpResponse.create().withStatus(StatusCodes.PARTIAL_CONTENT)
                        .addHeader(RawHeader.create("Content-Range", r.contentRange(length)))
                        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, r.length(),
                                FileIO.fromPath(p, Tar.CHUNK, r.start()).via(Tar.limit(r.length())))));
            }
            return withRangeSupport(() -> complete(HttpResponse.create().withEntity(HttpEntities.create(
                    ContentTypes.APPLICATION_OCTET_STREAM, length, FileIO.fromPath(p, Tar.CHUNK)))));
        });
    }

    private Route remove(RemotePath.SectorFile f, Optional<String> keepParam) {
        Set<String> keep = keepParam.map(k -> Arrays.stream(k.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet())).orElse(Set.of());
        try {
            List<String> removed = storage.remove(f.type(), f.sector(), keep);
            removed.forEach(id -> onRemoved.removed(f.sector(), f.type(), id));
            return complete(NodeHttp.jsonResponse(StatusCodes.OK, new Removed(removed)));
        } catch (StorageException e) {
            LOG.warn("DELETE of {} of {} failed: {}", f.type(), f.sector(), e.getMessage());
            return NodeHttp.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal", e.getMessage());
        }
    }

    private Route pathStat(RemotePath.PathStat s) {
        Optional<LocalStorage.LocalPath> p = storage.path(s.storageId());
        if (p.isEmpty()) {
            return NodeHttp.error(StatusCodes.NOT_FOUND, "not-found", "no storage path " + s.storageId() + " on this node");
        }
        try {
            return complete(NodeHttp.jsonResponse(StatusCodes.OK, storage.stat(p.get())));
        } catch (StorageException e) {
            return NodeHttp.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal", e.getMessage());
        }
    }

    /**
     * The size of a sector file; with {@code directHost}, also a one-use ticket for it on this
     * node's transfer port (the bytes then leave by sendfile), unless none is free.
     */
    private Route fileSize(FileType type, SectorId sector, Optional<String> directHost) {
        Optional<Path> file = local(type, sector);
        if (file.isEmpty()) {
            return notHere(type, sector);
        }
        try {
            Path p = file.get();
            boolean dir = Files.isDirectory(p);
            Tar.Layout layout = dir ? Tar.layout(p) : null;
            long size = dir ? layout.contentBytes() : Files.size(p);
            String ticket = directHost.flatMap(host -> transfer.offer(host, dir ? new TransferSource.Archive(layout)
                    : new TransferSource.SingleFile(p, size))).map(URI::toString).orElse(null);
            return complete(NodeHttp.jsonResponse(StatusCodes.OK, new FileSize(size, dir, ticket)));
        } catch (IOException e) {
            return failed(type, sector, e);
        }
    }

    /** Unpadded offset and size (multiples of 127 bytes, as pieces are) are turned into padded bytes of the file. */
    private Route allocated(RemotePath.Allocated a) {
        if (a.offset() % 127 != 0 || a.size() % 127 != 0 || a.size() == 0) {
            return badRequest("unpadded offset and size must be multiples of 127 bytes (size above 0), got "
                    + a.offset() + " and " + a.size());
        }
        Optional<Path> file = local(FileType.UNSEALED, a.sector());
        if (file.isEmpty()) {
            return notHere(FileType.UNSEALED, a.sector());
        }
        try {
            long end = Math.addExact(a.offset(), a.size()) / 127 * 128;
            long limit = Math.min(Files.size(file.get()), a.proof().sectorSize().bytes());
            if (end <= limit) {
                return complete(StatusCodes.OK);
            }
            return NodeHttp.error(StatusCodes.RANGE_NOT_SATISFIABLE, "range-not-satisfiable", "the range ends at padded byte "
                    + end + " but the unsealed file of " + a.sector() + " has " + limit);
        } catch (IOException | ArithmeticException e) {
            return badRequest("the range " + a.offset() + "+" + a.size() + " cannot be checked: " + e.getMessage());
        }
    }

    private static Route notHere(FileType type, SectorId sector) {
        return NodeHttp.error(StatusCodes.NOT_FOUND, "not-found", "this node has no " + type + " file of " + sector);
    }

    private static Route badRequest(String detail) {
        return NodeHttp.error(StatusCodes.BAD_REQUEST, "bad-request", detail);
    }

    private static Route failed(FileType type, SectorId sector, IOException e) {
        LOG.warn("Cannot read {} of {}: {}", type, sector, e.getMessage());
        return NodeHttp.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal", "cannot read the " + type + " file of "
                + sector + " on this node");
    }
}
