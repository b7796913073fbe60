package io.sealer.cluster.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.FsStat;
import io.sealer.cluster.storage.MutableClock;
import io.sealer.cluster.storage.PathMeta;
import io.sealer.cluster.storage.SpaceModel;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.cluster.storage.StorageIndexClient;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-process index client: the index's answers, and sector locks that wait for each other across threads. */
class InProcessStorageIndexClientTest {
    private static final SectorId S = new SectorId(1000, 3);

    private final InProcessStorageIndexClient client = new InProcessStorageIndexClient(new StorageIndex(new MutableClock()));

    InProcessStorageIndexClientTest() throws StorageException {
        client.index().attach(new StorageIndex.PathRecord(new PathMeta("p", 10, true, false, 0, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of()), "a", List.of("http://a:1/remote")),
                new FsStat(1L << 40, 1L << 39, 0));
    }

    @Test
    void answersAsTheIndex() throws Exception {
        assertEquals("p", client.bestAllocation(1000, Set.of(FileType.SEALED), 2048, SpaceModel.PathType.SEALING).get(0).id());
        client.declare(S, FileType.SEALED, "p", true);
        assertEquals(1, client.findSector(S, Set.of(FileType.SEALED), 2048, false).size());
        client.drop(S, FileType.SEALED, "p");
        assertTrue(client.findSector(S, Set.of(FileType.SEALED), 2048, false).isEmpty());
        assertThrows(StorageException.class, () -> client.declare(S, FileType.SEALED, "nowhere", true));
    }

    @Test
    void aWriterWaitsForTheReaderAndTimesOut() throws Exception {
        StorageIndexClient.Lock read = client.lock(S, Set.of(FileType.CACHE), Set.of(), Duration.ofSeconds(1));
        StorageException timedOut = assertThrows(StorageException.class,
                () -> client.lock(S, Set.of(), Set.of(FileType.CACHE), Duration.ofMillis(200)));
        assertEquals("the files of s-t01000-3 stayed locked by other tasks for 0s", timedOut.getMessage());

        CompletableFuture<StorageIndexClient.Lock> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return client.lock(S, Set.of(), Set.of(FileType.CACHE), Duration.ofSeconds(10));
            } catch (StorageException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertTrue(!writer.isDone(), "the writer waits while the reader holds the lock");
        read.close();
        writer.get(10, TimeUnit.SECONDS).close();
    }
}
