package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.core.task.SectorId;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteFetcherTest {
    private static final AllDirectives D = new AllDirectives() {};
    private static final ApiTokens TOKENS = new ApiTokens(ApiSecret.random());
    private static final String ADMIN = TOKENS.create(Permission.ADMIN, "worker");
    private static final SectorId SECTOR = new SectorId(1000, 1);
    private static final int SIZE = 3 << 20;

    @TempDir
    static Path tmp;
    private static ActorSystem<Void> system;
    private static StorageBench.Served node;
    private static ServerBinding broken;
    private static LocalStorage.LocalPath source;
    private static LocalStorage sourceStorage;
    private static byte[] sealed;
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    /** A ticket URL on a port nothing listens on. */
    private static String NO_PORT;
    private static final AtomicInteger MOST_IN_FLIGHT = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            NO_PORT = "http://127.0.0.1:" + socket.getLocalPort() + "/transfer/AAAAAAAAAAAAAAAAAAAAAA";
        }
        LocalStorage storage = LocalStorage.open(tmp.resolve("source-storage.json"));
        sourceStorage = storage;
        source = storage.attach(new LocalStorage.AttachRequest(Files.createDirectories(tmp.resolve("source")), true, true,
                true, null, null, List.of(), List.of()), id -> false);
        sealed = new byte[SIZE];
        new Random(5).nextBytes(sealed);
        Files.write(source.layout().file(FileType.SEALED, SECTOR), sealed);
        Path cache = Files.createDirectories(source.layout().file(FileType.CACHE, SECTOR));
        Files.write(cache.resolve("sc-02-data-tree-r-last-0.dat"), Arrays.copyOf(sealed, 1 << 20));
        Files.writeString(cache.resolve("p_aux"), "aux");
        system = StorageBench.system("remote-fetcher-test");
        node = StorageBench.serve(system, storage, TOKENS);
        broken = Http.get(system).newServerAt("127.0.0.1", 0).bind(brokenRoutes()).toCompletableFuture().get();
    }

    @AfterAll
    static void stop() {
        node.close();
        broken.terminate(Duration.ofSeconds(2));
        system.terminate();
    }

    /**
     * A misbehaving node: its stat announces the real sizes, but {@code /cut} aborts the stream
     * half-way, {@code /short} ends cleanly after half the bytes, {@code /noport} offers a
     * transfer ticket on a port nothing listens on (and serves the bytes), and {@code /slow} serves the
     * real file once two downloads have been in flight together (or after 5 s), counting them.
     */
    private static Route brokenRoutes() {
        java.util.function.Function<String, Route> stat = how -> D.path(PathMatchers.segment("stat")
                .slash(PathMatchers.segment()).slash(PathMatchers.segment()), (type, name) -> D.complete(
                        NodeHttp.jsonResponse(StatusCodes.OK, new RemoteRoutes.FileSize(type.equals("cache") ? (1 << 20) + 3
                                : SIZE, type.equals("cache"), how.equals("noport") ? NO_PORT : null))));
        return D.pathPrefix("remote", () -> D.pathPrefix(PathMatchers.segment(), how -> D.concat(stat.apply(how),
                D.path(PathMatchers.segment().slash(PathMatchers.segment()), (type, name) -> D.complete(
                        brokenFile(how))))));
    }

    /** The answer of the misbehaving node to a GET of a file; built when the request arrives. */
    private static HttpResponse brokenFile(String how) {
        Source<ByteString, ?> half = Source.single(ByteString.fromArray(sealed, 0, SIZE / 2));
        return switch (how) {
            case "cut" -> HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM,
                    SIZE, half.concat(Source.failed(new IllegalStateException("disk gone")))));
            case "noport" -> HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM,
                    sealed));
            case "short" -> HttpResponse.create().withEntity(HttpEntities.createChunked(
                    ContentTypes.APPLICATION_OCTET_STREAM, half));
            default -> {
                // counted from the request's arrival (not from when the server first pulls the body,
                // which it may put off) until before the last byte leaves, so a client can never
                // finish (and start its next download) while this one still counts
                MOST_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
                // waits (at most 5 s) until two downloads have been in flight together, so the limit
                // is reached however slowly a loaded machine starts the client's requests
                yield HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, SIZE,
                        Source.completionStage(CompletableFuture.supplyAsync(() -> {
                                    awaitTwoTogether(Duration.ofSeconds(5));
                                    return ByteString.fromArray(sealed, 0, SIZE - 1);
                                }))
                                .concat(Source.lazySource(() -> {
                                    IN_FLIGHT.decrementAndGet();
                                    return Source.single(ByteString.fromArray(sealed, SIZE - 1, 1));
                                }))));
            }
        };
    }

    private static void awaitTwoTogether(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (MOST_IN_FLIGHT.get() < 2 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String nodeUrl(FileType type) {
        return StorageIndex.remoteUrl("http://127.0.0.1:" + node.address().getPort() + "/remote", type, SECTOR);
    }

    private static String brokenUrl(String how, FileType type, SectorId sector) {
        return StorageIndex.remoteUrl("http://127.0.0.1:" + broken.localAddress().getPort() + "/remote/" + how, type, sector);
    }

    private static PathLayout destination(String name) throws Exception {
        PathLayout l = new PathLayout(Files.createDirectories(tmp.resolve(name)));
        l.createDirectories();
        return l;
    }

    private static void assertNoLeftovers(PathLayout l, FileType type) throws Exception {
        try (Stream<Path> s = Files.list(l.root().resolve(type.dir()).resolve("fetching"))) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void fetchesAFileAndADirectoryIntoPlace() throws Exception {
        PathLayout dest = destination("plain");
        RemoteFetcher f = new RemoteFetcher(ADMIN, 2, Duration.ofSeconds(10));
        assertEquals(new RemoteFetcher.Fetched(nodeUrl(FileType.SEALED), SIZE),
                f.fetch(List.of(nodeUrl(FileType.SEALED)), FileType.SEALED, SECTOR, dest));
        assertArrayEquals(sealed, Files.readAllBytes(dest.file(FileType.SEALED, SECTOR)));
        assertEquals((1 << 20) + 3, f.fetch(List.of(nodeUrl(FileType.CACHE)), FileType.CACHE, SECTOR, dest).bytes());
        assertEquals("aux", Files.readString(dest.file(FileType.CACHE, SECTOR).resolve("p_aux")));
        assertNoLeftovers(dest, FileType.SEALED);
        assertNoLeftovers(dest, FileType.CACHE);
        assertTrue(assertThrows(StorageException.class, () -> f.fetch(List.of(nodeUrl(FileType.SEALED)), FileType.SEALED,
                SECTOR, dest)).getMessage().endsWith("already exists"));
    }

    @Test
    void aSourceWithoutATransferPortOrWhosePortCannotBeReachedIsFetchedThroughRemote() throws Exception {
        PathLayout dest = destination("in-band");
        RemoteFetcher f = new RemoteFetcher(ADMIN, 2, Duration.ofSeconds(10));
        assertEquals(SIZE, f.fetch(List.of(brokenUrl("noport", FileType.SEALED, SECTOR)), FileType.SEALED, SECTOR, dest)
                .bytes());
        assertArrayEquals(sealed, Files.readAllBytes(dest.file(FileType.SEALED, SECTOR)));

        PathLayout plain = destination("no-transfer-port");
        try (StorageBench.Served apiOnly = StorageBench.serveThroughApi(system, sourceStorage, TOKENS)) {
            String base = "http://127.0.0.1:" + apiOnly.address().getPort() + "/remote";
            assertEquals(SIZE, f.fetch(List.of(StorageIndex.remoteUrl(base, FileType.SEALED, SECTOR)), FileType.SEALED,
                    SECTOR, plain).bytes());
            assertEquals((1 << 20) + 3, f.fetch(List.of(StorageIndex.remoteUrl(base, FileType.CACHE, SECTOR)),
                    FileType.CACHE, SECTOR, plain).bytes());
        }
        assertArrayEquals(sealed, Files.readAllBytes(plain.file(FileType.SEALED, SECTOR)));
        assertEquals("aux", Files.readString(plain.file(FileType.CACHE, SECTOR).resolve("p_aux")));
        assertNoLeftovers(dest, FileType.SEALED);
        assertNoLeftovers(plain, FileType.CACHE);
    }

    @Test
    void aTransferCutOffOrTruncatedIsNeverUsedAndTheNextSourceIsTried() throws Exception {
        PathLayout dest = destination("retry");
        Files.writeString(dest.fetching(FileType.SEALED, SECTOR), "leftover of a crash");
        RemoteFetcher f = new RemoteFetcher(ADMIN, 2, Duration.ofSeconds(10));
        RemoteFetcher.Fetched got = f.fetch(List.of(brokenUrl("cut", FileType.SEALED, SECTOR),
                brokenUrl("short", FileType.SEALED, SECTOR), nodeUrl(FileType.SEALED)), FileType.SEALED, SECTOR, dest);
        assertEquals(nodeUrl(FileType.SEALED), got.url());
        assertArrayEquals(sealed, Files.readAllBytes(dest.file(FileType.SEALED, SECTOR)));
        assertNoLeftovers(dest, FileType.SEALED);
    }

    @Test
    void whenEverySourceFailsNothingIsLeftInPlace() throws Exception {
        PathLayout dest = destination("fail");
        RemoteFetcher f = new RemoteFetcher(ADMIN, 2, Duration.ofSeconds(10));
        StorageException e = assertThrows(StorageException.class, () -> f.fetch(List.of(brokenUrl("cut", FileType.SEALED,
                SECTOR), brokenUrl("short", FileType.SEALED, SECTOR)), FileType.SEALED, SECTOR, dest));
        assertEquals("cannot fetch sealed of s-t01000-1 from any of 2 source(s); last: truncated download: got "
                + SIZE / 2 + " of " + SIZE + " bytes", e.getMessage());
        assertFalse(Files.exists(dest.file(FileType.SEALED, SECTOR)));
        assertNoLeftovers(dest, FileType.SEALED);

        StorageException dir = assertThrows(StorageException.class, () -> f.fetch(List.of(brokenUrl("cut", FileType.CACHE,
                SECTOR)), FileType.CACHE, SECTOR, dest));
        assertTrue(dir.getMessage().startsWith("cannot fetch cache of s-t01000-1 from any of 1 source(s)"), dir.getMessage());
        assertFalse(Files.exists(dest.file(FileType.CACHE, SECTOR)));
        assertNoLeftovers(dest, FileType.CACHE);

        StorageException token = assertThrows(StorageException.class, () -> new RemoteFetcher("bad", 1,
                Duration.ofSeconds(5)).fetch(List.of(nodeUrl(FileType.SEALED)), FileType.SEALED, SECTOR, dest));
        assertTrue(token.getMessage().endsWith("answered 401: malformed token"), token.getMessage());
    }

    @Test
    void unreachableAndMalformedSourcesAreSkipped() throws Exception {
        PathLayout dest = destination("unreachable");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String nowhere = StorageIndex.remoteUrl("http://127.0.0.1:" + closed + "/remote", FileType.SEALED, SECTOR);
        RemoteFetcher f = new RemoteFetcher(ADMIN, 1, Duration.ofSeconds(5));
        assertEquals("cannot fetch sealed of s-t01000-1 from any of 2 source(s); last: connection refused",
                assertThrows(StorageException.class, () -> f.fetch(List.of("http://bad host/remote/sealed/s-t01000-1",
                        nowhere), FileType.SEALED, SECTOR, dest)).getMessage());
        assertEquals(nodeUrl(FileType.SEALED), f.fetch(List.of("http://bad host/remote/sealed/s-t01000-1", nowhere,
                nodeUrl(FileType.SEALED)), FileType.SEALED, SECTOR, dest).url());
        assertNoLeftovers(dest, FileType.SEALED);
    }

    @Test
    void deleteRemovesTheSourceCopyUnlessKept() throws Exception {
        SectorId moved = new SectorId(1000, 50);
        Path copy = Files.writeString(source.layout().file(FileType.SEALED, moved), "moving");
        String url = StorageIndex.remoteUrl("http://127.0.0.1:" + node.address().getPort() + "/remote", FileType.SEALED,
                moved);
        RemoteFetcher f = new RemoteFetcher(ADMIN, 1, Duration.ofSeconds(5));
        f.delete(url, Set.of(source.id()));
        assertTrue(Files.exists(copy));
        f.delete(url, Set.of(UUID.randomUUID().toString()));
        assertFalse(Files.exists(copy));
        assertTrue(assertThrows(StorageException.class, () -> new RemoteFetcher(TOKENS.create(Permission.WRITE, ""), 1,
                Duration.ofSeconds(5)).delete(url, Set.of())).getMessage().endsWith(
                "answered 403: this call needs admin permission; the token has write"));
    }

    @Test
    void noMoreThanTheParallelLimitDownloadAtOnce() throws Exception {
        PathLayout dest = destination("parallel");
        RemoteFetcher f = new RemoteFetcher(ADMIN, 2, Duration.ofSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<RemoteFetcher.Fetched>> all = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                SectorId s = new SectorId(1000, 100 + i);
                all.add(pool.submit(() -> f.fetch(List.of(brokenUrl("slow", FileType.SEALED, s)), FileType.SEALED, s,
                        dest)));
            }
            for (Future<RemoteFetcher.Fetched> r : all) {
                assertEquals(SIZE, r.get().bytes());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(MOST_IN_FLIGHT.get() <= 2, "at most 2 at once, saw " + MOST_IN_FLIGHT.get());
        assertEquals(2, MOST_IN_FLIGHT.get(), "two did run together");
    }
}
