package io.sealer.cluster.sealing;

import io.sealer.core.task.SectorId;
import java.nio.file.Path;

/**
 * Where a sector's files live under a storage path (spec/scheduler.md §5.1):
 * {@code <root>/unsealed/s-t0<miner>-<n>}, {@code <root>/sealed/...}, {@code <root>/cache/.../}.
 */
public record SectorFiles(Path root) {
    public Path unsealed(SectorId id) {
        return root.resolve("unsealed").resolve(id.toString());
    }

    public Path sealed(SectorId id) {
        return root.resolve("sealed").resolve(id.toString());
    }

    public Path cache(SectorId id) {
        return root.resolve("cache").resolve(id.toString());
    }

    /** Where SDR parent caches are kept (shared by all sectors of a proof). */
    public Path parentCache() {
        return root.resolve("parent-cache");
    }
}
