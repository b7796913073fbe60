package io.sealer.cluster.storage.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A TCP connection used like a blocking one, but where a read, write or connect that makes no
 * progress for the idle limit fails with a {@link SocketTimeoutException} (a blocking
 * {@link SocketChannel} would wait forever on a peer that stopped without closing). Files are
 * sent with {@link FileChannel#transferTo}, which the JDK turns into {@code sendfile}: their
 * bytes go from the page cache to the socket without passing through the JVM. One thread.
 */
final class TimedSocket implements ReadableByteChannel {
    private final SocketChannel channel;
    private final Selector selector;
    private long idleMillis;
    /** When set (not 0), the time (System.nanoTime) by which the current exchange must be over. */
    private long deadline;

    private TimedSocket(SocketChannel channel, Duration idle) throws IOException {
        this.channel = channel;
        this.idleMillis = Math.max(1, idle.toMillis());
        channel.configureBlocking(false);
        this.selector = Selector.open();
    }

    /** An accepted connection. */
    static TimedSocket accepted(SocketChannel channel, Duration idle) throws IOException {
        try {
            return new TimedSocket(channel, idle);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * From now on a read or write may wait at most {@code idle} for progress, and all of them
     * together must end within {@code total} (null: no overall limit).
     */
    void limits(Duration idle, Duration total) {
        this.idleMillis = Math.max(1, idle.toMillis());
        this.deadline = total == null ? 0 : System.nanoTime() + Math.max(1, total.toNanos());
    }

    /** Connects to {@code address} within {@code limit}. */
    static TimedSocket connect(InetSocketAddress address, Duration limit, Duration idle) throws IOException {
        SocketChannel channel = SocketChannel.open();
        TimedSocket s = accepted(channel, idle);
        try {
            if (!channel.connect(address)) {
                s.await(SelectionKey.OP_CONNECT, limit.toMillis(), "connecting");
                channel.finishConnect();
            }
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private void await(int op, long millis, String doing) throws IOException {
        if (deadline != 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("the peer took too long " + doing);
            }
            millis = Math.min(millis, left);
        }
        SelectionKey key = channel.register(selector, op);
        try {
            if (selector.select(Math.max(1, millis)) == 0) {
                throw new SocketTimeoutException("no progress " + doing + " for " + millis / 1000.0 + " s");
            }
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(0);
        }
    }

    /** Reads at least one byte, or -1 at the end of the stream. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        while (true) {
            int n = channel.read(dst);
            if (n != 0) {
                return n;
            }
            await(SelectionKey.OP_READ, idleMillis, "reading");
        }
    }

    void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (channel.write(src) == 0) {
                await(SelectionKey.OP_WRITE, idleMillis, "sending");
            }
        }
    }

    /** Sends {@code count} bytes of {@code file} from {@code position}; an IOException if the file is shorter. */
    void sendFile(FileChannel file, long position, long count) throws IOException {
        long at = position;
        long end = position + count;
        while (at < end) {
            long n = file.transferTo(at, end - at, channel);
            if (n > 0) {
                at += n;
            } else if (file.size() <= at) {
                throw new IOException("the file ended at byte " + at + " of the " + end + " announced");
            } else {
                await(SelectionKey.OP_WRITE, idleMillis, "sending");
            }
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
