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

    /**
     * One more than the highest sector number of {@code miner} with any file here, so a new
     * run never reuses (and overwrites) a sector that is already on disk; 1 when there is none.
     */
    public long nextSectorNumber(long miner) {
        String prefix = "s-t0" + miner + "-";
        long max = 0;
        for (String dir : new String[] {"unsealed", "sealed", "cache"}) {
            java.io.File[] entries = root.resolve(dir).toFile().listFiles();
            if (entries == null) {
                continue;
            }
            for (java.io.File f : entries) {
                String n = f.getName();
                if (n.startsWith(prefix)) {
                    String rest = n.substring(prefix.length()).replaceAll("\\..*$", "");
                    if (rest.matches("\\d{1,18}")) {
                        max = Math.max(max, Long.parseLong(rest));
                    }
                }
            }
        }
        return max + 1;
    }

    /** Where SDR parent caches are kept (shared by all sectors of a proof). */
    public Path parentCache() {
        return root.resolve("parent-cache");
    }
}
