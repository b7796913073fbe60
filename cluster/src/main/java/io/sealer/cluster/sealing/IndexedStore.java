package io.sealer.cluster.sealing;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.LocalStorage;
import io.sealer.cluster.storage.PathLayout;
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
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's sector files in its attached storage paths ({@link LocalStorage}), kept in step with
 * the miner's storage index: outputs go to the best local path the index allocates (with a
 * reservation held until the task ends), every file written is declared and every file removed
 * dropped. Inputs that are elsewhere are fetched over /remote by {@link #prepare} (docs/operator-guide-storage.md,
 * "Fetching"): one fetch per sector at a time, the destination allocated and reserved (a sealing
 * path; a long-term storage path for Finalize's GET), sources tried by ascending weight,
 * downloads checked and renamed into place by {@link RemoteFetcher}, declared as the primary
 * copy, and removed at the source. Fetches move, as Lotus's sealing fetches do: a sector's files
 * follow its tasks, so no stale copy (a cache from before PreCommit2 wrote into it) is ever read.
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
        boolean toStorage = r.type() == TaskType.GET;
        ReentrantLock mutex = fetching.computeIfAbsent(sector.id(), s -> new ReentrantLock());
        mutex.lockInterruptibly();
        try {
            Set<FileType> missing = missing(sector.id(), inputs);
            if (missing.isEmpty()) {
                return;
            }
            try (Reserved dest = allocate(sector, missing, toStorage ? SpaceModel.PathType.STORAGE
                    : SpaceModel.PathType.SEALING)) {
                for (FileType t : missing) {
                    fetch(sector, t, dest.path(), r.type() != TaskType.UNS);
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Moves {@code type} here: downloads it from a copy elsewhere (lightest first) into {@code
     * dest}, declares it there as primary, removes it at the source. Without {@code move} (an
     * unseal reads a finalized sector, as Lotus's AcquireCopy) the source stays primary and this
     * is a second copy.
     */
    private void fetch(SectorRef sector, FileType type, LocalStorage.LocalPath dest, boolean move)
            throws TaskFailure, InterruptedException {
        SectorId id = sector.id();
        List<StorageIndex.SectorLocation> sources = sources(sector, type);
        List<String> urls = sources.stream().flatMap(l -> l.urls(type, id).stream()).toList();
        if (urls.isEmpty()) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, "no node holds the " + type + " file of " + id);
        }
        RemoteFetcher.Fetched got = call(() -> fetcher.fetch(urls, type, id, dest.layout()));
        call(() -> {
            index.declare(id, type, dest.id(), move);
            return null;
        });
        for (StorageIndex.SectorLocation l : move ? sources : List.<StorageIndex.SectorLocation>of()) {
            if (l.urls(type, id).contains(got.url())) {
                removeRemote(id, type, l, got.url(), Set.of(dest.id()));
            }
        }
    }

    /**
     * Asks a node to remove its copy at {@code at} (keeping the paths in {@code keep}) and drops it
     * from the index; false, with a warning, when the node could not do it.
     */
    private boolean removeRemote(SectorId id, FileType type, StorageIndex.SectorLocation at, String url,
            Set<String> keep) throws TaskFailure {
        try {
            fetcher.delete(url, keep);
            index.drop(id, type, at.path().id());
            LOG.info("Removed {} of {} from storage path {} on {}", type, id, at.path().id(), at.path().node());
            return true;
        } catch (StorageException e) {
            LOG.warn("Could not remove the {} copy of {} on {}: {}", type, id, at.path().node(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure(FailureKind.TEMPORARY, "interrupted", e);
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
        String last = "no storage path with space on this worker for " + types + " of " + sector.id() + " ("
                + (pathType == SpaceModel.PathType.SEALING ? "sealing" : "long-term storage") + ")";
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
    public Optional<Path> local(SectorId sector, FileType type) {
        return storage.find(type, sector).stream().map(LocalStorage.LocalFile::file).findFirst();
    }

    @Override
    public byte[] commit1Output(SectorRef sector) throws TaskFailure {
        SectorId id = sector.id();
        for (LocalStorage.LocalFile cache : storage.find(FileType.CACHE, id)) {
            Path c1 = cache.file().resolve(COMMIT1_OUTPUT);
            if (Files.isRegularFile(c1)) {
                try {
                    return Files.readAllBytes(c1);
                } catch (IOException e) {
                    throw new TaskFailure(FailureKind.TEMPORARY, "cannot read " + c1 + ": " + e.getMessage(), e);
                }
            }
        }
        List<String> urls = sources(sector, FileType.CACHE).stream()
                .flatMap(l -> l.urls(FileType.CACHE, id).stream()).toList();
        try {
            return fetcher.fetchEntry(urls, COMMIT1_OUTPUT);
        } catch (StorageException e) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, "Commit2 of " + id + " needs the Commit1 output, "
                    + "which no node could give: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure(FailureKind.TEMPORARY, "interrupted", e);
        }
    }

    @Override
    public void keepOnly(SectorRef sector, FileType type, Path keep) throws TaskFailure {
        String keepId = storage.find(type, sector.id()).stream().filter(f -> f.file().equals(keep))
                .map(f -> f.path().id()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(keep + " is not a copy in this node's storage"));
        removeAllBut(sector, type, keepId);
    }

    @Override
    public void moveToStorage(SectorRef sector, Set<FileType> keep, Set<FileType> remove) throws TaskFailure {
        SectorId id = sector.id();
        Set<FileType> all = EnumSet.noneOf(FileType.class);
        all.addAll(keep);
        all.addAll(remove);
        StorageIndexClient.Lock lock = call(() -> index.lock(id, Set.of(), all, LOCK_TIMEOUT));
        try {
            for (FileType t : keep) {
                List<LocalStorage.LocalFile> copies = storage.find(t, id);
                if (copies.isEmpty()) {
                    throw new TaskFailure(FailureKind.MISSING_INPUT, "the " + t + " file of " + id
                            + " is not on this node");
                }
                Optional<LocalStorage.LocalFile> stored = copies.stream().filter(c -> c.path().meta().canStore())
                        .findFirst();
                String dest;
                if (stored.isPresent()) {
                    dest = stored.get().path().id();
                    call(() -> {
                        index.declare(id, t, dest, true);
                        return null;
                    });
                } else {
                    try (Reserved r = allocate(sector, Set.of(t), SpaceModel.PathType.STORAGE)) {
                        LocalStorage.LocalFile from = copies.get(0);
                        moveLocally(from.file(), r.path().layout(), t, id);
                        dest = r.path().id();
                        String moved = dest;
                        call(() -> {
                            index.declare(id, t, moved, true);
                            index.drop(id, t, from.path().id());
                            return null;
                        });
                        LOG.info("Moved {} of {} from storage path {} to {}", t, id, from.path().id(), dest);
                    }
                }
                removeAllBut(sector, t, dest);
            }
            for (FileType t : remove) {
                removeAllBut(sector, t, null);
            }
        } finally {
            lock.close();
        }
    }

    /** Moves a file or directory to {@code dest}: a rename on the same filesystem, else a copy to fetching/ renamed into place. */
    private static void moveLocally(Path from, PathLayout dest, FileType type, SectorId id) throws TaskFailure {
        Path target = dest.file(type, id);
        try {
            try {
                Files.move(from, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (AtomicMoveNotSupportedException otherFilesystem) {
                // copy below
            }
            Path staging = dest.fetching(type, id);
            LocalStorage.deleteTree(staging);
            Files.createDirectories(staging.getParent());
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Files.copy(p, staging.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            LocalStorage.deleteTree(from);
        } catch (IOException e) {
            throw new TaskFailure(FailureKind.TEMPORARY, "cannot move " + from + " to " + target + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Removes every copy of {@code type} of the sector except the one on path {@code keepId}
     * (null: every copy): the local ones here, the others by DELETE at their node; each removal is
     * dropped from the index. A node that cannot be reached keeps its copy (a warning says so).
     */
    private void removeAllBut(SectorRef sector, FileType type, String keepId) throws TaskFailure {
        SectorId id = sector.id();
        Set<String> keep = keepId == null ? Set.of() : Set.of(keepId);
        for (String removed : call(() -> storage.remove(type, id, keep))) {
            call(() -> {
                index.drop(id, type, removed);
                return null;
            });
        }
        for (StorageIndex.SectorLocation l : sources(sector, type)) {
            if (l.path().id().equals(keepId)) {
                continue;
            }
            for (String url : l.urls(type, id)) {
                if (removeRemote(id, type, l, url, keep)) {
                    break;
                }
            }
        }
    }

    /** The other nodes' copies of {@code type} of the sector, lightest first (the order to fetch from). */
    private List<StorageIndex.SectorLocation> sources(SectorRef sector, FileType type) throws TaskFailure {
        SectorId id = sector.id();
        List<StorageIndex.SectorLocation> sources = new ArrayList<>(call(() -> index.findSector(id, Set.of(type),
                sector.proof().sectorSize().bytes(), false)));
        sources.removeIf(l -> !l.types().contains(type) || storage.path(l.path().id()).isPresent());
        sources.sort(Comparator.comparingLong(StorageIndex.SectorLocation::weight));
        return sources;
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
