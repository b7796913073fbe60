package io.sealer.cluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WritebackTest {
    private static final long MIB = 1 << 20;

    /** A file that counts its syncs and closes, and fails its syncs with {@code failure} when set. */
    private static final class CountingFile implements DownloadFile {
        final AtomicInteger syncs = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final String failure;

        CountingFile(String failure) {
            this.failure = failure;
        }

        @Override
        public void sync() throws IOException {
            syncs.incrementAndGet();
            if (failure != null) {
                throw new IOException(failure);
            }
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void aDurableDownloadIsSyncedAsItArrivesAndWhenFinished() throws Exception {
        CountingFile f = new CountingFile(null);
        try (Writeback w = Writeback.durable()) {
            for (int i = 0; i < 64; i++) {
                w.wrote(f, MIB);
            }
            w.await();
            assertEquals(1, f.syncs.get(), "one sync after the first 64 MiB");
            w.wrote(f, 10 * MIB);
            w.finished(f);
            w.await();
        }
        assertEquals(2, f.syncs.get(), "and one when finished");
        assertEquals(1, f.closes.get());
    }

    @Test
    void stepSyncsDoNotQueueUpBehindASlowDisk() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        DownloadFile slow = new DownloadFile() {
            @Override
            public void sync() {
                syncs.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void close() {
            }
        };
        try (Writeback w = Writeback.durable()) {
            for (int i = 0; i < 64 * 5; i++) {
                w.wrote(slow, MIB);
            }
            release.countDown();
            w.await();
        }
        assertEquals(1, syncs.get(), "while one sync runs, no other is started");
    }

    @Test
    void aFailedSyncFailsTheDownloadAndTheFileIsStillClosed() {
        CountingFile f = new CountingFile("No space left on device");
        Writeback w = Writeback.durable();
        w.wrote(f, 64 * MIB);
        w.finished(f);
        IOException e = assertThrows(IOException.class, w::await);
        assertEquals("cannot write the download to disk: No space left on device", e.getMessage());
        w.close();
        assertEquals(1, f.closes.get());
    }

    @Test
    void withoutDurabilityFilesAreOnlyClosed() throws Exception {
        CountingFile f = new CountingFile(null);
        try (Writeback w = Writeback.none()) {
            w.wrote(f, 200 * MIB);
            w.finished(f);
            w.await();
        }
        assertEquals(0, f.syncs.get());
        assertEquals(1, f.closes.get());
    }
}
