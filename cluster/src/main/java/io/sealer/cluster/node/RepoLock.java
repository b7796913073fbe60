package io.sealer.cluster.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of a node repository: an OS file lock on {@code repo.lock}, which holds the
 * owner's process id. A second node on the same repository fails at once with "repository
 * PATH is in use by process N". The lock goes when {@link #close()} runs or the process ends
 * in any way (the OS drops file locks of a killed process), so a crash never leaves the
 * repository locked; the file itself stays.
 */
public final class RepoLock implements AutoCloseable {
    static final String FILE = "repo.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RepoLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the repository directory if needed and locks it.
     *
     * @throws IllegalArgumentException "not a writable directory: PATH" when the repository cannot be used
     * @throws IllegalStateException "repository PATH is in use by process N" when another process holds it
     */
    public static RepoLock acquire(Path repo) {
        Path dir = Directories.requireWritable(repo);
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw Directories.notWritable(dir);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String owner = owner(channel);
                channel.close();
                throw new IllegalStateException("repository " + dir + " is in use by process " + owner);
            }
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new RepoLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock repository " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The lock, or null when another process (or another node in this JVM) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** The pid the holder wrote, or "unknown" while it has not written it yet. */
    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        return pid.matches("\\d+") ? pid : "unknown";
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel or the process; nothing else to release
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }
}
