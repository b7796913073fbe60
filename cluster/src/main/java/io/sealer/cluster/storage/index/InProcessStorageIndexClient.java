package io.sealer.cluster.storage.index;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.SectorLocks;
import io.sealer.cluster.storage.SpaceModel;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.cluster.storage.StorageIndexClient;
import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@link StorageIndexClient} over a plain {@link StorageIndex} in this process, every call
 * synchronized on it: for tests, and for code that runs without a miner. Locks wait on the
 * index's monitor until released or the timeout passes.
 */
public final class InProcessStorageIndexClient implements StorageIndexClient {
    private final StorageIndex index;
    private final SectorLocks locks = new SectorLocks();

    public InProcessStorageIndexClient(StorageIndex index) {
        this.index = index;
    }

    /** The index itself, for setting up paths and heartbeats; synchronize on it when other threads use this client. */
    public StorageIndex index() {
        return index;
    }

    @Override
    public List<StorageIndex.SectorLocation> findSector(SectorId sector, Set<FileType> types, long sectorSize,
            boolean allowFetch) {
        synchronized (index) {
            return index.findSector(sector, types, sectorSize, allowFetch);
        }
    }

    @Override
    public List<StorageIndex.PathRecord> bestAllocation(long miner, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException {
        synchronized (index) {
            return index.bestAllocation(miner, types, sectorSize, pathType);
        }
    }

    @Override
    public StorageIndex.Reservation reserve(String storageId, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException {
        synchronized (index) {
            return index.reserve(storageId, types, sectorSize, pathType);
        }
    }

    @Override
    public void release(long reservationId) {
        synchronized (index) {
            index.release(reservationId);
        }
    }

    @Override
    public void declare(SectorId sector, FileType type, String storageId, boolean primary) throws StorageException {
        synchronized (index) {
            index.declare(sector, type, storageId, primary);
        }
    }

    @Override
    public void drop(SectorId sector, FileType type, String storageId) {
        synchronized (index) {
            index.drop(sector, type, storageId);
        }
    }

    @Override
    public Lock lock(SectorId sector, Set<FileType> read, Set<FileType> write, Duration timeout) throws StorageException {
        String holder = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (index) {
            while (!locks.tryLock(sector, read, write, holder)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new StorageException("the files of " + sector + " stayed locked by other tasks for "
                            + timeout.toSeconds() + "s");
                }
                try {
                    index.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while waiting for the locks of " + sector, e);
                }
            }
        }
        return () -> {
            synchronized (index) {
                locks.release(sector, holder);
                index.notifyAll();
            }
        };
    }
}
