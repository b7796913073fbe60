package io.sealer.cluster.storage.transfer;

import io.sealer.cluster.storage.DownloadFile;
import io.sealer.cluster.storage.DownloadInput;
import io.sealer.cluster.storage.Tar;
import io.sealer.cluster.storage.Writeback;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads from another node's transfer port ({@link TransferServer}) the ticket URL its
 * /remote answered with: on Linux the body moves from the socket into the file inside the
 * kernel ({@link SpliceSocket}), elsewhere through one direct buffer; a directory's archive is
 * unpacked the same way, each file handed to a {@link Writeback} as it arrives. Blocking; the
 * caller checks sizes against the source's stat and owns the target's cleanup on failure.
 */
public final class DirectDownload {
    private static final int HEAD_LIMIT = 16 << 10;
    private static final int ERROR_BODY_LIMIT = 4 << 10;
    private static final Logger LOG = LoggerFactory.getLogger(DirectDownload.class);
    /** System property: false keeps downloads on Java channels (no splice) even on Linux. */
    public static final String SPLICE_PROPERTY = "sealer.transfer.splice";
    private static final AtomicBoolean SPLICE_REFUSED = new AtomicBoolean();

    /** The transfer port could not be reached at all (nothing was received): /remote can still serve the bytes. */
    public static final class Unreachable extends IOException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private DirectDownload() {}

    /**
     * Writes the file at {@code ticket}, which must be {@code expected} bytes long, to
     * {@code target} (which must not exist); returns the bytes received (fewer when the
     * transfer was cut off: the caller compares).
     */
    public static long file(URI ticket, Path target, long expected, Duration connectLimit, Duration idle,
            Writeback writeback) throws IOException {
        try (TransferConnection c = open(ticket, connectLimit, idle)) {
            long length = contentLength(ticket, c);
            if (length != expected) {
                throw new IOException("the transfer port announced " + length + " bytes, the source's stat " + expected);
            }
            return intoFile(c.body(), target, expected, writeback);
        } catch (SpliceSocket.Unsupported e) {
            throw spliceRefused(e);
        }
    }

    /** Copies {@code in} to its end into the new file {@code target}; returns the bytes (at most {@code limit}). */
    public static long intoFile(DownloadInput in, Path target, long limit, Writeback writeback) throws IOException {
        DownloadFile out = in.create(target);
        long got;
        try {
            got = in.copyToEnd(out, limit, writeback);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        writeback.finished(out);
        return got;
    }

    /** Unpacks the directory archive at {@code ticket} into {@code target}; returns its bytes of file content. */
    public static long archive(URI ticket, Path target, Duration connectLimit, Duration idle, Writeback writeback)
            throws IOException {
        try (TransferConnection c = open(ticket, connectLimit, idle)) {
            contentLength(ticket, c);
            return Tar.unpack(c.body(), target, writeback);
        } catch (SpliceSocket.Unsupported e) {
            throw spliceRefused(e);
        }
    }

    /** Whether downloads splice (Linux, unless {@value #SPLICE_PROPERTY} is false or a file system refused it). */
    static boolean splicing() {
        return !SPLICE_REFUSED.get() && !"false".equalsIgnoreCase(System.getProperty(SPLICE_PROPERTY))
                && LinuxIo.libc() != null;
    }

    private static IOException spliceRefused(SpliceSocket.Unsupported e) {
        if (SPLICE_REFUSED.compareAndSet(false, true)) {
            LOG.warn("Downloads stop using splice: {}; they read through Java channels from now on", e.getMessage());
        }
        return new IOException(e.getMessage() + "; the next try reads through Java channels", e);
    }

    private static TransferConnection open(URI ticket, Duration connectLimit, Duration idle) throws IOException {
        if (!"http".equals(ticket.getScheme()) || ticket.getHost() == null || ticket.getPort() < 1
                || ticket.getRawPath() == null || !ticket.getRawPath().startsWith(TransferServer.PATH)) {
            throw new IOException("the source offered an unusable transfer URL " + ticket);
        }
        TransferConnection c;
        try {
            InetSocketAddress address = new InetSocketAddress(ticket.getHost(), ticket.getPort());
            c = splicing() ? SpliceSocket.connect(address, connectLimit, idle)
                    : TransferConnection.java(address, connectLimit, idle);
        } catch (IOException e) {
            throw new Unreachable("cannot reach the transfer port " + ticket.getHost() + ":" + ticket.getPort() + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        try {
            c.send(("GET " + ticket.getRawPath() + " HTTP/1.1\r\nHost: " + ticket.getHost() + ":" + ticket.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** Reads the response head: a 200 with its Content-Length, else an IOException with the port's reason. */
    private static long contentLength(URI ticket, TransferConnection c) throws IOException {
        String[] lines = c.head(HEAD_LIMIT).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("the transfer port answered something other than HTTP/1.1");
        }
        long length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    length = Long.parseLong(lines[i].substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("the transfer port sent a malformed Content-Length");
                }
            }
        }
        if (!status[1].equals("200")) {
            byte[] body = new byte[(int) Math.max(0, Math.min(length, ERROR_BODY_LIMIT))];
            c.body().readFully(body, "the transfer port's error ended early");
            throw new IOException(ticket.getHost() + ":" + ticket.getPort() + " answered " + status[1] + ": "
                    + new String(body, StandardCharsets.UTF_8).trim());
        }
        if (length < 0) {
            throw new IOException("the transfer port sent no Content-Length");
        }
        return length;
    }
}
