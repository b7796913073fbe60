package io.sealer.cluster.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link DownloadInput} over a byte channel (a socket, or an HTTP body stream), read through
 * one direct buffer: the bytes go from the buffer to the file with no copy on the Java heap.
 * It also reads an HTTP head. Used by one thread.
 */
public final class ChannelInput implements DownloadInput {
    /** The buffer size: reads of 1 MiB keep a loopback transfer near memory speed. */
    public static final int BUFFER = 1 << 20;

    private final ReadableByteChannel in;
    /** Bytes read and not yet consumed are between position and limit. */
    private final ByteBuffer buf;

    public ChannelInput(ReadableByteChannel in) {
        this(in, BUFFER);
    }

    /** With a buffer of {@code bufferSize} bytes (a small one for reading only an HTTP head). */
    public ChannelInput(ReadableByteChannel in, int bufferSize) {
        this.in = in;
        this.buf = ByteBuffer.allocateDirect(bufferSize).flip();
    }

    /** An input stream as a channel, read in chunks of up to {@link #BUFFER} bytes. */
    public static ReadableByteChannel channel(InputStream stream) {
        return new ReadableByteChannel() {
            private final byte[] chunk = new byte[BUFFER];
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                int r = stream.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
                if (r > 0) {
                    dst.put(chunk, 0, r);
                }
                return r;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() throws IOException {
                open = false;
                stream.close();
            }
        };
    }

    /** Reads more into the buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        buf.compact();
        try {
            return in.read(buf) >= 0;
        } finally {
            buf.flip();
        }
    }

    private void need(String what) throws IOException {
        while (!buf.hasRemaining()) {
            if (!fill()) {
                throw new EOFException(what);
            }
        }
    }

    @Override
    public void readFully(byte[] dst, String what) throws IOException {
        int off = 0;
        while (off < dst.length) {
            need(what);
            int n = Math.min(buf.remaining(), dst.length - off);
            buf.get(dst, off, n);
            off += n;
        }
    }

    @Override
    public DownloadFile create(Path file) throws IOException {
        return new DownloadFile.Channel(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    private static FileChannel channel(DownloadFile file) {
        return ((DownloadFile.Channel) file).channel();
    }

    @Override
    public long moveUpTo(DownloadFile file, long max, Writeback writeback) throws IOException {
        FileChannel out = channel(file);
        long moved = 0;
        while (moved < max && (buf.hasRemaining() || fill())) {
            int n = (int) Math.min(buf.remaining(), max - moved);
            ByteBuffer part = buf.slice(buf.position(), n);
            while (part.hasRemaining()) {
                out.write(part);
            }
            buf.position(buf.position() + n);
            writeback.wrote(file, n);
            moved += n;
        }
        return moved;
    }

    @Override
    public void skip(long bytes, String what) throws IOException {
        long left = bytes;
        while (left > 0) {
            need(what);
            int n = (int) Math.min(buf.remaining(), left);
            buf.position(buf.position() + n);
            left -= n;
        }
    }

    @Override
    public boolean atEnd() throws IOException {
        return !buf.hasRemaining() && !fill();
    }

    /**
     * An HTTP head: the text up to the first blank line (CRLF CRLF), which is consumed; what
     * follows stays for the body. At most {@code limit} bytes, else an IOException.
     */
    public String head(int limit) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            need("the connection closed before the end of the HTTP head");
            while (buf.hasRemaining()) {
                text.append((char) (buf.get() & 0xff));
                int n = text.length();
                if (n >= 4 && text.charAt(n - 1) == '\n' && text.charAt(n - 2) == '\r' && text.charAt(n - 3) == '\n'
                        && text.charAt(n - 4) == '\r') {
                    return text.substring(0, n - 4);
                }
                if (n >= limit) {
                    throw new IOException("HTTP head longer than " + limit + " bytes");
                }
            }
        }
    }
}
