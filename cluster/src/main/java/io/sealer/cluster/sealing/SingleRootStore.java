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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

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
    public void remove(SectorId sector, FileType type) throws TaskFailure {
        Path p = layout.file(type, sector);
        try {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new TaskFailure(FailureKind.TEMPORARY, "cannot remove " + p + ": " + e.getMessage(), e);
        }
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
