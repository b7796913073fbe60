package io.sealer.cluster.storage.transfer;

import io.sealer.cluster.storage.ChannelInput;
import io.sealer.cluster.storage.Tar;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's direct transfer port: serves the sector files /remote hands out tickets for, with
 * {@code sendfile} (the bytes go from the page cache to the socket, never through the JVM or
 * the HTTP stack), so a fetch runs near the speed of a local copy. It speaks just enough
 * HTTP/1.1 for one request per connection: {@code GET /transfer/<ticket>}, answered with the
 * file (or a directory's tar archive) and {@code Connection: close}; anything else is a 4xx
 * with a one-line reason. At most {@code maxConnections} transfers run at once (as many more get
 * 503, the rest are closed unanswered), so a flood of connections cannot take more threads; a
 * peer that stops reading or sending for the idle limit is dropped. Runs on its own threads.
 */
public final class TransferServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferServer.class);
    /** The request header with which a fetcher asks /remote for a ticket instead of the bytes. */
    public static final String ASK_HEADER = "X-Sealer-Transfer";
    public static final String ASK_DIRECT = "direct";
    static final String PATH = "/transfer/";
    private static final int HEAD_LIMIT = 8 << 10;
    private static final long ACCEPT_PAUSE_MILLIS = 200;

    /**
     * @param maxConnections transfers served at once
     * @param idle how long a transfer may make no progress before it is dropped
     * @param requestLimit how long a new connection may take to send its request (and a refused one to take the answer)
     * @param ticketLife how long a ticket stays good
     * @param maxTickets tickets outstanding at once (beyond it /remote serves the bytes itself)
     */
    public record Settings(int maxConnections, Duration idle, Duration requestLimit, Duration ticketLife,
            int maxTickets) {
        public static final Settings DEFAULT = new Settings(32, Duration.ofMinutes(2), Duration.ofSeconds(10),
                Duration.ofMinutes(1), 1024);
    }

    private final ServerSocketChannel server;
    private final TransferTickets tickets;
    private final Settings settings;
    private final Semaphore slots;
    /** Connections being told 503; beyond as many as {@code slots}, a connection is closed unanswered. */
    private final Semaphore refusals;
    private final ExecutorService senders;
    private final Thread acceptor;
    private volatile boolean closed;

    private TransferServer(ServerSocketChannel server, Settings settings, Clock clock) {
        this.server = server;
        this.settings = settings;
        this.tickets = new TransferTickets(clock, settings.ticketLife(), settings.maxTickets());
        this.slots = new Semaphore(settings.maxConnections());
        this.refusals = new Semaphore(settings.maxConnections());
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sealer-transfer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::accept, "sealer-transfer-accept");
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code host:port} (port 0: any free port). */
    public static TransferServer start(String host, int port, Settings settings) throws IOException {
        return start(host, port, settings, Clock.systemUTC());
    }

    static TransferServer start(String host, int port, Settings settings, Clock clock) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for transfers on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        TransferServer s = new TransferServer(server, settings, clock);
        s.acceptor.start();
        LOG.info("Sector file transfers served on {}:{}", host, s.port());
        return s;
    }

    /**
     * The transfer port configured as {@code key} ({@code port}: 0 any free port, -1 none): a
     * started server on {@code host}, or null for none.
     *
     * @throws IllegalArgumentException a port out of range, or one that cannot be listened on, named by its key
     */
    public static TransferServer fromConfig(String key, String host, int port) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(key + " must be a port (0 = any free port, -1 = none), got " + port);
        }
        if (port == -1) {
            LOG.info("No transfer port ({} = -1): other nodes fetch this node's files through its API port", key);
            return null;
        }
        try {
            return start(host, port, Settings.DEFAULT);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage() + "; choose another " + key + " (or -1 for none)", e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /**
     * A ticket URL for {@code source} on this port, at {@code host} (the host the caller reached
     * the node's API at); empty when too many tickets are outstanding or the server is closed.
     */
    public Optional<URI> offer(String host, TransferSource source) {
        if (closed) {
            return Optional.empty();
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return tickets.issue(source).map(t -> URI.create("http://" + h + ":" + port() + PATH + t));
    }

    private void accept() {
        while (!closed) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // such as too many open files: pause rather than spin on the same failure
                LOG.warn("Transfer port: accepting a connection failed: {}", e.getMessage());
                try {
                    Thread.sleep(ACCEPT_PAUSE_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
                continue;
            }
            try {
                dispatch(c);
            } catch (RejectedExecutionException e) {
                // closing: the senders stopped taking work
                closeQuietly(c);
            }
        }
    }

    /** Serves {@code c} on a sender thread, or tells it 503 when every slot is taken (closes it when those are too). */
    private void dispatch(SocketChannel c) {
        if (slots.tryAcquire()) {
            senders.execute(() -> {
                try {
                    serve(c);
                } finally {
                    slots.release();
                }
            });
        } else if (refusals.tryAcquire()) {
            senders.execute(() -> {
                try {
                    refuseBusy(c);
                } finally {
                    refusals.release();
                }
            });
        } else {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("Transfer port: closing a connection failed: {}", e.getMessage());
        }
    }

    private void refuseBusy(SocketChannel c) {
        try (TimedSocket s = TimedSocket.accepted(c, settings.requestLimit())) {
            s.limits(settings.requestLimit(), settings.requestLimit());
            new ChannelInput(s, HEAD_LIMIT).head(HEAD_LIMIT);
            respond(s, 503, "Service Unavailable", settings.maxConnections() + " transfers are running; try again");
        } catch (IOException e) {
            LOG.debug("Transfer port: refusing a connection failed: {}", e.getMessage());
        }
    }

    private void serve(SocketChannel c) {
        TransferSource source = null;
        try (TimedSocket s = TimedSocket.accepted(c, settings.requestLimit())) {
            s.limits(settings.requestLimit(), settings.requestLimit());
            Request request;
            try {
                request = Request.parse(new ChannelInput(s, HEAD_LIMIT).head(HEAD_LIMIT));
            } catch (IllegalArgumentException e) {
                respond(s, 400, "Bad Request", e.getMessage());
                return;
            }
            if (!request.method().equals("GET")) {
                respond(s, 405, "Method Not Allowed", "the transfer port serves GET " + PATH + "<ticket> only");
                return;
            }
            Optional<TransferSource> found = request.target().startsWith(PATH)
                    ? tickets.take(request.target().substring(PATH.length())) : Optional.empty();
            if (found.isEmpty()) {
                respond(s, 404, "Not Found", "unknown, used or expired transfer ticket (a ticket is good for one "
                        + "download within " + tickets.life().toSeconds() + " s; ask /remote again)");
                return;
            }
            source = found.get();
            s.limits(settings.idle(), null);
            send(s, source);
        } catch (IOException e) {
            if (source != null && !closed) {
                LOG.warn("Transfer of {} broke off: {}", describe(source), message(e));
            } else {
                LOG.debug("Transfer port: a request failed: {}", message(e));
            }
        }
    }

    private static void send(TimedSocket s, TransferSource source) throws IOException {
        s.writeFully(ascii("HTTP/1.1 200 OK\r\nContent-Type: " + source.contentType() + "\r\nContent-Length: "
                + source.length() + "\r\nConnection: close\r\n\r\n"));
        if (source instanceof TransferSource.SingleFile f) {
            try (FileChannel file = FileChannel.open(f.file())) {
                s.sendFile(file, 0, f.length());
            }
            return;
        }
        Tar.Layout layout = ((TransferSource.Archive) source).layout();
        for (Tar.Entry e : layout.entries()) {
            s.writeFully(ByteBuffer.wrap(e.header()));
            if (e.file() != null) {
                try (FileChannel file = FileChannel.open(e.file())) {
                    s.sendFile(file, 0, e.size());
                    if (file.size() != e.size()) {
                        throw new IOException(e.name() + " changed size while being sent");
                    }
                }
                s.writeFully(ByteBuffer.allocate((int) e.padding()));
            }
        }
        s.writeFully(ByteBuffer.allocate(Tar.END));
    }

    private static void respond(TimedSocket s, int status, String reason, String detail) throws IOException {
        byte[] body = (detail + "\n").getBytes(StandardCharsets.UTF_8);
        s.writeFully(ascii("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n"));
        s.writeFully(ByteBuffer.wrap(body));
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String describe(TransferSource source) {
        return source instanceof TransferSource.SingleFile f ? f.file().toString()
                : "a directory archive of " + source.length() + " bytes";
    }

    private static String message(IOException e) {
        if (e instanceof AsynchronousCloseException) {
            return "the server is closing";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Stops accepting; transfers under way are cut off. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Transfer port: closing failed: {}", e.getMessage());
        }
        senders.shutdownNow();
    }

    /** The request line of an HTTP/1.1 request: the method and the target. */
    record Request(String method, String target) {
        static Request parse(String head) {
            String line = head.lines().findFirst().orElse("");
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IllegalArgumentException("malformed request line '" + printable(line) + "'");
            }
            return new Request(parts[0], parts[1]);
        }

        private static String printable(String s) {
            String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
            return cut.replaceAll("[^\\x20-\\x7e]", "?");
        }
    }
}
