package io.sealer.cluster.storage;

import io.sealer.core.task.SectorId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where sector files live under one storage path: {@code <root>/<type>/s-t0<miner>-<n>}, and
 * downloads in progress in {@code <root>/<type>/fetching/s-t0<miner>-<n>} until renamed into place.
 */
public record PathLayout(Path root) {
    public static final String FETCHING = "fetching";

    public Path file(FileType type, SectorId sector) {
        return root.resolve(type.dir()).resolve(SectorName.of(sector));
    }

    public Path fetching(FileType type, SectorId sector) {
        return root.resolve(type.dir()).resolve(FETCHING).resolve(SectorName.of(sector));
    }

    /** Creates every type's directory and its fetching/ directory. */
    public void createDirectories() throws IOException {
        for (FileType t : FileType.values()) {
            Files.createDirectories(root.resolve(t.dir()).resolve(FETCHING));
        }
    }
}
