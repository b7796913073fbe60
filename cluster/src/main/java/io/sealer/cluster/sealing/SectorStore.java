package io.sealer.cluster.sealing;

import io.sealer.cluster.storage.FileType;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.worker.TaskFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Where a worker's tasks read and write sector files: the executor asks for the files a task
 * reads ({@code existing}) and writes ({@code allocate}) and gets local paths, without knowing
 * whether they live under one directory ({@link SingleRootStore}, a single node) or in storage
 * paths known to the miner's index ({@link IndexedStore}). Blocking; runs on the task dispatcher.
 */
interface SectorStore {

    /** Makes {@code inputs} of the task's sector local (fetching them when this node lacks them). */
    void prepare(TaskRequest r, Set<FileType> inputs) throws TaskFailure, InterruptedException;

    /**
     * The local paths for a task that reads {@code existing} and writes {@code allocate}; a
     * missing input is MISSING_INPUT, no room for the output TEMPORARY.
     */
    Acquired acquire(SectorRef sector, Set<FileType> existing, Set<FileType> allocate) throws TaskFailure;

    /** Removes every local copy of {@code type} of {@code sector} and says so to whoever keeps track. */
    void remove(SectorId sector, FileType type) throws TaskFailure;

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
