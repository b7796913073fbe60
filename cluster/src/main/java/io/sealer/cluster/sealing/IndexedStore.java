package io.sealer.cluster.sealing;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.RemoteFetcher;
import io.sealer.cluster.storage.SectorName;
import io.sealer.cluster.storage.SpaceModel;
import io.sealer.cluster.storage.StorageException;
import io.sealer.cluster.storage.StorageIndex;
import io.sealer.cluster.storage.StorageIndexClient;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.task.TaskType;
import io.sealer.core.worker.TaskFailure;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's sector files in its attached storage paths ({@link LocalStorage}), kept in step with
 * the miner's storage index: outputs go to the best local path the index allocates (with a
 * reservation held until the task ends), every file written is declared and every file removed
 * dropped. Inputs that are elsewhere are fetched over /remote by {@link #prepare} (docs/operator-guide-storage.md,
 * "Fetching"): one fetch per sector at a time, the destination allocated and reserved, sources
 * tried by ascending weight, downloads checked and renamed into place by {@link RemoteFetcher},
 * declared, and in move mode (Finalize's GET) removed at the source.
 */
final class IndexedStore implements SectorStore {
    private static final Logger LOG = LoggerFactory.getLogger(IndexedStore.class);
    /** How long a task waits for another task's write lock on the sector's files. */
    static final Duration LOCK_TIMEOUT = Duration.ofMinutes(10);

    private final LocalStorage storage;
    private final StorageIndexClient index;
    private final RemoteFetcher fetcher;
    private final ConcurrentMap<SectorId, ReentrantLock> fetching = new ConcurrentHashMap<>();

    IndexedStore(LocalStorage storage, StorageIndexClient index, RemoteFetcher fetcher) {
        this.storage = storage;
        this.index = index;
        this.fetcher = fetcher;
    }

    @Override
    public void prepare(TaskRequest r, Set<FileType> inputs) throws TaskFailure, InterruptedException {
        SectorRef sector = r.sector();
        if (missing(sector.id(), inputs).isEmpty()) {
            return;
        }
        boolean move = r.type() == TaskType.GET;
        ReentrantLock mutex = fetching.computeIfAbsent(sector.id(), s -> new ReentrantLock());
        mutex.lockInterruptibly();
        try {
            Set<FileType> missing = missing(sector.id(), inputs);
            if (missing.isEmpty()) {
                return;
            }
            try (Reserved dest = allocate(sector, missing, move ? SpaceModel.PathType.STORAGE
                    : SpaceModel.PathType.SEALING)) {
                for (FileType t : missing) {
                    fetch(sector, t, dest.path(), move);
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    /** Downloads {@code type} from the copies elsewhere, lightest first, into {@code dest}; declares it there. */
    private void fetch(SectorRef sector, FileType type, LocalStorage.LocalPath dest, boolean move)
            throws TaskFailure, InterruptedException {
        SectorId id = sector.id();
        List<StorageIndex.SectorLocation> sources = new ArrayList<>(call(() -> index.findSector(id, Set.of(type),
                sector.proof().sectorSize().bytes(), false)));
        sources.removeIf(l -> !l.types().contains(type) || storage.path(l.path().id()).isPresent());
        sources.sort(Comparator.comparingLong(StorageIndex.SectorLocation::weight));
        List<String> urls = sources.stream().flatMap(l -> l.urls(type, id).stream()).toList();
        if (urls.isEmpty()) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, "no node holds the " + type + " file of " + id);
        }
        RemoteFetcher.Fetched got = call(() -> fetcher.fetch(urls, type, id, dest.layout()));
        call(() -> {
            index.declare(id, type, dest.id(), move);
            return null;
        });
        if (move) {
            for (StorageIndex.SectorLocation l : sources) {
                if (l.urls(type, id).contains(got.url())) {
                    removeRemote(id, type, l, got.url(), dest.id());
                }
            }
        }
    }

    /** Asks a source to remove its copy (keeping {@code keep}) and drops it from the index; a failure only warns. */
    private void removeRemote(SectorId id, FileType type, StorageIndex.SectorLocation at, String url, String keep)
            throws InterruptedException {
        try {
            fetcher.delete(url, Set.of(keep));
            index.drop(id, type, at.path().id());
        } catch (StorageException e) {
            LOG.warn("Could not remove the {} copy of {} on {}: {}", type, id, at.path().node(), e.getMessage());
        }
    }

    @Override
    public Acquired acquire(SectorRef sector, Set<FileType> existing, Set<FileType> allocate) throws TaskFailure {
        SectorId id = sector.id();
        StorageIndexClient.Lock lock = call(() -> index.lock(id, existing, allocate, LOCK_TIMEOUT));
        Reserved reserved = null;
        try {
            Map<FileType, Path> paths = new EnumMap<>(FileType.class);
            for (FileType t : existing) {
                List<LocalStorage.LocalFile> found = storage.find(t, id);
                if (found.isEmpty()) {
                    throw new TaskFailure(FailureKind.MISSING_INPUT, "the " + t + " file of " + id
                            + " is not on this worker");
                }
                paths.put(t, found.get(0).file());
            }
            if (!allocate.isEmpty()) {
                reserved = allocate(sector, allocate, SpaceModel.PathType.SEALING);
                for (FileType t : allocate) {
                    paths.put(t, reserved.path().layout().file(t, id));
                }
            }
            Acquired a = new IndexedAcquired(id, paths, allocate, reserved, lock);
            reserved = null;
            lock = null;
            return a;
        } finally {
            if (reserved != null) {
                reserved.close();
            }
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** The files of one task: written ones are declared on the reserved path at commit. */
    private final class IndexedAcquired implements Acquired {
        private final SectorId id;
        private final Map<FileType, Path> paths;
        private final Set<FileType> allocate;
        private final Reserved reserved;
        private final StorageIndexClient.Lock lock;

        IndexedAcquired(SectorId id, Map<FileType, Path> paths, Set<FileType> allocate, Reserved reserved,
                StorageIndexClient.Lock lock) {
            this.id = id;
            this.paths = paths;
            this.allocate = allocate;
            this.reserved = reserved;
            this.lock = lock;
        }

        @Override
        public Path path(FileType type) {
            Path p = paths.get(type);
            if (p == null) {
                throw new IllegalStateException(type + " of " + id + " was not acquired");
            }
            return p;
        }

        @Override
        public void commit() throws TaskFailure {
            for (FileType t : allocate) {
                if (Files.exists(paths.get(t))) {
                    call(() -> {
                        index.declare(id, t, reserved.path().id(), true);
                        return null;
                    });
                }
            }
        }

        @Override
        public void close() {
            if (reserved != null) {
                reserved.close();
            }
            lock.close();
        }
    }

    /** A local path chosen for new files, with the index's reservation of their space. */
    private final class Reserved implements AutoCloseable {
        private final LocalStorage.LocalPath path;
        private final long reservation;

        Reserved(LocalStorage.LocalPath path, long reservation) {
            this.path = path;
            this.reservation = reservation;
        }

        LocalStorage.LocalPath path() {
            return path;
        }

        @Override
        public void close() {
            try {
                index.release(reservation);
            } catch (StorageException e) {
                LOG.warn("Could not release the reservation {} on {}: {}", reservation, path.id(), e.getMessage());
            }
        }
    }

    /** The best local path of {@code pathType} for {@code types}, reserved; none is TEMPORARY (space may come back). */
    private Reserved allocate(SectorRef sector, Set<FileType> types, SpaceModel.PathType pathType) throws TaskFailure {
        long size = sector.proof().sectorSize().bytes();
        List<StorageIndex.PathRecord> best;
        try {
            best = index.bestAllocation(sector.id().miner(), types, size, pathType);
        } catch (StorageException e) {
            throw new TaskFailure(FailureKind.TEMPORARY, e.getMessage(), e);
        }
        String last = "no " + (pathType == SpaceModel.PathType.SEALING ? "sealing" : "storage")
                + " path of this worker has space for " + types + " of " + sector.id();
        for (StorageIndex.PathRecord candidate : best) {
            LocalStorage.LocalPath local = storage.path(candidate.id()).orElse(null);
            if (local == null) {
                continue;
            }
            try {
                StorageIndex.Reservation r = index.reserve(local.id(), types, size, pathType);
                return new Reserved(local, r.id());
            } catch (StorageException e) {
                last = e.getMessage();
            }
        }
        throw new TaskFailure(FailureKind.TEMPORARY, last);
    }

    private Set<FileType> missing(SectorId id, Set<FileType> types) {
        Set<FileType> missing = EnumSet.noneOf(FileType.class);
        for (FileType t : types) {
            if (storage.find(t, id).isEmpty()) {
                missing.add(t);
            }
        }
        return missing;
    }

    @Override
    public void remove(SectorId sector, FileType type) throws TaskFailure {
        List<String> removed = call(() -> storage.remove(type, sector, Set.of()));
        for (String pathId : removed) {
            call(() -> {
                index.drop(sector, type, pathId);
                return null;
            });
        }
    }

    @Override
    public Set<SectorId> heldSectors() {
        Set<SectorId> held = new TreeSet<>(Comparator.comparingLong(SectorId::miner).thenComparingLong(SectorId::number));
        for (LocalStorage.LocalPath p : storage.paths()) {
            for (FileType t : FileType.values()) {
                File[] entries = p.root().resolve(t.dir()).toFile().listFiles();
                if (entries == null) {
                    continue;
                }
                for (File f : entries) {
                    try {
                        held.add(SectorName.parse(f.getName()));
                    } catch (IllegalArgumentException notASector) {
                        // fetching/, a temporary
                    }
                }
            }
        }
        return held;
    }

    @Override
    public List<Path> roots() {
        return storage.paths().stream().map(LocalStorage.LocalPath::root).toList();
    }

    /** A call to the index or a fetch: its refusal is a TEMPORARY failure of the task. */
    private interface IndexCall<T> {
        T run() throws StorageException, InterruptedException;
    }

    private static <T> T call(IndexCall<T> c) throws TaskFailure {
        try {
            return c.run();
        } catch (StorageException e) {
            throw new TaskFailure(FailureKind.TEMPORARY, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure(FailureKind.TEMPORARY, "interrupted", e);
        }
    }
}
