package io.sealer.cli.bench;

import io.sealer.proofs.SealProofs;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a bench run needs before it starts, so that a 32 GiB run is refused at once with the
 * figures instead of failing an hour in with a full disk or the OOM killer. Disk: the files the
 * run writes (staged sector, SDR layers, trees, replica, the parent cache when missing); RAM: the
 * two layer buffers PreCommit1 holds. The figure functions are pure; {@link #requireDisk} and
 * {@link #requireMemory} look at this machine.
 */
final class ResourceCheck {
    private static final double GIB = 1L << 30;

    private ResourceCheck() {}

    /** Bytes of the parent cache file of a proof: 14 parents x 4 bytes per 32-byte node. */
    static long parentCacheBytes(int proof) {
        return SealProofs.sectorSize(proof) / 32 * 14 * 4;
    }

    /** Bytes PreCommit1 writes: the staged sector and every layer. */
    static long preCommit1Bytes(int proof) {
        long s = SealProofs.sectorSize(proof);
        return s + SealProofs.layers(proof) * s;
    }

    /** Bytes a whole seal writes: PreCommit1's, tree_d (2 x), tree_c (8/7 x), the replica, tree_r_last (1/7 x). */
    static long sealBytes(int proof) {
        long s = SealProofs.sectorSize(proof);
        return preCommit1Bytes(proof) + 2 * s + s / 7 * 8 + s + s / 7;
    }

    /** RAM PreCommit1 holds: two layer buffers of one sector each. */
    static long preCommit1Memory(int proof) {
        return 2 * SealProofs.sectorSize(proof);
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / GIB);
    }

    /** The refusal for too little disk, or empty when free covers need. */
    static Optional<String> disk(long need, long free, Path dir) {
        return need <= free ? Optional.empty()
                : Optional.of("needs " + gib(need) + " of disk in " + dir + ", " + gib(free) + " free");
    }

    /** The refusal for too little memory, or empty when available covers need. */
    static Optional<String> memory(long need, long available) {
        return need <= available ? Optional.empty()
                : Optional.of("needs " + gib(need) + " of RAM, " + gib(available) + " available (MemAvailable)");
    }

    /** MemAvailable of /proc/meminfo in bytes, or empty where it cannot be read. */
    static OptionalLong memAvailable(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemAvailable:")) {
                String[] f = line.trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(f[1]) * 1024);
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Checks that each directory's file system has room for what is written there; needs of
     * directories on the same file system add up and are reported for the first of them.
     */
    static void requireDisk(Map<Path, Long> needs) {
        Map<FileStore, Path> firstDir = new LinkedHashMap<>();
        Map<FileStore, Long> total = new LinkedHashMap<>();
        for (Map.Entry<Path, Long> e : needs.entrySet()) {
            FileStore store = store(e.getKey());
            firstDir.putIfAbsent(store, e.getKey());
            total.merge(store, e.getValue(), Long::sum);
        }
        for (Map.Entry<FileStore, Long> e : total.entrySet()) {
            long free;
            try {
                free = e.getKey().getUsableSpace();
            } catch (IOException ex) {
                continue; // cannot tell: do not refuse
            }
            disk(e.getValue(), free, firstDir.get(e.getKey())).ifPresent(msg -> {
                throw new IllegalStateException(msg);
            });
        }
    }

    static void requireMemory(long need) {
        OptionalLong available;
        try {
            available = memAvailable(Files.readAllLines(Path.of("/proc/meminfo")));
        } catch (IOException e) {
            return; // not Linux or not readable: do not refuse
        }
        if (available.isPresent()) {
            memory(need, available.getAsLong()).ifPresent(msg -> {
                throw new IllegalStateException(msg);
            });
        }
    }

    /** The file store of dir, or of its nearest existing parent. */
    private static FileStore store(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return Files.getFileStore(p == null ? Path.of("/") : p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the free space of " + dir + ": " + e.getMessage(), e);
        }
    }
}
