package io.sealer.cluster.sealing;

import io.sealer.core.task.SectorId;
import java.io.File;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a sector's files live under a storage path, as in Lotus (docs/operator-guide-storage.md):
 * {@code <root>/unsealed/s-t0<miner>-<n>}, {@code <root>/sealed/...}, {@code <root>/cache/.../}.
 * A name with a suffix after the sector ({@code .tmp...}) is a file being written.
 */
public record SectorFiles(Path root) {
    private static final String[] KINDS = {"unsealed", "sealed", "cache"};
    private static final Pattern SECTOR_NAME = Pattern.compile("s-t0(\\d{1,18})-(\\d{1,18})(\\..*)?");

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
     * One more than the highest sector number of {@code miner} with any file here (complete or
     * being written), so a new run never reuses (and overwrites) a sector that is already on
     * disk; 1 when there is none.
     */
    public long nextSectorNumber(long miner) {
        return names().filter(m -> Long.parseLong(m.group(1)) == miner)
                .mapToLong(m -> Long.parseLong(m.group(2)))
                .max().orElse(0) + 1;
    }

    /** The sectors with at least one complete file (unsealed, sealed or cache) here, in order. */
    public Set<SectorId> heldSectors() {
        Set<SectorId> held = new TreeSet<>((a, b) -> a.miner() != b.miner() ? Long.compare(a.miner(), b.miner())
                : Long.compare(a.number(), b.number()));
        names().filter(m -> m.group(3) == null)
                .forEach(m -> held.add(new SectorId(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))));
        return held;
    }

    /** The sector file names under the three directories, matched against {@link #SECTOR_NAME}. */
    private Stream<Matcher> names() {
        return Stream.of(KINDS)
                .map(kind -> root.resolve(kind).toFile().listFiles())
                .filter(entries -> entries != null)
                .flatMap(Stream::of)
                .map(File::getName)
                .map(SECTOR_NAME::matcher)
                .filter(Matcher::matches);
    }
}
