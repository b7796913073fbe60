package io.sealer.cluster.storage.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.storage.MutableClock;
import io.sealer.cluster.storage.Tar;
import io.sealer.cluster.storage.Writeback;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transfer port and its client on loopback, each download both ways the client reads
 * (splice into the file on Linux, and Java channels): whole files and directory archives arrive
 * byte for byte, tickets are one-use and expire, bad requests get a status and a reason, and
 * short, stalled or unreachable sources fail in a way the fetcher can act on.
 */
class TransferServerTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final TransferServer.Settings SETTINGS = new TransferServer.Settings(4, IDLE, Duration.ofSeconds(5),
            Duration.ofSeconds(60), 16);

    @TempDir
    static Path tmp;
    private static Path file;
    private static byte[] data;
    private static Path cache;

    @TempDir
    Path out;
    private final MutableClock clock = new MutableClock();
    private TransferServer server;

    @BeforeAll
    static void files() throws Exception {
        data = new byte[(3 << 20) + 17];
        new Random(11).nextBytes(data);
        file = Files.write(tmp.resolve("sealed"), data);
        cache = Files.createDirectories(tmp.resolve("cache"));
        Files.write(cache.resolve("sc-02-data-layer-1.dat"), data);
        Files.writeString(cache.resolve("p_aux"), "aux");
        Files.write(cache.resolve("empty"), new byte[0]);
        Files.write(Files.createDirectories(cache.resolve("sub")).resolve("t_aux"), new byte[511]);
    }

    @AfterEach
    void stop() {
        System.clearProperty(DirectDownload.SPLICE_PROPERTY);
        if (server != null) {
            server.close();
        }
    }

    private TransferServer start(TransferServer.Settings settings) throws IOException {
        server = TransferServer.start("127.0.0.1", 0, settings, clock);
        return server;
    }

    private static void reading(boolean splice) {
        System.setProperty(DirectDownload.SPLICE_PROPERTY, Boolean.toString(splice));
    }

    private URI ticket(TransferSource source) {
        return server.offer("127.0.0.1", source).orElseThrow();
    }

    private static long file(URI ticket, Path target, long expected) throws IOException {
        try (Writeback writeback = Writeback.durable()) {
            long got = DirectDownload.file(ticket, target, expected, CONNECT, IDLE, writeback);
            writeback.await();
            return got;
        }
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void aFileArrivesWholeOnceForItsTicket(boolean splice) throws Exception {
        reading(splice);
        assertEquals(splice && com.sun.jna.Platform.isLinux(), DirectDownload.splicing(), "splice is used on Linux");
        start(SETTINGS);
        URI ticket = ticket(new TransferSource.SingleFile(file, data.length));
        assertEquals("127.0.0.1", ticket.getHost());
        assertEquals(server.port(), ticket.getPort());
        assertEquals(data.length, file(ticket, out.resolve("a"), data.length));
        assertArrayEquals(data, Files.readAllBytes(out.resolve("a")));

        IOException again = assertThrows(IOException.class, () -> file(ticket, out.resolve("b"), data.length));
        assertTrue(again.getMessage().contains("answered 404: unknown, used or expired transfer ticket"),
                again.getMessage());
        assertFalse(Files.exists(out.resolve("b")));
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void aDirectoryArrivesAsAnArchiveUnpackedInPlace(boolean splice) throws Exception {
        reading(splice);
        start(SETTINGS);
        Tar.Layout layout = Tar.layout(cache);
        Path target = out.resolve("cache");
        try (Writeback writeback = Writeback.durable()) {
            assertEquals(layout.contentBytes(), DirectDownload.archive(ticket(new TransferSource.Archive(layout)), target,
                    CONNECT, IDLE, writeback));
            writeback.await();
        }
        assertEquals(tree(cache), tree(target));
        for (String name : List.of("sc-02-data-layer-1.dat", "p_aux", "empty", "sub/t_aux")) {
            assertArrayEquals(Files.readAllBytes(cache.resolve(name)), Files.readAllBytes(target.resolve(name)), name);
        }
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void anExpiredTicketIsRefused() throws Exception {
        start(SETTINGS);
        URI ticket = ticket(new TransferSource.SingleFile(file, data.length));
        clock.advance(Duration.ofSeconds(61));
        assertTrue(assertThrows(IOException.class, () -> file(ticket, out.resolve("late"), data.length)).getMessage()
                .contains("answered 404"));
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void aFileShorterThanAnnouncedArrivesShortForTheCallerToRefuse(boolean splice) throws Exception {
        reading(splice);
        start(SETTINGS);
        long announced = data.length + 4096L;
        assertEquals(data.length, file(ticket(new TransferSource.SingleFile(file, announced)), out.resolve("short"),
                announced));
    }

    @Test
    void aLengthOtherThanTheStatsIsRefused() throws Exception {
        start(SETTINGS);
        IOException e = assertThrows(IOException.class, () -> file(ticket(new TransferSource.SingleFile(file,
                data.length)), out.resolve("x"), 10));
        assertEquals("the transfer port announced " + data.length + " bytes, the source's stat 10", e.getMessage());
        assertFalse(Files.exists(out.resolve("x")));
    }

    private static final String RESET = "(connection reset)";

    /**
     * Sends {@code request} on a new connection and returns everything the port answers before
     * it closes, or {@link #RESET} (a port that closes with part of a request unread resets).
     */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.net.SocketException e) {
            return RESET;
        }
    }

    @Test
    void requestsOtherThanATicketGetAStatusAndAReason() throws Exception {
        start(SETTINGS);
        String malformed = raw("HELLO\r\n\r\n");
        assertTrue(malformed.startsWith("HTTP/1.1 400 Bad Request\r\n"), malformed);
        assertTrue(malformed.endsWith("malformed request line 'HELLO'\n"), malformed);
        String post = raw("POST /transfer/AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(post.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), post);
        String elsewhere = raw("GET /remote/sealed/s-t01000-1 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(elsewhere.startsWith("HTTP/1.1 404 Not Found\r\n"), elsewhere);
        String traversal = raw("GET /transfer/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(traversal.startsWith("HTTP/1.1 404 Not Found\r\n"), traversal);
        String huge = raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n");
        assertTrue(huge.isEmpty() || huge.equals(RESET), "a head over 8 KiB is dropped: " + huge);
    }

    @Test
    void aConnectionThatNeverFinishesItsRequestIsDropped() throws Exception {
        start(new TransferServer.Settings(4, IDLE, Duration.ofMillis(300), Duration.ofSeconds(60), 16));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /tr".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(-1, s.getInputStream().read(), "closed without an answer");
        }
    }

    @Test
    void beyondTheConnectionLimitTheAnswerIs503() throws Exception {
        start(new TransferServer.Settings(1, IDLE, Duration.ofSeconds(5), Duration.ofSeconds(60), 16));
        try (Socket holder = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            holder.getOutputStream().write("GET /tr".getBytes(StandardCharsets.ISO_8859_1));
            String busy = raw("GET /transfer/AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\n\r\n");
            assertTrue(busy.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), busy);
            assertTrue(busy.endsWith("1 transfers are running; try again\n"), busy);
        }
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void aSourceThatStallsIsGivenUpAfterTheIdleLimit(boolean splice) throws Exception {
        reading(splice);
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = stalling.accept()) {
                    InputStream in = s.getInputStream();
                    in.read(new byte[4096]);
                    OutputStream o = s.getOutputStream();
                    o.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    done.await(20, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    // the test has its answer
                }
            });
            t.start();
            URI ticket = URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/transfer/AAAAAAAAAAAAAAAAAAAAAA");
            try (Writeback writeback = Writeback.none()) {
                IOException e = assertThrows(IOException.class, () -> DirectDownload.file(ticket, out.resolve("stalled"),
                        1_000_000, CONNECT, Duration.ofMillis(300), writeback));
                assertEquals("no progress reading for 0.3 s", e.getMessage());
            } finally {
                done.countDown();
                t.join(5_000);
            }
        }
    }

    @Test
    void theConfiguredPortIsCheckedAndNamedInErrors() throws Exception {
        assertEquals(null, TransferServer.fromConfig("config.conf Worker.TransferPort", "127.0.0.1", -1));
        assertEquals("config.conf Worker.TransferPort must be a port (0 = any free port, -1 = none), got 70000",
                assertThrows(IllegalArgumentException.class, () -> TransferServer.fromConfig(
                        "config.conf Worker.TransferPort", "127.0.0.1", 70000)).getMessage());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String message = assertThrows(IllegalArgumentException.class, () -> TransferServer.fromConfig(
                    "config.conf API.TransferPort", "127.0.0.1", taken.getLocalPort())).getMessage();
            assertTrue(message.startsWith("cannot listen for transfers on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    && message.endsWith("; choose another config.conf API.TransferPort (or -1 for none)"), message);
        }
        try (TransferServer any = TransferServer.fromConfig("k", "127.0.0.1", 0)) {
            assertTrue(any.port() > 0);
        }
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void anUnreachablePortIsToldApartFromABrokenTransfer(boolean splice) throws Exception {
        reading(splice);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        URI ticket = URI.create("http://127.0.0.1:" + closed + "/transfer/AAAAAAAAAAAAAAAAAAAAAA");
        try (Writeback writeback = Writeback.none()) {
            IOException e = assertThrows(IOException.class, () -> DirectDownload.file(ticket, out.resolve("u"), 1, CONNECT,
                    IDLE, writeback));
            assertInstanceOf(DirectDownload.Unreachable.class, e);
            assertTrue(e.getMessage().startsWith("cannot reach the transfer port 127.0.0.1:" + closed + " ("),
                    e.getMessage());
            assertEquals("the source offered an unusable transfer URL https://127.0.0.1:1/transfer/x", assertThrows(
                    IOException.class, () -> DirectDownload.file(URI.create("https://127.0.0.1:1/transfer/x"),
                            out.resolve("v"), 1, CONNECT, IDLE, writeback)).getMessage());
        }
    }
}
