package io.sealer.cluster.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes downloaded files durable while they still arrive: after every {@link #STEP} bytes
 * written to a file, a background {@code fdatasync} of it starts (one at a time, on this
 * writeback's own thread), so the disk writes overlap the network transfer and the last sync
 * finds little left; a file the download has finished with is synced and closed there too.
 * {@link #await} waits for all of it and reports the first failure. Without durability
 * ({@link #none}) files are only closed. One writeback per download, used by one thread.
 */
public final class Writeback implements AutoCloseable {
    /** Bytes written between background syncs of a file. */
    static final long STEP = 64L << 20;

    private final boolean durable;
    private final ExecutorService syncer;
    private final List<Future<?>> pending = new ArrayList<>();
    private Future<?> stepSync;
    private long unsynced;

    private Writeback(boolean durable) {
        this.durable = durable;
        this.syncer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sealer-writeback");
            t.setDaemon(true);
            return t;
        });
    }

    /** Files synced as they arrive and when finished. */
    public static Writeback durable() {
        return new Writeback(true);
    }

    /** Files only closed (measurements of the transfer alone). */
    public static Writeback none() {
        return new Writeback(false);
    }

    /** {@code bytes} more were written to {@code file}: a background sync starts when a step is full and none runs. */
    public void wrote(DownloadFile file, long bytes) {
        unsynced += bytes;
        if (durable && unsynced >= STEP && (stepSync == null || stepSync.isDone())) {
            unsynced = 0;
            stepSync = syncer.submit(() -> {
                file.sync();
                return null;
            });
            pending.add(stepSync);
        }
    }

    /** The download is done writing {@code file}: it is synced (when durable) and closed in the background. */
    public void finished(DownloadFile file) {
        unsynced = 0;
        pending.add(syncer.submit(() -> {
            try {
                if (durable) {
                    file.sync();
                }
            } finally {
                file.close();
            }
            return null;
        }));
    }

    /** Waits for every sync and close asked so far; throws the first failure. */
    public void await() throws IOException {
        IOException first = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while syncing a download");
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof IOException io ? io
                            : new IOException("cannot sync a download: " + e.getCause(), e.getCause());
                }
            }
        }
        pending.clear();
        if (first != null) {
            throw new IOException("cannot write the download to disk: " + first.getMessage(), first);
        }
    }

    /** Lets queued work finish (files get closed) and ends the thread; failures are left to {@link #await}. */
    @Override
    public void close() {
        syncer.shutdown();
        try {
            for (Future<?> f : pending) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // reported by await, or the download failed anyway
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
