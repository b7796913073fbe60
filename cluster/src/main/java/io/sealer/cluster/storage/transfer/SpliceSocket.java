package io.sealer.cluster.storage.transfer;

import com.sun.jna.Native;
import io.sealer.cluster.storage.DownloadFile;
import io.sealer.cluster.storage.DownloadInput;
import io.sealer.cluster.storage.Writeback;
import java.io.EOFException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A download's connection on Linux, held as a plain file descriptor: the body moves from the
 * socket into the file with {@code splice} through a pipe, inside the kernel (no copy into the
 * JVM, one copy where a read-and-write loop makes two). Reads and writes wait with
 * {@code poll}; one that makes no progress for the idle limit fails. Bytes that arrived with
 * the HTTP head are kept and written first. One thread.
 */
final class SpliceSocket implements DownloadInput, TransferConnection {
    /** The file system of a download's target does not take splice: use Java channels there. */
    static final class Unsupported extends IOException {
        Unsupported(String message) {
            super(message);
        }
    }

    /** The pipe's capacity, and the most one splice moves. */
    private static final int PIPE_BYTES = 1 << 20;

    private final LinuxIo.LibC c;
    private final int fd;
    private final int idleMillis;
    private int pipeRead = -1;
    private int pipeWrite = -1;
    /** Received and not yet consumed (read past the HTTP head): {@code pending[pendingAt, pendingEnd)}. */
    private byte[] pending = new byte[0];
    private int pendingAt;
    private int pendingEnd;

    private SpliceSocket(LinuxIo.LibC c, int fd, Duration idle) {
        this.c = c;
        this.fd = fd;
        this.idleMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, idle.toMillis()));
    }

    /** Connects to {@code address} within {@code limit}; null when splice is not available here. */
    static SpliceSocket connect(InetSocketAddress address, Duration limit, Duration idle) throws IOException {
        LinuxIo.LibC c = LinuxIo.libc();
        if (c == null) {
            return null;
        }
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IOException("cannot resolve " + address.getHostString());
        }
        boolean v6 = ip instanceof Inet6Address;
        int fd = c.socket(v6 ? LinuxIo.AF_INET6 : LinuxIo.AF_INET, LinuxIo.SOCK_STREAM | LinuxIo.SOCK_NONBLOCK
                | LinuxIo.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot open a socket: " + LinuxIo.lastError());
        }
        SpliceSocket s = new SpliceSocket(c, fd, idle);
        try {
            byte[] sockaddr = sockaddr(ip, address.getPort());
            if (c.connect(fd, sockaddr, sockaddr.length) != 0) {
                int errno = Native.getLastError();
                if (errno != LinuxIo.EINPROGRESS) {
                    throw new IOException(c.strerror(errno));
                }
                s.await(LinuxIo.POLLOUT, (int) Math.min(Integer.MAX_VALUE, limit.toMillis()), "connecting");
                int[] error = {0};
                int[] length = {4};
                if (c.getsockopt(fd, LinuxIo.SOL_SOCKET, LinuxIo.SO_ERROR, error, length) != 0) {
                    throw new IOException(LinuxIo.lastError());
                }
                if (error[0] != 0) {
                    throw new IOException(c.strerror(error[0]));
                }
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** {@code struct sockaddr_in} or {@code sockaddr_in6}: family in host order (little-endian), port in network order. */
    private static byte[] sockaddr(InetAddress ip, int port) {
        byte[] addr = ip.getAddress();
        byte[] sa = new byte[ip instanceof Inet6Address ? 28 : 16];
        int family = ip instanceof Inet6Address ? LinuxIo.AF_INET6 : LinuxIo.AF_INET;
        sa[0] = (byte) family;
        sa[1] = (byte) (family >> 8);
        sa[2] = (byte) (port >> 8);
        sa[3] = (byte) port;
        if (ip instanceof Inet6Address v6) {
            System.arraycopy(addr, 0, sa, 8, 16);
            int scope = v6.getScopeId();
            for (int i = 0; i < 4; i++) {
                sa[24 + i] = (byte) (scope >> (8 * i));
            }
        } else {
            System.arraycopy(addr, 0, sa, 4, 4);
        }
        return sa;
    }

    private void await(short events, int millis, String doing) throws IOException {
        LinuxIo.PollFd p = new LinuxIo.PollFd();
        p.fd = fd;
        p.events = events;
        while (true) {
            int n = c.poll(p, 1, millis);
            if (n > 0) {
                return;
            }
            if (n == 0) {
                throw new SocketTimeoutException("no progress " + doing + " for " + millis / 1000.0 + " s");
            }
            if (Native.getLastError() != LinuxIo.EINTR) {
                throw new IOException("waiting on the connection failed: " + LinuxIo.lastError());
            }
        }
    }

    @Override
    public DownloadInput body() {
        return this;
    }

    @Override
    public void send(byte[] data) throws IOException {
        int at = 0;
        while (at < data.length) {
            byte[] rest = at == 0 ? data : Arrays.copyOfRange(data, at, data.length);
            long n = c.send(fd, rest, rest.length, LinuxIo.MSG_NOSIGNAL);
            if (n > 0) {
                at += (int) n;
            } else if (n < 0 && retry()) {
                await(LinuxIo.POLLOUT, idleMillis, "sending");
            } else {
                throw new IOException("sending failed: " + LinuxIo.lastError());
            }
        }
    }

    /** After a call returned -1: whether it only would have blocked (or was interrupted). */
    private static boolean retry() {
        int errno = Native.getLastError();
        return errno == LinuxIo.EAGAIN || errno == LinuxIo.EINTR;
    }

    /** Receives what is there (at least one byte) into {@code buf}; -1 at the end of the stream. */
    private int receive(byte[] buf, int max) throws IOException {
        while (true) {
            long n = c.recv(fd, buf, max, 0);
            if (n >= 0) {
                return n == 0 ? -1 : (int) n;
            }
            if (!retry()) {
                throw new IOException("the transfer broke off: " + LinuxIo.lastError());
            }
            await(LinuxIo.POLLIN, idleMillis, "reading");
        }
    }

    /** The HTTP head up to the blank line; bytes after it are kept for the body. */
    @Override
    public String head(int limit) throws IOException {
        byte[] buf = new byte[limit];
        int have = 0;
        while (true) {
            byte[] part = new byte[buf.length - have];
            int n = receive(part, part.length);
            if (n < 0) {
                throw new EOFException("the connection closed before the end of the HTTP head");
            }
            System.arraycopy(part, 0, buf, have, n);
            int from = Math.max(0, have - 3);
            have += n;
            for (int i = from; i + 3 < have; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    pending = buf;
                    pendingAt = i + 4;
                    pendingEnd = have;
                    return new String(buf, 0, i, StandardCharsets.ISO_8859_1);
                }
            }
            if (have == buf.length) {
                throw new IOException("HTTP head longer than " + limit + " bytes");
            }
        }
    }

    @Override
    public void readFully(byte[] dst, String what) throws IOException {
        int at = takePending(dst, dst.length);
        while (at < dst.length) {
            byte[] part = new byte[dst.length - at];
            int n = receive(part, part.length);
            if (n < 0) {
                throw new EOFException(what);
            }
            System.arraycopy(part, 0, dst, at, n);
            at += n;
        }
    }

    /** Takes up to {@code max} kept bytes into the start of {@code dst} (dropped when it is null); returns how many. */
    private int takePending(byte[] dst, int max) {
        int n = Math.min(max, pendingEnd - pendingAt);
        if (n > 0 && dst != null) {
            System.arraycopy(pending, pendingAt, dst, 0, n);
        }
        pendingAt += Math.max(0, n);
        return Math.max(0, n);
    }

    @Override
    public void skip(long bytes, String what) throws IOException {
        long left = bytes - takePending(null, (int) Math.min(Integer.MAX_VALUE, bytes));
        byte[] drop = new byte[(int) Math.min(64 << 10, Math.max(1, left))];
        while (left > 0) {
            int n = receive(drop, (int) Math.min(drop.length, left));
            if (n < 0) {
                throw new EOFException(what);
            }
            left -= n;
        }
    }

    /** A file written through its descriptor. */
    private record FdFile(LinuxIo.LibC c, int fd, Path path) implements DownloadFile {
        @Override
        public void sync() throws IOException {
            if (c.fdatasync(fd) != 0) {
                throw new IOException("cannot sync " + path + ": " + LinuxIo.lastError());
            }
        }

        @Override
        public void close() throws IOException {
            if (c.close(fd) != 0) {
                throw new IOException("cannot close " + path + ": " + LinuxIo.lastError());
            }
        }
    }

    @Override
    public DownloadFile create(Path file) throws IOException {
        int out = c.open(file.toString(), LinuxIo.O_WRONLY | LinuxIo.O_CREAT | LinuxIo.O_EXCL | LinuxIo.O_CLOEXEC, 0644);
        if (out < 0) {
            throw new IOException("cannot create " + file + ": " + LinuxIo.lastError());
        }
        return new FdFile(c, out, file);
    }

    @Override
    public long moveUpTo(DownloadFile file, long max, Writeback writeback) throws IOException {
        return move((FdFile) file, max, writeback);
    }

    @Override
    public boolean atEnd() throws IOException {
        if (pendingAt < pendingEnd) {
            return false;
        }
        byte[] one = new byte[1];
        int n = receive(one, 1);
        if (n > 0) {
            pending = one;
            pendingAt = 0;
            pendingEnd = 1;
        }
        return n < 0;
    }

    /** Moves up to {@code bytes} (fewer at the end of the stream) into {@code out}: what is pending, then by splice. */
    private long move(FdFile out, long bytes, Writeback writeback) throws IOException {
        long moved = 0;
        int kept = (int) Math.min(bytes, pendingEnd - pendingAt);
        if (kept > 0) {
            byte[] head = Arrays.copyOfRange(pending, pendingAt, pendingAt + kept);
            writeAll(out, head);
            pendingAt += kept;
            moved += kept;
            writeback.wrote(out, kept);
        }
        openPipe();
        while (moved < bytes) {
            long n = c.splice(fd, null, pipeWrite, null, Math.min(PIPE_BYTES, bytes - moved), LinuxIo.SPLICE_F_MOVE
                    | LinuxIo.SPLICE_F_NONBLOCK);
            if (n == 0) {
                return moved;
            }
            if (n < 0) {
                if (!retry()) {
                    throw new IOException("the transfer broke off: " + LinuxIo.lastError());
                }
                await(LinuxIo.POLLIN, idleMillis, "reading");
                continue;
            }
            for (long left = n; left > 0; ) {
                long m = c.splice(pipeRead, null, out.fd(), null, left, LinuxIo.SPLICE_F_MOVE);
                if (m <= 0) {
                    if (m < 0 && Native.getLastError() == LinuxIo.EINTR) {
                        continue;
                    }
                    if (m < 0 && Native.getLastError() == LinuxIo.EINVAL) {
                        throw new Unsupported("splice into " + out.path() + " is refused (" + LinuxIo.lastError() + ")");
                    }
                    throw new IOException("cannot write " + out.path() + ": " + (m == 0 ? "no progress"
                            : LinuxIo.lastError()));
                }
                left -= m;
            }
            moved += n;
            writeback.wrote(out, n);
        }
        return moved;
    }

    private void writeAll(FdFile out, byte[] data) throws IOException {
        int at = 0;
        while (at < data.length) {
            byte[] rest = at == 0 ? data : Arrays.copyOfRange(data, at, data.length);
            long n = c.write(out.fd(), rest, rest.length);
            if (n < 0 && Native.getLastError() == LinuxIo.EINTR) {
                continue;
            }
            if (n <= 0) {
                throw new IOException("cannot write " + out.path() + ": " + LinuxIo.lastError());
            }
            at += (int) n;
        }
    }

    private void openPipe() throws IOException {
        if (pipeRead >= 0) {
            return;
        }
        int[] fds = new int[2];
        if (c.pipe(fds) != 0) {
            throw new IOException("cannot open a pipe: " + LinuxIo.lastError());
        }
        pipeRead = fds[0];
        pipeWrite = fds[1];
        // a larger pipe moves more per call; the system's limit may refuse it, which only costs calls
        c.fcntl(pipeWrite, LinuxIo.F_SETPIPE_SZ, PIPE_BYTES);
    }

    @Override
    public void close() {
        if (pipeRead >= 0) {
            c.close(pipeRead);
            c.close(pipeWrite);
            pipeRead = -1;
        }
        c.close(fd);
    }
}
