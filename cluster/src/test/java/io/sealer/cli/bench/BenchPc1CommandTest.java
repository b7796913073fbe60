package io.sealer.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sealer bench parents` and `sealer bench pc1` on 2 KiB: published digest, §9 comm_d, JSON line, bad input. */
class BenchPc1CommandTest {
    static BenchRun run(String... args) {
        return BenchRun.of(args);
    }

    @Test
    void parentsWritesTheCacheAndPrintsThePublishedDigest(@TempDir Path dir) {
        Path file = dir.resolve("p.cache");
        BenchRun r = run("parents", "--size", "2KiB", "--proof-version", "1.0", "--out", file.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        // spec/proof-vectors.json parent_cache_digests, 2 KiB V1
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
        // comm_d of spec/proofs.md §9 (A) as a CID
        assertTrue(json.contains("\"commD\": \"baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy\""), json);
        try (var s = Files.list(dir.resolve("work"))) {
            assertFalse(s.findAny().isPresent(), "the temporary sector is removed");
        }
    }

    @Test
    void badSizeOrVersionIsOneErrorLine() {
        BenchRun r = run("pc1", "--size", "1GiB");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("sealer: unsupported sector size '1GiB'"), r.err());
        r = run("parents", "--size", "2KiB", "--proof-version", "1.2");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("sealer: unsupported proof version '1.2'"), r.err());
    }
}
