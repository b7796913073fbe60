package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.ApiError;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.api.NodeHttp;
import io.sealer.cluster.api.auth.ApiSecret;
import io.sealer.cluster.api.auth.ApiTokens;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.storage.transfer.DirectDownload;
import io.sealer.cluster.storage.transfer.TransferServer;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteRoutesTest {
    private static final ApiTokens TOKENS = new ApiTokens(ApiSecret.random());
    private static final String ADMIN = TOKENS.create(Permission.ADMIN, "worker");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final SectorId SECTOR = new SectorId(1000, 1);
    private static final String SECRET = "the miner's private key";

    @TempDir
    static Path tmp;
    private static ActorSystem<Void> system;
    private static NodeHttp http;
    private static TransferServer transfer;
    private static LocalStorage storage;
    private static LocalStorage.LocalPath a;
    private static LocalStorage.LocalPath b;
    private static byte[] sealed;
    private static final List<String> REMOVED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        storage = LocalStorage.open(tmp.resolve("storage.json"));
        a = storage.attach(init("a"), id -> false);
        b = storage.attach(init("b"), id -> false);
        sealed = new byte[100_000];
        new Random(3).nextBytes(sealed);
        Files.write(a.layout().file(FileType.SEALED, SECTOR), sealed);
        Path cache = Files.createDirectories(a.layout().file(FileType.CACHE, SECTOR));
        Files.writeString(cache.resolve("p_aux"), "p".repeat(64));
        Files.writeString(cache.resolve("t_aux"), "t".repeat(700));
        Files.write(a.layout().file(FileType.UNSEALED, SECTOR), new byte[2048]);
        Files.writeString(tmp.resolve("secret"), SECRET);
        Files.createSymbolicLink(a.layout().file(FileType.SEALED, new SectorId(1000, 9)), tmp.resolve("secret"));
        system = StorageBench.system("remote-routes-test");
        transfer = TransferServer.start("127.0.0.1", 0, TransferServer.Settings.DEFAULT);
        RemoteRoutes routes = new RemoteRoutes(storage, system.dispatchers().lookup(DispatcherSelector.blocking()),
                (sector, type, id) -> REMOVED.add(sector + " " + type + " " + id), transfer);
        http = NodeHttp.start(system, "127.0.0.1", 0, TOKENS, routes::route).toCompletableFuture().get();
    }

    @AfterAll
    static void stop() {
        http.close();
        transfer.close();
        system.terminate();
    }

    private static LocalStorage.AttachRequest init(String name) throws Exception {
        return new LocalStorage.AttachRequest(Files.createDirectories(tmp.resolve(name)), true, true, true, null, null,
                List.of(), List.of());
    }

    private static HttpResponse<byte[]> call(String method, String path, String token, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.address().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        headers.forEach(r::header);
        return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return call("GET", path, ADMIN, Map.of());
    }

    private static ApiError error(HttpResponse<byte[]> r, int status) throws Exception {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.statusCode(), body);
        assertFalse(body.contains(SECRET), body);
        return ApiJson.MAPPER.readValue(body, ApiError.class);
    }

    @Test
    void servesAFileWholeAndByRange() throws Exception {
        HttpResponse<byte[]> whole = get("/remote/sealed/s-t01000-1");
        assertEquals(200, whole.statusCode());
        assertEquals("application/octet-stream", whole.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(sealed, whole.body());
        HttpResponse<byte[]> part = call("GET", "/remote/sealed/s-t01000-1", ADMIN, Map.of("Range", "bytes=10-19"));
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(sealed, 10, 20), part.body());
        assertEquals("bytes 10-19/100000", part.headers().firstValue("Content-Range").orElse(""));
        HttpResponse<byte[]> tail = call("GET", "/remote/sealed/s-t01000-1", ADMIN, Map.of("Range", "bytes=99990-"));
        assertArrayEquals(Arrays.copyOfRange(sealed, 99_990, 100_000), tail.body());
        HttpResponse<byte[]> suffix = call("GET", "/remote/sealed/s-t01000-1", ADMIN, Map.of("Range", "bytes=-5"));
        assertArrayEquals(Arrays.copyOfRange(sealed, 99_995, 100_000), suffix.body());
        HttpResponse<byte[]> multi = call("GET", "/remote/sealed/s-t01000-1", ADMIN, Map.of("Range", "bytes=0-1,50000-50001"));
        assertEquals(206, multi.statusCode());
        assertTrue(multi.headers().firstValue("Content-Type").orElse("").startsWith("multipart/byteranges"));
        assertTrue(error(call("GET", "/remote/sealed/s-t01000-1", ADMIN, Map.of("Range", "bytes=10000000000-10000000099")),
                416).detail().contains("starts past the end of the file (100000 bytes)"));
        error(get("/remote/sealed/s-t01000-2"), 404);
    }

    @Test
    void aStatAskedForADirectTransferCarriesATicketOnTheTransferPort() throws Exception {
        String plain = new String(get("/remote/stat/sealed/s-t01000-1").body(), StandardCharsets.UTF_8);
        assertEquals("{\"Size\":100000,\"Directory\":false}", plain, "no ticket unless asked");
        assertEquals("{\"Size\":100000,\"Directory\":false}", new String(call("GET", "/remote/stat/sealed/s-t01000-1",
                ADMIN, Map.of(TransferServer.ASK_HEADER, "please")).body(), StandardCharsets.UTF_8));
        Map<String, String> direct = Map.of(TransferServer.ASK_HEADER, TransferServer.ASK_DIRECT);

        RemoteRoutes.FileSize sealedStat = ApiJson.MAPPER.readValue(call("GET", "/remote/stat/sealed/s-t01000-1", ADMIN,
                direct).body(), RemoteRoutes.FileSize.class);
        URI ticket = URI.create(sealedStat.transfer());
        assertEquals("http://127.0.0.1:" + transfer.port() + "/transfer/", ticket.resolve(".").toString());
        try (Writeback writeback = Writeback.durable()) {
            assertEquals(100_000, DirectDownload.file(ticket, tmp.resolve("direct-sealed"), 100_000, Duration.ofSeconds(5),
                    Duration.ofSeconds(10), writeback));
            RemoteRoutes.FileSize cacheStat = ApiJson.MAPPER.readValue(call("GET", "/remote/stat/cache/s-t01000-1", ADMIN,
                    direct).body(), RemoteRoutes.FileSize.class);
            assertEquals(764, DirectDownload.archive(URI.create(cacheStat.transfer()), tmp.resolve("direct-cache"),
                    Duration.ofSeconds(5), Duration.ofSeconds(10), writeback));
            writeback.await();
        }
        assertArrayEquals(sealed, Files.readAllBytes(tmp.resolve("direct-sealed")));
        assertEquals("t".repeat(700), Files.readString(tmp.resolve("direct-cache").resolve("t_aux")));

        error(call("GET", "/remote/stat/sealed/s-t01000-2", ADMIN, direct), 404);
        error(call("GET", "/remote/stat/sealed/s-t01000-1", TOKENS.create(Permission.WRITE, "w"), direct), 403);
    }

    @Test
    void servesADirectoryAsATarStreamAndStatsSizes() throws Exception {
        HttpResponse<byte[]> tar = get("/remote/cache/s-t01000-1");
        assertEquals(200, tar.statusCode());
        assertEquals("application/x-tar", tar.headers().firstValue("Content-Type").orElse(""));
        Path out = tmp.resolve("unpacked");
        assertEquals(764, Tar.unpack(new ByteArrayInputStream(tar.body()), out));
        assertEquals("t".repeat(700), Files.readString(out.resolve("t_aux")));

        assertEquals(new RemoteRoutes.FileSize(764, true), ApiJson.MAPPER.readValue(get("/remote/stat/cache/s-t01000-1").body(),
                RemoteRoutes.FileSize.class));
        assertEquals(new RemoteRoutes.FileSize(100_000, false), ApiJson.MAPPER.readValue(
                get("/remote/stat/sealed/s-t01000-1").body(), RemoteRoutes.FileSize.class));
        FsStat stat = ApiJson.MAPPER.readValue(get("/remote/stat/" + a.id()).body(), FsStat.class);
        assertTrue(stat.capacity() > 0 && stat.used() >= 100_000, stat.toString());
        error(get("/remote/stat/" + UUID.randomUUID()), 404);
    }

    @Test
    void theAllocatedCheckAnswers200Or416() throws Exception {
        assertEquals(200, get("/remote/unsealed/s-t01000-1/5/allocated/0/2032").statusCode());
        assertEquals(200, get("/remote/unsealed/s-t01000-1/5/allocated/1016/1016").statusCode());
        error(get("/remote/unsealed/s-t01000-1/5/allocated/1016/1143"), 416);
        error(get("/remote/unsealed/s-t01000-1/5/allocated/0/100"), 400);
        error(get("/remote/unsealed/s-t01000-5/5/allocated/0/127"), 404);
    }

    @Test
    void deleteKeepsTheListedPathsAndReportsWhatWent() throws Exception {
        SectorId s = new SectorId(1000, 3);
        Files.writeString(a.layout().file(FileType.SEALED, s), "copy a");
        Files.writeString(b.layout().file(FileType.SEALED, s), "copy b");
        HttpResponse<byte[]> r = call("DELETE", "/remote/sealed/s-t01000-3?keep=" + b.id(), ADMIN, Map.of());
        assertEquals(200, r.statusCode());
        assertEquals(new RemoteRoutes.Removed(List.of(a.id())), ApiJson.MAPPER.readValue(r.body(), RemoteRoutes.Removed.class));
        assertTrue(REMOVED.contains("s-t01000-3 sealed " + a.id()), REMOVED.toString());
        assertFalse(Files.exists(a.layout().file(FileType.SEALED, s)));
        assertEquals("copy b", Files.readString(b.layout().file(FileType.SEALED, s)));
    }

    @Test
    void traversalInEveryFormIsA4xxAndReadsNothingOutside() throws Exception {
        for (String path : List.of("/remote/sealed/..%2F..%2Fsecret", "/remote/sealed/%2e%2e%2f%2e%2e%2fsecret",
                "/remote/%2e%2e/%2e%2e/secret", "/remote/../../secret", "/remote/sealed/../../../secret",
                "/remote/sealed/s-t01000-1%2F..%2F..%2F..%2Fsecret", "/remote//" + tmp.resolve("secret"),
                "/remote/sealed/s-t01000-9", "/remote/etc/passwd", "/remote/sealed/passwd",
                "/remote/stat/cache/..%2F..", "/remote/unsealed/s-t01000-1/5/allocated/0/..")) {
            HttpResponse<byte[]> r = get(path);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertTrue(r.statusCode() == 400, path + " -> " + r.statusCode() + " " + body);
            assertFalse(body.contains(SECRET), path);
            ApiJson.MAPPER.readValue(body, ApiError.class);
        }
        assertEquals("s-t01000-9 resolves outside its storage path", error(get("/remote/sealed/s-t01000-9"), 400).detail());
        error(call("DELETE", "/remote/sealed/s-t01000-9", ADMIN, Map.of()), 400);
        error(call("DELETE", "/remote/sealed/..%2F..%2Fsecret", ADMIN, Map.of()), 400);
        assertEquals(SECRET, Files.readString(tmp.resolve("secret")));
        assertTrue(error(get("/remote/piece/s-t01000-1"), 400).detail().startsWith("unknown file type 'piece'"));
    }

    @Test
    void onlyAnAdminTokenGetsIn() throws Exception {
        error(call("GET", "/remote/sealed/s-t01000-1", null, Map.of()), 401);
        error(call("GET", "/remote/sealed/s-t01000-1", new ApiTokens(ApiSecret.random()).create(Permission.ADMIN, ""),
                Map.of()), 401);
        assertEquals("this call needs admin permission; the token has write", error(call("GET", "/remote/sealed/s-t01000-1",
                TOKENS.create(Permission.WRITE, ""), Map.of()), 403).detail());
        error(call("DELETE", "/remote/sealed/s-t01000-1", TOKENS.create(Permission.SIGN, ""), Map.of()), 403);
        error(call("GET", "/remote/../../secret", TOKENS.create(Permission.READ, ""), Map.of()), 403);
        assertTrue(Files.exists(a.layout().file(FileType.SEALED, SECTOR)));
    }
}
