package io.sealer.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sealer bench parents` and `sealer bench pc1` on 2 KiB: published digest, the 2 KiB reference comm_d, JSON line, bad input. */
class BenchPc1CommandTest {
    static BenchRun run(String... args) {
        return BenchRun.of(args);
    }

    @Test
    void parentsWritesTheCacheAndPrintsThePublishedDigest(@TempDir Path dir) {
        Path file = dir.resolve("p.cache");
        BenchRun r = run("parents", "--size", "2KiB", "--proof-version", "1.0", "--out", file.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        // the published digest of the 2 KiB V1 parent cache (docs/proofs.md)
        assertTrue(r.lines().contains(
                "sha256 3da49221e2ed55371b86d0bf3d6526fcf128af61bed904f966428db1b531750d (matches the published digest)"),
                r.lines().toString());
        assertTrue(Files.exists(file));
        assertTrue(r.lines().get(r.lines().size() - 1).startsWith("{\"size\": 2048, \"proof\": 0,"));
    }

    @Test
    void pc1PrintsPhasesAndCommDAsJson(@TempDir Path dir) throws Exception {
        BenchRun r = run("pc1", "--size", "2KiB", "--json", "--bound-seconds", "0.1", "--parent-cache",
                dir.resolve("parents").toString(), "--dir", dir.resolve("work").toString());
        assertEquals(0, r.code(), r.err());
        String json = r.lines().get(r.lines().size() - 1);
        assertTrue(json.startsWith("{\"size\": 2048, \"phases\": {\"AddPiece\": "), json);
        assertTrue(json.contains("\"PreCommit1\": "), json);
        // comm_d of the 2 KiB reference vector (docs/proofs.md) as a CID
        assertTrue(json.contains("\"commD\": \"baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy\""), json);
        try (var s = Files.list(dir.resolve("work"))) {
            assertFalse(s.findAny().isPresent(), "the temporary sector is removed");
        }
    }

    @Test
    void badSizeOrVersionIsAUsageError() {
        BenchRun r = run("pc1", "--size", "1GiB");
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().endsWith(
                "--size: unsupported sector size '1GiB' (expected one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB)"), r.err());
        r = run("parents", "--size", "2KiB", "--proof-version", "1.2");
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().endsWith("--proof-version: unsupported proof version '1.2' (expected 1.0 or 1.1)"), r.err());
    }

    @Test
    void notEnoughDiskIsRefusedWithTheFigures(@TempDir Path dir) {
        // a 64 GiB PreCommit1 writes 12 x 64 GiB; no test machine has that free
        BenchRun r = run("pc1", "--size", "64GiB", "--dir", dir.toString(), "--parent-cache", dir.toString());
        assertEquals(2, r.code(), r.err());
        String line = r.firstErrorLine();
        assertTrue(line.matches(".*needs \\d+\\.\\d GiB of disk in " + java.util.regex.Pattern.quote(dir.toString())
                + ", \\d+\\.\\d GiB free"), line);
        try (var s = Files.list(dir)) {
            assertFalse(s.findAny().isPresent(), "nothing was started");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDirThatIsNotAWritableDirectoryIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        BenchRun r = run("pc1", "--size", "2KiB", "--dir", file.toString(), "--parent-cache", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().endsWith("not a writable directory: " + file), r.err());
        r = run("parents", "--size", "2KiB", "--out", file.resolve("p.cache").toString());
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().endsWith("not a writable directory: " + file), r.err());
    }

    @Test
    void leftoversOfKilledRunsAreRemovedBeforeStarting(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path staleRun = Files.createDirectories(work.resolve("sealer-pc1-" + dead + "-123"));
        Files.writeString(staleRun.resolve("staged"), "x");
        Path liveRun = Files.createDirectories(work.resolve("sealer-pc1-" + ProcessHandle.current().pid() + "-456"));
        Path parents = Files.createDirectories(dir.resolve("parents"));
        Path staleTmp = Files.writeString(parents.resolve("v28-sdr-parent-x.cache.tmp-" + dead + "-9-0"), "x");
        BenchRun r = run("pc1", "--size", "2KiB", "--bound-seconds", "0.1", "--parent-cache", parents.toString(), "--dir",
                work.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().contains("removed 2 leftover(s) of earlier runs that were killed"), r.lines().toString());
        assertFalse(Files.exists(staleRun));
        assertFalse(Files.exists(staleTmp));
        assertTrue(Files.exists(liveRun), "a running process's directory is kept");
    }
}
