package io.sealer.cluster.sealing;

import io.sealer.cluster.storage.FileType;
import io.sealer.cluster.storage.PathLayout;
import io.sealer.core.sched.FailureKind;
import io.sealer.core.sched.TaskRequest;
import io.sealer.core.task.SectorId;
import io.sealer.core.task.SectorRef;
import io.sealer.core.worker.TaskFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A single node's sector files, all under one directory ({@link SectorFiles}); there is nothing
 * to fetch and no index to tell: an input that is not here is MISSING_INPUT.
 */
final class SingleRootStore implements SectorStore {
    private final SectorFiles files;
    private final PathLayout layout;

    SingleRootStore(SectorFiles files) {
        this.files = files;
        this.layout = new PathLayout(files.root());
    }

    @Override
    public void prepare(TaskRequest r, Set<FileType> inputs) throws TaskFailure {
        for (FileType t : inputs) {
            Path need = layout.file(t, r.sector().id());
            if (!Files.exists(need)) {
                throw new TaskFailure(FailureKind.MISSING_INPUT, r.type().shortName() + " of " + r.sector().id()
                        + " needs " + need + ", which is not on this worker");
            }
        }
    }

    @Override
    public Acquired acquire(SectorRef sector, Set<FileType> existing, Set<FileType> allocate) {
        return new Acquired() {
            @Override
            public Path path(FileType type) {
                return layout.file(type, sector.id());
            }

            @Override
            public void commit() {
                // nothing keeps track of the files of a single node
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    @Override
    public Optional<Path> local(SectorId sector, FileType type) {
        Path p = layout.file(type, sector);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public byte[] commit1Output(SectorRef sector) throws TaskFailure {
        Path c1 = layout.file(FileType.CACHE, sector.id()).resolve(COMMIT1_OUTPUT);
        try {
            return Files.readAllBytes(c1);
        } catch (NoSuchFileException e) {
            throw new TaskFailure(FailureKind.MISSING_INPUT, "Commit2 of " + sector.id() + " needs the Commit1 output "
                    + c1 + ", which is not on this worker");
        } catch (IOException e) {
            throw new TaskFailure(FailureKind.TEMPORARY, "cannot read " + c1 + ": " + e.getMessage(), e);
        }
    }

    /** The one copy there is stays. */
    @Override
    public void keepOnly(SectorRef sector, FileType type, Path keep) {
        // a single node has one copy of each file
    }

    /** A single node's files stay where they are sealed. */
    @Override
    public void moveToStorage(SectorRef sector, Set<FileType> keep, Set<FileType> remove) {
        // nothing to move
    }

    @Override
    public Set<SectorId> heldSectors() {
        return files.heldSectors();
    }

    @Override
    public List<Path> roots() {
        return List.of(files.root());
    }
}
