package io.sealer.cluster.sealing;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test's stand-in for the miner's index actor: the real {@link StorageIndex} and
 * {@link SectorLocks}, called in this JVM (a lock that is taken fails at once instead of waiting).
 */
final class InMemoryIndexClient implements StorageIndexClient {
    final StorageIndex index;
    final SectorLocks locks = new SectorLocks();
    private final AtomicLong holders = new AtomicLong();

    InMemoryIndexClient(StorageIndex index) {
        this.index = index;
    }

    @Override
    public synchronized List<StorageIndex.SectorLocation> findSector(SectorId sector, Set<FileType> types,
            long sectorSize, boolean allowFetch) {
        return index.findSector(sector, types, sectorSize, allowFetch);
    }

    @Override
    public synchronized List<StorageIndex.PathRecord> bestAllocation(long miner, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException {
        return index.bestAllocation(miner, types, sectorSize, pathType);
    }

    @Override
    public synchronized StorageIndex.Reservation reserve(String storageId, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException {
        return index.reserve(storageId, types, sectorSize, pathType);
    }

    @Override
    public synchronized void release(long reservationId) {
        index.release(reservationId);
    }

    @Override
    public synchronized void declare(SectorId sector, FileType type, String storageId, boolean primary)
            throws StorageException {
        index.declare(sector, type, storageId, primary);
    }

    @Override
    public synchronized void drop(SectorId sector, FileType type, String storageId) {
        index.drop(sector, type, storageId);
    }

    @Override
    public synchronized Lock lock(SectorId sector, Set<FileType> read, Set<FileType> write, Duration timeout)
            throws StorageException {
        String holder = "h" + holders.incrementAndGet();
        if (!locks.tryLock(sector, read, write, holder)) {
            throw new StorageException("the files of " + sector + " are locked by another task");
        }
        return () -> {
            synchronized (this) {
                locks.release(sector, holder);
            }
        };
    }
}
