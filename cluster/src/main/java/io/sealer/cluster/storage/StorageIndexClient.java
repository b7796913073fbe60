package io.sealer.cluster.storage;

import io.sealer.core.task.SectorId;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The miner's storage index as a node's blocking code reaches it (a task's prepare or work step
 * on the task dispatcher, never an actor thread): the same questions and declarations as
 * {@link StorageIndex}, answered by the index actor on the miner. Every method may block for
 * the round trip and throws {@link StorageException} with one sentence when the index refuses
 * or cannot be reached.
 */
public interface StorageIndexClient {

    /** Where {@code types} of {@code sector} are (and, with {@code allowFetch}, where they could be fetched to). */
    List<StorageIndex.SectorLocation> findSector(SectorId sector, Set<FileType> types, long sectorSize,
            boolean allowFetch) throws StorageException;

    /** The paths that can take new {@code types} of a sector, best first. */
    List<StorageIndex.PathRecord> bestAllocation(long miner, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException;

    /** Holds the space {@code types} need on {@code storageId} until {@link #release}. */
    StorageIndex.Reservation reserve(String storageId, Set<FileType> types, long sectorSize,
            SpaceModel.PathType pathType) throws StorageException;

    void release(long reservationId) throws StorageException;

    /** {@code storageId} now holds {@code type} of {@code sector}. */
    void declare(SectorId sector, FileType type, String storageId, boolean primary) throws StorageException;

    /** {@code storageId} no longer holds {@code type} of {@code sector}. */
    void drop(SectorId sector, FileType type, String storageId) throws StorageException;

    /**
     * Takes the sector's read locks on {@code read} and write locks on {@code write} (all or
     * none), waiting at most {@code timeout}; closing the result releases them.
     */
    Lock lock(SectorId sector, Set<FileType> read, Set<FileType> write, Duration timeout) throws StorageException;

    /** Held sector locks; {@link #close()} releases them and never throws. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
