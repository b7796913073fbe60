package io.sealer.cluster.storage;

import io.sealer.core.resources.Bytes;
import io.sealer.core.task.SectorId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's attached storage paths, as listed in its {@code storage.json}. It attaches new paths
 * (refusing every unsafe or conflicting one with a sentence), reports their filesystem stats, and
 * resolves, reads and removes sector files so that nothing outside an attached path is ever
 * touched: a file whose real path (symlinks resolved) leaves its storage path is refused.
 * The methods that touch the disk block; call them off actor threads.
 */
public final class LocalStorage {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStorage.class);
    public static final long DEFAULT_WEIGHT = 10;

    /** An attached path: its sectorstore.json and its directory. */
    public record LocalPath(PathMeta meta, Path root) {
        public String id() {
            return meta.id();
        }

        public PathLayout layout() {
            return new PathLayout(root);
        }
    }

    /** {@code storage attach}'s arguments, sizes and weights still as typed so that their errors name them. */
    public record AttachRequest(Path path, boolean init, boolean seal, boolean store, String weight, String maxStorage,
            List<String> groups, List<String> allowTo) {
        public AttachRequest {
            groups = groups == null ? List.of() : List.copyOf(groups);
            allowTo = allowTo == null ? List.of() : List.copyOf(allowTo);
        }
    }

    /** A sector file found in a local path. */
    public record LocalFile(LocalPath path, Path file) {}

    private final Path configFile;
    private volatile List<LocalPath> paths;

    private LocalStorage(Path configFile, List<LocalPath> paths) {
        this.configFile = configFile;
        this.paths = List.copyOf(paths);
    }

    /** Reads {@code storage.json} (missing = no paths) and every listed path's sectorstore.json. */
    public static LocalStorage open(Path storageJson) throws StorageException {
        List<LocalPath> paths = new ArrayList<>();
        for (StorageFiles.PathRef ref : StorageFiles.readConfig(storageJson).storagePaths()) {
            Path root = Path.of(ref.path());
            paths.add(new LocalPath(StorageFiles.readMeta(root), root));
        }
        return new LocalStorage(storageJson, paths);
    }

    public List<LocalPath> paths() {
        return paths;
    }

    public Optional<LocalPath> path(String id) {
        return paths.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * Attaches a path and records it in storage.json. {@code attachedElsewhere} says whether a
     * storage ID is already in the index for another path or node.
     */
    public synchronized LocalPath attach(AttachRequest r, Predicate<String> attachedElsewhere) throws StorageException {
        long weight = parseWeight(r.weight());
        long maxStorage = parseMaxStorage(r.maxStorage());
        Path dir = r.path();
        if (!Files.exists(dir)) {
            throw new StorageException("storage path " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new StorageException("storage path " + dir + " is not a directory");
        }
        Path real = realPath(dir);
        if (!writable(real)) {
            throw new StorageException("storage path " + dir + " is not writable");
        }
        for (LocalPath p : paths) {
            Path other = realPath(p.root());
            if (other.equals(real)) {
                throw new StorageException("storage path " + dir + " is already attached");
            }
            if (real.startsWith(other)) {
                throw new StorageException("storage path " + dir + " is inside the attached path " + p.root());
            }
            if (other.startsWith(real)) {
                throw new StorageException("storage path " + dir + " contains the attached path " + p.root());
            }
        }
        PathMeta meta;
        if (r.init()) {
            if (!isEmpty(real)) {
                throw new StorageException("cannot --init " + dir + ": the directory is not empty");
            }
            meta = new PathMeta(UUID.randomUUID().toString(), weight, r.seal(), r.store(), maxStorage, r.groups(),
                    r.allowTo(), List.of(), List.of(), List.of(), List.of());
        } else {
            if (!Files.exists(real.resolve(StorageFiles.META_FILE))) {
                throw new StorageException("storage path " + dir + " has no " + StorageFiles.META_FILE
                        + "; use --init to initialize an empty directory");
            }
            meta = StorageFiles.readMeta(real);
        }
        String id = meta.id();
        if (paths.stream().anyMatch(p -> p.id().equals(id)) || attachedElsewhere.test(id)) {
            throw new StorageException("storage path " + dir + " (ID " + id + ") is already attached elsewhere in the index");
        }
        try {
            if (r.init()) {
                StorageFiles.writeMeta(real, meta);
            }
            new PathLayout(real).createDirectories();
        } catch (IOException e) {
            throw new StorageException("cannot prepare storage path " + dir + ": " + e.getMessage(), e);
        }
        LocalPath attached = new LocalPath(meta, real);
        List<LocalPath> next = new ArrayList<>(paths);
        next.add(attached);
        StorageFiles.writeConfig(configFile, new StorageFiles.StorageConfig(
                next.stream().map(p -> new StorageFiles.PathRef(p.root().toString())).toList()));
        paths = List.copyOf(next);
        LOG.info("Attached storage path {} (ID {}, seal {}, store {}, weight {})", real, id, meta.canSeal(),
                meta.canStore(), meta.weight());
        return attached;
    }

    /** The filesystem figures of a path: capacity and free bytes of its filesystem, bytes its files use. */
    public FsStat stat(LocalPath p) throws StorageException {
        try {
            FileStore store = Files.getFileStore(p.root());
            return new FsStat(store.getTotalSpace(), store.getUsableSpace(), diskUsage(p.root()));
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("cannot stat storage path " + p.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every local copy of {@code sector}'s {@code type} file. A copy whose real path leaves its
     * storage path (a symlink pointing elsewhere) is an IllegalArgumentException, never served.
     */
    public List<LocalFile> find(FileType type, SectorId sector) {
        List<LocalFile> found = new ArrayList<>();
        for (LocalPath p : paths) {
            Path file = p.layout().file(type, sector);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                found.add(new LocalFile(p, contained(p, file)));
            }
        }
        return found;
    }

    /** Removes {@code sector}'s {@code type} file from every local path not in {@code keep}; returns the IDs removed from. */
    public List<String> remove(FileType type, SectorId sector, Set<String> keep) throws StorageException {
        List<String> removed = new ArrayList<>();
        for (LocalFile f : find(type, sector)) {
            if (keep.contains(f.path().id())) {
                continue;
            }
            try {
                deleteTree(f.file());
            } catch (IOException | UncheckedIOException e) {
                throw new StorageException("cannot remove " + f.file() + ": " + e.getMessage(), e);
            }
            removed.add(f.path().id());
            LOG.info("Removed {} of {} from storage path {}", type, sector, f.path().id());
        }
        return removed;
    }

    /** Deletes a file, or a directory and everything in it, not following symlinks. */
    public static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        } else {
            Files.deleteIfExists(p);
        }
    }

    private static Path contained(LocalPath p, Path file) {
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(p.root().toRealPath())) {
                throw new IllegalArgumentException(file.getFileName() + " resolves outside its storage path");
            }
            return real;
        } catch (IOException e) {
            throw new IllegalArgumentException(file.getFileName() + " cannot be resolved inside its storage path");
        }
    }

    private static long diskUsage(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.mapToLong(f -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    return a.isRegularFile() ? a.size() : 0;
                } catch (IOException e) {
                    return 0; // removed while walking
                }
            }).sum();
        }
    }

    static long parseWeight(String text) throws StorageException {
        if (text == null) {
            return DEFAULT_WEIGHT;
        }
        try {
            long w = Long.parseLong(text.trim());
            if (w < 0) {
                throw new StorageException("--weight must not be negative, got " + text.trim());
            }
            return w;
        } catch (NumberFormatException e) {
            throw new StorageException("--weight must be a whole number, got '" + text + "'");
        }
    }

    static long parseMaxStorage(String text) throws StorageException {
        if (text == null) {
            return 0;
        }
        if (text.trim().startsWith("-")) {
            throw new StorageException("--max-storage must not be negative, got " + text.trim());
        }
        try {
            return Bytes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new StorageException("--max-storage: " + e.getMessage());
        }
    }

    private static Path realPath(Path dir) throws StorageException {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot resolve storage path " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean writable(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".attach-check", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isEmpty(Path dir) throws StorageException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
