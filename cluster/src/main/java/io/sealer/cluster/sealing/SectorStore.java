package io.sealer.cluster.sealing;

import io.sealer.cluster.storage.FileType;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.worker.TaskFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a worker's tasks read and write sector files: the executor asks for the files a task
 * reads ({@code existing}) and writes ({@code allocate}) and gets local paths, without knowing
 * whether they live under one directory ({@link SingleRootStore}, a single node) or in storage
 * paths known to the miner's index ({@link IndexedStore}). Blocking; runs on the task dispatcher.
 */
interface SectorStore {
    String COMMIT1_OUTPUT = "commit1.out";

    /** Makes {@code inputs} of the task's sector local (fetching them when this node lacks them). */
    void prepare(TaskRequest r, Set<FileType> inputs) throws TaskFailure, InterruptedException;

    /**
     * The local paths for a task that reads {@code existing} and writes {@code allocate}; a
     * missing input is MISSING_INPUT, no room for the output TEMPORARY.
     */
    Acquired acquire(SectorRef sector, Set<FileType> existing, Set<FileType> allocate) throws TaskFailure;

    /** The local copy of {@code type} of {@code sector}, if this node has one. */
    Optional<Path> local(SectorId sector, FileType type);

    /**
     * Commit1's output ({@value #COMMIT1_OUTPUT} in the sector's cache): from the local cache, or
     * fetched from a node whose cache has it; MISSING_INPUT when none has.
     */
    byte[] commit1Output(SectorRef sector) throws TaskFailure;

    /** Removes every copy of {@code type} of {@code sector} except the local one at {@code keep} (after FIN trimmed it). */
    void keepOnly(SectorRef sector, FileType type, Path keep) throws TaskFailure;

    /**
     * Finalize's move (GET's work): {@code keep} types go to the best local long-term storage path
     * (a copy already in one stays), are recorded there as primary, and every other copy is
     * removed; every copy of the {@code remove} types is removed.
     */
    void moveToStorage(SectorRef sector, Set<FileType> keep, Set<FileType> remove) throws TaskFailure;

    /** The sectors with at least one complete file here. */
    Set<SectorId> heldSectors();

    /** The directories whose stale temporaries are removed at start. */
    List<Path> roots();

    /** The files of one task: their paths, and what happens when the task ends. */
    interface Acquired extends AutoCloseable {
        Path path(FileType type);

        /** The task succeeded: the allocated files that now exist are recorded as held here. */
        void commit() throws TaskFailure;

        /** Gives back what was held for the task (reservations, locks); never throws. */
        @Override
        void close();
    }
}
