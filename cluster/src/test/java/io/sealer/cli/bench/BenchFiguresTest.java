package io.sealer.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealer.proofs.NativeProgress.Phase;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure parts of the bench commands, table style: progress lines, resource figures, the parent cache directory. */
class BenchFiguresTest {
    private static final long GIB = 1L << 30;

    @Test
    void progressLines() {
        long nodes = (32 * GIB) / 32;
        Object[][] table = {
            {"PreCommit1", Phase.LABELLING, 3, 11, 2 * nodes + nodes / 2, 11 * nodes, 100.0,
                "PreCommit1 labelling layer 3/11   22.7%  819.2 MiB/s  ETA 5m40s"},
            {"PreCommit2", Phase.TREE_C, 0, 0, 1L << 20, 4L << 20, 16.0, "PreCommit2 tree_c   25.0%  2.0 MiB/s  ETA 48s"},
            {"parent cache", Phase.IDLE, 0, 0, 0L, 0L, 0.5, "parent cache starting    0.0%"},
            {"parent cache", Phase.PARENT_CACHE, 0, 0, 3L << 20, 16L << 20, 4.0, "parent cache   18.8%  24.0 MiB/s  ETA 17s"},
            {"PreCommit1", Phase.DONE, 0, 2, 10L, 10L, 1.0, "PreCommit1 done  100.0%  0.0 MiB/s  ETA 0s"},
            {"PreCommit1", Phase.LABELLING, 1, 11, nodes / 100, 11 * nodes, 60.0,
                "PreCommit1 labelling layer 1/11    0.1%  5.5 MiB/s  ETA 18h19m"},
        };
        for (Object[] r : table) {
            assertEquals(r[7], ProgressLine.format((String) r[0], (Phase) r[1], (Integer) r[2], (Integer) r[3],
                    (Long) r[4], (Long) r[5], (Double) r[6]));
        }
    }

    @Test
    void whatARunNeeds() {
        // proof ids 5..9: StackedDrg 2KiB, 8MiB, 512MiB, 32GiB, 64GiB V1_1
        assertEquals(3584L, ResourceCheck.parentCacheBytes(5));
        assertEquals(56 * GIB, ResourceCheck.parentCacheBytes(8));
        assertEquals(12 * 32 * GIB, ResourceCheck.preCommit1Bytes(8));
        assertEquals(3 * (512L << 20), ResourceCheck.preCommit1Bytes(7));
        long s = 32 * GIB;
        assertEquals(12 * s + 2 * s + s / 7 * 8 + s + s / 7, ResourceCheck.sealBytes(8));
        assertEquals(64 * GIB, ResourceCheck.preCommit1Memory(8));
    }

    @Test
    void refusalsCarryTheFigures() {
        Path dir = Path.of("/data");
        assertEquals(Optional.of("needs 14.6 GiB of disk in /data, 3.2 GiB free"),
                ResourceCheck.disk((long) (14.6 * GIB), (long) (3.2 * GIB), dir));
        assertEquals(Optional.empty(), ResourceCheck.disk(GIB, GIB, dir));
        assertEquals(Optional.of("needs 64.0 GiB of RAM, 23.0 GiB available (MemAvailable)"),
                ResourceCheck.memory(64 * GIB, 23 * GIB));
        assertEquals(Optional.empty(), ResourceCheck.memory(GIB, 2 * GIB));
    }

    @Test
    void memAvailableFromMeminfo() {
        assertEquals(OptionalLong.of(24117248L * 1024),
                ResourceCheck.memAvailable(List.of("MemTotal:       32768000 kB", "MemFree: 1 kB",
                        "MemAvailable:   24117248 kB")));
        assertEquals(OptionalLong.empty(), ResourceCheck.memAvailable(List.of("MemTotal: 1 kB")));
        assertEquals(OptionalLong.empty(), ResourceCheck.memAvailable(List.of("MemAvailable: lots")));
    }

    @Test
    void workDirectoriesNameTheirProcess() {
        assertEquals(OptionalLong.of(4242), WorkDirs.owner(Path.of("/tmp/sealer-seal-4242-99887766")));
        assertEquals(OptionalLong.empty(), WorkDirs.owner(Path.of("/tmp/sealer-seal-99887766")));
        assertEquals(OptionalLong.empty(), WorkDirs.owner(Path.of("/tmp/other")));
    }
}
