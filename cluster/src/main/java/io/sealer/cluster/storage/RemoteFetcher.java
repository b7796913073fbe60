package io.sealer.cluster.storage;

import io.sealer.cluster.api.ApiError;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.storage.transfer.DirectDownload;
import io.sealer.cluster.storage.transfer.TransferServer;
import io.sealer.core.task.SectorId;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads sector files from other nodes' {@code /remote} (admin bearer token), by the
 * source's transfer port when it offers one ({@link TransferServer}). A download goes to
 * {@code <path>/<type>/fetching/<name>}, is synced to disk as it arrives ({@link Writeback}),
 * is checked against the size the source's stat announced (a truncated or cut-off transfer is
 * never used), and only then is renamed into place; a failed one leaves no file in place and
 * no leftover in fetching/, and the next source is tried. Directories arrive as tar streams
 * and are unpacked refusing entries that escape. At most {@code parallelLimit} downloads run at
 * once per fetcher (one per node). Blocking.
 */
public final class RemoteFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteFetcher.class);
    /** The JDK HTTP client's socket read buffer (16 KiB by default), read once when the first client starts. */
    static final String HTTP_CLIENT_BUFFER = "jdk.httpclient.bufsize";

    /**
     * Gives the JDK HTTP client 1 MiB read buffers (with its 16 KiB default a download runs at
     * about half the rate; docs/performance.md, "Storage") unless the JVM was started with its
     * own setting. Call it first thing in main, before any HTTP client exists.
     */
    public static void useLargeReadBuffers() {
        if (System.getProperty(HTTP_CLIENT_BUFFER) == null) {
            System.setProperty(HTTP_CLIENT_BUFFER, Integer.toString(1 << 20));
        }
    }

    /** A finished download: where from, and how many bytes of file content arrived. */
    public record Fetched(String url, long bytes) {}

    /** How long reaching a source's transfer port may take before /remote itself is used. */
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(3);

    private final HttpClient http;
    private final String token;
    private final boolean durable;
    private final Semaphore slots;
    private final Duration timeout;

    /** Told the size and time of every finished fetch (the node's metrics). */
    private volatile java.util.function.BiConsumer<Long, Duration> fetched = (bytes, took) -> { };

    /** Tells {@code listener} the size and time of every fetch that finishes from now on. */
    public RemoteFetcher onFetched(java.util.function.BiConsumer<Long, Duration> listener) {
        this.fetched = listener;
        return this;
    }

    public RemoteFetcher(String token, int parallelLimit, Duration timeout) {
        this(token, parallelLimit, timeout, true);
    }

    /**
     * With {@code durable} false a download is not synced to disk before it is renamed into
     * place: only for measuring the transfer alone (StorageBench); every node syncs.
     */
    RemoteFetcher(String token, int parallelLimit, Duration timeout, boolean durable) {
        if (parallelLimit < 1) {
            throw new IllegalArgumentException("the parallel fetch limit must be at least 1, got " + parallelLimit);
        }
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.token = token;
        this.slots = new Semaphore(parallelLimit, true);
        this.timeout = timeout;
        this.durable = durable;
    }

    /**
     * Fetches {@code sector}'s {@code type} file into {@code dest}, trying {@code urls} in order
     * (each {@code <base>/<type>/<name>}) until one succeeds.
     */
    public Fetched fetch(List<String> urls, FileType type, SectorId sector, PathLayout dest)
            throws StorageException, InterruptedException {
        Path target = dest.file(type, sector);
        if (Files.exists(target)) {
            throw new StorageException("cannot fetch " + type + " of " + sector + ": " + target + " already exists");
        }
        if (urls.isEmpty()) {
            throw new StorageException("cannot fetch " + type + " of " + sector + ": no node has a copy");
        }
        long t0 = System.nanoTime();
        Fetched f = fromFirst(urls, type + " of " + sector, url -> download(url, type, sector, dest));
        fetched.accept(f.bytes(), Duration.ofNanos(System.nanoTime() - t0));
        LOG.info("Fetched {} of {} ({} bytes) from {}", type, sector, f.bytes(), f.url());
        return f;
    }

    /** One try at one source. */
    private interface Attempt<T> {
        T run(String url) throws IOException, StorageException, InterruptedException;
    }

    /** The result of the first source whose attempt succeeds, each attempt holding a download slot. */
    private <T> T fromFirst(List<String> urls, String what, Attempt<T> attempt)
            throws StorageException, InterruptedException {
        String last = "no node has a copy";
        for (String url : urls) {
            slots.acquire();
            try {
                return attempt.run(url);
            } catch (IOException | StorageException | IllegalArgumentException e) {
                last = reason(e);
                LOG.warn("Fetching {} from {} failed: {}", what, url, last);
            } finally {
                slots.release();
            }
        }
        throw new StorageException("cannot fetch " + what + " from any of " + urls.size() + " source(s); last: "
                + last);
    }

    private Fetched download(String url, FileType type, SectorId sector, PathLayout dest)
            throws IOException, StorageException, InterruptedException {
        RemoteRoutes.FileSize expected = stat(url, type, sector);
        Path fetching = dest.fetching(type, sector);
        Files.createDirectories(fetching.getParent());
        LocalStorage.deleteTree(fetching);
        String what = type + " of " + sector + " (" + expected.size() + " bytes) from " + url;
        boolean done = false;
        try (Writeback writeback = durable ? Writeback.durable() : Writeback.none()) {
            long got;
            try {
                got = receive(url, expected, fetching, writeback, what);
                writeback.await();
            } catch (StorageException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("the download broke off (" + reason(e) + ")", e);
            }
            if (got != expected.size()) {
                throw new IOException("truncated download: got " + got + " of " + expected.size() + " bytes");
            }
            if (durable && expected.directory()) {
                syncDirectories(fetching);
            }
            Path target = dest.file(type, sector);
            Files.move(fetching, target, StandardCopyOption.ATOMIC_MOVE);
            if (durable) {
                syncDirectory(target.getParent());
            }
            done = true;
            return new Fetched(url, got);
        } finally {
            if (!done) {
                LocalStorage.deleteTree(fetching);
            }
        }
    }

    /**
     * Receives the body into {@code fetching}: from the source's transfer port with the ticket
     * its stat offered; through /remote itself when it offered none (no transfer port, or no
     * ticket free) or its port cannot be reached. Returns the bytes of file content received.
     */
    private long receive(String url, RemoteRoutes.FileSize expected, Path fetching, Writeback writeback, String what)
            throws IOException, StorageException, InterruptedException {
        if (expected.transfer() != null) {
            URI ticket;
            try {
                ticket = URI.create(expected.transfer());
            } catch (IllegalArgumentException e) {
                throw new IOException("the source offered a malformed transfer URL " + expected.transfer());
            }
            try {
                LOG.info("Fetching {} by direct transfer", what);
                return expected.directory()
                        ? DirectDownload.archive(ticket, fetching, CONNECT_LIMIT, timeout, writeback)
                        : DirectDownload.file(ticket, fetching, expected.size(), CONNECT_LIMIT, timeout, writeback);
            } catch (DirectDownload.Unreachable e) {
                LOG.warn("Fetching {}: {}; taking it through /remote instead", what, e.getMessage());
            }
        }
        HttpRequest get = request(URI.create(url)).GET().build();
        if (expected.directory()) {
            HttpResponse<InputStream> r = http.send(get, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw refused(r.statusCode(), url, in.readAllBytes());
                }
                LOG.info("Fetching {}", what);
                return Tar.unpack(new ChannelInput(ChannelInput.channel(in)), fetching, writeback);
            }
        }
        // the JDK client's file subscriber writes the socket's buffers straight to the file
        HttpResponse<Path> r = http.send(get, info -> {
            if (info.statusCode() == 200) {
                LOG.info("Fetching {}", what);
            }
            return HttpResponse.BodySubscribers.ofFile(fetching);
        });
        if (r.statusCode() != 200) {
            throw refused(r.statusCode(), url, Files.readAllBytes(fetching));
        }
        try (FileChannel ch = FileChannel.open(fetching, StandardOpenOption.WRITE)) {
            if (durable) {
                ch.force(false);
            }
            return ch.size();
        }
    }

    /** Makes the entries of every directory in an unpacked tree durable (its files are synced already). */
    private static void syncDirectories(Path root) throws IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path dir : all.filter(Files::isDirectory).toList()) {
                syncDirectory(dir);
            }
        }
    }

    /** Makes a rename in {@code dir} durable; a file system that cannot sync a directory is left as it is. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {}: {}", dir, e.getMessage());
        }
    }

    /** Asks the source's node for the file's size and a transfer ticket: {@code <base>/stat/<type>/<name>}. */
    private RemoteRoutes.FileSize stat(String url, FileType type, SectorId sector)
            throws IOException, StorageException, InterruptedException {
        String suffix = "/" + type.dir() + "/" + SectorName.of(sector);
        if (!url.endsWith(suffix)) {
            throw new StorageException("source URL " + url + " does not name " + type + " of " + sector);
        }
        String statUrl = url.substring(0, url.length() - suffix.length()) + "/stat" + suffix;
        HttpResponse<byte[]> r = http.send(request(URI.create(statUrl)).header(TransferServer.ASK_HEADER,
                TransferServer.ASK_DIRECT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw refused(r.statusCode(), statUrl, r.body());
        }
        try {
            return ApiJson.read(new String(r.body(), StandardCharsets.UTF_8), RemoteRoutes.FileSize.class);
        } catch (ApiJson.BadRequestException e) {
            throw new StorageException(statUrl + " answered an unreadable stat: " + e.getMessage());
        }
    }

    /**
     * Reads one small file inside a directory sector file ({@code entry}, such as a cache's
     * {@code commit1.out}) from the first of {@code urls} that has it; the body must have the
     * length the source announced. Returns the bytes.
     */
    public byte[] fetchEntry(List<String> urls, String entry) throws StorageException, InterruptedException {
        return fromFirst(urls, entry, url -> {
            URI uri = URI.create(url + "?entry=" + entry);
            HttpResponse<byte[]> r = http.send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw refused(r.statusCode(), uri.toString(), r.body());
            }
            long announced = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced != r.body().length) {
                throw new IOException("truncated download: got " + r.body().length + " of " + announced + " bytes");
            }
            return r.body();
        });
    }

    /** Asks the node at {@code url} to remove its copy, except in the storage paths {@code keep} (move mode). */
    public void delete(String url, Set<String> keep) throws StorageException, InterruptedException {
        URI uri = URI.create(url + (keep.isEmpty() ? "" : "?keep=" + String.join(",", keep)));
        try {
            HttpResponse<byte[]> r = http.send(request(uri).DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw refused(r.statusCode(), url, r.body());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException("cannot remove the copy at " + url + ": " + reason(e), e);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + token);
    }

    private static StorageException refused(int status, String url, byte[] body) {
        String detail;
        try {
            detail = ApiJson.MAPPER.readValue(body, ApiError.class).detail();
        } catch (IOException e) {
            detail = "HTTP " + status;
        }
        return new StorageException(url + " answered " + status + ": " + detail);
    }

    /** A failure as a phrase for the operator (the JDK leaves some messages empty). */
    private static String reason(Exception e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof IllegalArgumentException) {
            return "malformed URL (" + e.getMessage() + ")";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "the connection failed" : e.getMessage();
    }
}
