package io.sealer.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sealer bench seal` and the single-phase commands on a 2 KiB sector with the defaults
 * (t01000, sector 1, ticket 32 x 0x01): the commitments are the reference vector of
 * docs/proofs.md, bad flags are usage errors (exit code 2, one line) and failures of the native
 * code one error line with exit code 1.
 */
class BenchSealCommandTest {
    static final String D = "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy";
    static final String R = "bagboea4b5abca52cioilg33uvtkzlranby2b6t576gdch7vprlls7zz5osinbvs4";

    static BenchRun run(String... args) {
        return BenchRun.of(args);
    }

    @Test
    void seal2KiBGivesTheReferenceCommitments(@TempDir Path dir) {
        BenchRun r = run("seal", "--size", "2KiB", "--json", "--parent-cache", dir.resolve("parents").toString(),
                "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().contains("d: " + D), r.lines().toString());
        assertTrue(r.lines().contains("r: " + R), r.lines().toString());
        String json = r.lines().get(r.lines().size() - 1);
        assertTrue(json.startsWith("{\"size\": 2048, \"phases\": {\"AddPiece\": "), json);
        for (String phase : List.of("PreCommit1", "PreCommit2", "Commit1", "Commit2")) {
            assertTrue(json.contains("\"" + phase + "\": "), json);
        }
        assertTrue(json.endsWith("\"commD\": \"" + D + "\", \"commR\": \"" + R + "\"}"), json);
    }

    @Test
    void singlePhasesOnFiles(@TempDir Path dir) throws Exception {
        BenchRun r = run("seal", "--size", "2KiB", "--keep", "--parent-cache", dir.resolve("parents").toString(),
                "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        Path work = Path.of(r.lines().get(r.lines().size() - 1).substring("kept ".length()));
        Path cache = work.resolve("cache"), sealed = work.resolve("sealed"), staged = work.resolve("staged");
        BenchRun pc2 = run("precommit2", "--size", "2KiB", "--cache-dir", cache.toString(), "--staged", staged.toString(),
                "--sealed", sealed.toString(), "--threads", "1", "--json");
        assertEquals(0, pc2.code(), pc2.err());
        assertEquals("r: " + R, pc2.lines().get(1));
        Path c1 = dir.resolve("c1");
        BenchRun commit1 = run("commit1", "--size", "2KiB", "--cache-dir", cache.toString(), "--sealed", sealed.toString(),
                "--out", c1.toString());
        assertEquals(0, commit1.code(), commit1.err());
        assertEquals(18544, Files.size(c1));
        assertEquals(0, run("commit2", "--size", "2KiB", "--c1", c1.toString()).code());
        BenchRun other = run("commit2", "--size", "2KiB", "--c1", c1.toString(), "--sector", "2");
        assertEquals(1, other.code());
        assertTrue(other.err().contains("another sector"), other.err());
        Path un = dir.resolve("unsealed");
        assertEquals(0, run("unseal", "--size", "2KiB", "--cache-dir", cache.toString(), "--sealed", sealed.toString(),
                "--out", un.toString()).code());
        assertEquals(-1, Files.mismatch(un, staged));
    }

    @Test
    void badFlagsAreUsageErrors(@TempDir Path dir) {
        BenchRun r = run("seal", "--size", "2KiB", "--ticket", "0101", "--dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().contains("ticket must be 32 bytes"), r.err());
        r = run("seal", "--size", "2KiB", "--seed", "zz".repeat(32), "--dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().contains("seed is not hex"), r.err());
        r = run("seal", "--size", "3KiB");
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().contains("--size: unsupported sector size '3KiB' (expected one of"), r.err());
        r = run("seal", "--size", "2KiB", "--sector", "-1", "--dir", dir.toString());
        assertEquals(2, r.code());
    }

    @Test
    void dataLargerThanTheSectorIsRejected(@TempDir Path dir) throws Exception {
        Path data = Files.write(dir.resolve("data"), new byte[2033]);
        BenchRun r = run("seal", "--size", "2KiB", "--data", data.toString(), "--dir", dir.toString(), "--parent-cache",
                dir.resolve("parents").toString());
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().endsWith(
                "--data: " + data + " is 2033 bytes, a 2KiB sector holds at most 2032 bytes of data"), r.err());
        r = run("seal", "--size", "2KiB", "--data", dir.resolve("missing").toString(), "--dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().endsWith("--data: " + dir.resolve("missing") + " is not a readable file"), r.err());
    }

    @Test
    void dirThatIsAFileIsRejected(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        BenchRun r = run("seal", "--size", "2KiB", "--dir", file.toString(), "--parent-cache",
                dir.resolve("parents").toString());
        assertEquals(2, r.code());
        assertTrue(r.firstErrorLine().endsWith("not a writable directory: " + file), r.err());
    }

    @Test
    void nativeFailureIsOneLineAndExitCode1(@TempDir Path dir) {
        BenchRun r;
        r = run("precommit2", "--size", "2KiB", "--cache-dir", dir.toString(), "--staged", dir.resolve("x").toString(),
                "--sealed", dir.resolve("y").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("pc2:"), r.err());
    }

    @Test
    void poseidonRates() {
        BenchRun r = run("poseidon", "--arity", "2,8", "--seconds", "0.05", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().get(0).startsWith("Poseidon arity 2: "), r.lines().toString());
        assertTrue(r.lines().get(2).startsWith("{\"hashesPerSecond\": {\"2\": "), r.lines().toString());
    }
}
