package io.sealer.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stale libsealcore temporaries (their process is gone) are removed; those of live processes are kept. */
class TemporaryFilesTest {

    /** The pid of a process that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void ownerIsThePidInTheName() {
        assertEquals(OptionalLong.of(1234), TemporaryFiles.owner(Path.of("/c/sc-02-data-layer-1.dat.tmp-1234-1240-7")));
        assertEquals(OptionalLong.empty(), TemporaryFiles.owner(Path.of("/c/sc-02-data-layer-1.dat")));
        assertEquals(OptionalLong.empty(), TemporaryFiles.owner(Path.of("/c/x.tmp-12-ab-3")));
    }

    @Test
    void removesTemporariesOfDeadProcessesAndKeepsLiveOnes(@TempDir Path dir) throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache").resolve("s-t01000-1"));
        Path stale = Files.writeString(cache.resolve("sc-02-data-tree-d.dat.tmp-" + deadPid() + "-77-0"), "x");
        Path mine = Files.writeString(cache.resolve("sc-02-data-tree-c.dat.tmp-" + ProcessHandle.current().pid() + "-5-1"),
                "x");
        Path finished = Files.writeString(cache.resolve("sc-02-data-layer-1.dat"), "x");
        List<Path> removed = SealingFfiHolder.FFI.removeStaleTemporaries(dir);
        assertEquals(List.of(stale), removed);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(mine), "a live process's temporary is kept");
        assertTrue(Files.exists(finished));
        assertEquals(List.of(), TemporaryFiles.removeStaleTemporaries(dir.resolve("missing")));
    }

    /** The interface method, without loading the library (it is a default method). */
    private static final class SealingFfiHolder {
        static final SealingFfi FFI = JnaSealingFfi.get();
    }
}
