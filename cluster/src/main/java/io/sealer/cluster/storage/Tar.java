package io.sealer.cluster.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The tar (ustar) stream a sector directory (cache, update-cache) travels in over /remote.
 * Writing streams each file from disk (headers are built up front, so the length is known);
 * only directories and regular files are archived (symlinks are left out). Sizes of 8 GiB and
 * more use the base-256 size field. Reading unpacks into a directory and refuses any entry that
 * would land outside it, any entry that is not a file or directory, bad checksums, and an
 * archive that ends early.
 */
public final class Tar {
    static final int BLOCK = 512;
    /** Bytes read from disk per stream element (Pekko's default of 8 KiB costs most of the throughput). */
    static final int CHUNK = 1 << 20;
    private static final long OCTAL_SIZE_LIMIT = 1L << 33;

    /** A directory as a tar stream of known length. */
    public record Archive(long length, long contentBytes, Source<ByteString, ?> bytes) {}

    /** One member: its name in the archive, its header block, then (for a file) {@code size} bytes of {@code file} and zero padding to a block. */
    public record Entry(String name, byte[] header, Path file, long size) {
        public long padding() {
            return padded(size) - size;
        }
    }

    /** A directory's archive laid out before any byte is sent: its members in order, its length, its file bytes. */
    public record Layout(List<Entry> entries, long length, long contentBytes) {
        public Layout {
            entries = List.copyOf(entries);
        }
    }

    /** The two zero blocks that end an archive. */
    public static final int END = 2 * BLOCK;

    private Tar() {}

    /** Lays out the archive of {@code dir}'s contents (names relative to it): reads the directory tree now, the files later. */
    public static Layout layout(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long length = END;
        long content = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                if (p.equals(dir)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String name = dir.relativize(p).toString().replace('\\', '/');
                Entry e;
                if (a.isDirectory()) {
                    e = new Entry(name + "/", header(name + "/", 0, true), null, 0);
                } else if (a.isRegularFile()) {
                    e = new Entry(name, header(name, a.size(), false), p, a.size());
                } else {
                    continue;
                }
                entries.add(e);
                length += BLOCK + padded(e.size());
                content += e.size();
            }
        }
        return new Layout(entries, length, content);
    }

    /** The archive of {@code dir}'s contents as a stream (read from disk as it is sent). */
    public static Archive of(Path dir) throws IOException {
        Layout layout = layout(dir);
        Source<ByteString, ?> out = Source.empty();
        for (Entry e : layout.entries()) {
            out = out.concat(Source.single(ByteString.fromArray(e.header())));
            if (e.file() != null) {
                Source<ByteString, CompletionStage<IOResult>> data = FileIO.fromPath(e.file(), CHUNK);
                out = out.concat(data.via(exactly(e.size(), e.name())));
                if (e.padding() > 0) {
                    out = out.concat(Source.single(ByteString.fromArray(new byte[(int) e.padding()])));
                }
            }
        }
        return new Archive(layout.length(), layout.contentBytes(), out.concat(Source.single(ByteString.fromArray(
                new byte[END]))));
    }

    /** Fails the stream if a file does not have the size its header announced (it changed while being sent). */
    private static Flow<ByteString, ByteString, NotUsed> exactly(
            long size, String name) {
        return Flow.<ByteString>create().statefulMap(() -> new long[] {0},
                (seen, chunk) -> {
                    seen[0] += chunk.size();
                    if (seen[0] > size) {
                        throw new IOException(name + " grew while being sent");
                    }
                    return Pair.create(seen, chunk);
                }, seen -> {
                    if (seen[0] != size) {
                        throw new IOException(name + " shrank while being sent");
                    }
                    return Optional.empty();
                });
    }

    /** Passes the first {@code bytes} bytes and completes (a range of a file read from its start offset). */
    static Flow<ByteString, ByteString, NotUsed> limit(long bytes) {
        return Flow.<ByteString>create().statefulMap(() -> new long[] {bytes},
                (left, chunk) -> {
                    ByteString out = chunk.size() > left[0] ? chunk.take((int) left[0]) : chunk;
                    left[0] -= out.size();
                    return Pair.create(left, out);
                }, left -> Optional.empty()).takeWhile(chunk -> !chunk.isEmpty(), true);
    }

    static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    static byte[] header(String name, long size, boolean directory) {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length <= 100) {
            System.arraycopy(n, 0, h, 0, n.length);
        } else {
            int cut = name.lastIndexOf('/', name.length() - 2);
            byte[] prefix = cut < 0 ? null : name.substring(0, cut).getBytes(StandardCharsets.UTF_8);
            byte[] base = cut < 0 ? null : name.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
            if (prefix == null || prefix.length > 155 || base.length > 100) {
                throw new IllegalArgumentException("name too long for a tar archive: " + name);
            }
            System.arraycopy(base, 0, h, 0, base.length);
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        }
        octal(h, 100, 8, directory ? 0755 : 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size < OCTAL_SIZE_LIMIT) {
            octal(h, 124, 12, size);
        } else {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        }
        octal(h, 136, 12, 0);
        h[156] = (byte) (directory ? '5' : '0');
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar field");
        }
        s = "0".repeat(len - 1 - s.length()) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }

    /**
     * Unpacks a tar stream into {@code target} (created if missing); returns the bytes of file
     * content written. Throws IOException for an entry escaping {@code target}, a link or other
     * special entry, a bad header or a stream that ends before the end-of-archive blocks.
     */
    public static long unpack(InputStream in, Path target) throws IOException {
        try (Writeback writeback = Writeback.none()) {
            long content = unpack(new ChannelInput(ChannelInput.channel(in)), target, writeback);
            writeback.await();
            return content;
        }
    }

    /**
     * {@link #unpack(InputStream, Path)} from {@code in}, each file handed to {@code writeback}
     * as it is written and when complete (the caller awaits it).
     */
    public static long unpack(DownloadInput in, Path target, Writeback writeback) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        byte[] h = new byte[BLOCK];
        long content = 0;
        while (true) {
            in.readFully(h, "tar stream ends early");
            if (allZero(h)) {
                in.readFully(h, "tar stream ends early");
                if (!allZero(h)) {
                    throw new IOException("tar stream has a lone zero block");
                }
                return content;
            }
            checkChecksum(h);
            String name = text(h, 0, 100);
            String prefix = text(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            Path dest = safeTarget(root, name);
            long size = size(h);
            byte type = h[156];
            if (type == '5') {
                Files.createDirectories(dest);
            } else if (type == '0' || type == 0) {
                Files.createDirectories(dest.getParent());
                DownloadFile out = in.create(dest);
                try {
                    in.copyTo(out, size, writeback, "tar stream ends inside " + name);
                } catch (IOException | RuntimeException e) {
                    out.close();
                    throw e;
                }
                writeback.finished(out);
                content += size;
                in.skip(padded(size) - size, "tar stream ends inside " + name);
            } else {
                throw new IOException("tar entry " + name + " is not a file or directory");
            }
        }
    }

    /** {@code root/name}, or an IOException when the name is absolute or climbs out. */
    static Path safeTarget(Path root, String name) throws IOException {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.startsWith("/") || n.contains("\\") || n.contains("\0")) {
            throw new IOException("tar entry '" + name + "' has an unsafe name");
        }
        for (String seg : n.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IOException("tar entry '" + name + "' has an unsafe name");
            }
        }
        Path p = root.resolve(n).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IOException("tar entry '" + name + "' would land outside the target");
        }
        return p;
    }

    static long size(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            if (v < 0) {
                throw new IOException("tar entry has a negative size");
            }
            return v;
        }
        String s = text(h, 124, 12).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar entry has a malformed size '" + s + "'");
        }
    }

    private static void checkChecksum(byte[] h) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        String s = text(h, 148, 8).trim();
        try {
            if (Long.parseLong(s, 8) == sum) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("tar header checksum does not match");
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
