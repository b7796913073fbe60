package io.sealer.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.repo.NodeKind;
import io.sealer.cluster.repo.NodeRepo;
import io.sealer.e2e.support.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real deal data through a miner and one worker, as separate JVMs with the real libsealcore
 * (2 KiB sectors): `sectors add-piece` of a random 1,000-byte file (a deal sector that waits for
 * deals until `sectors seal`) and of a 2,032-byte file (a sector of its own, full, sealing at
 * once); both sectors reach Proving; the miner is configured to drop the unsealed copy at
 * Finalize, so `sectors read` returns both files byte for byte through an UNS task that unseals
 * them from the sealed replica. Bad input (an empty file, one larger than a sector, a read of a
 * sector without pieces, of an unknown piece, of a sector not sealed yet) gets one line and a
 * non-zero exit, and loses nothing.
 */
class DealDataTest extends ClusterTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration SEALING = Duration.ofSeconds(240);
    private static final Pattern ADDED = Pattern.compile(
            "^Piece (\\S+) \\((\\d+) bytes(?:, deal (\\d+))?\\) added to sector (\\d+) at offset (\\d+)$", Pattern.MULTILINE);

    private static String ok(String... args) {
        return SealingCluster.sealer(args);
    }

    /** A command that must fail with exactly one line on standard error, naming what was wrong. */
    private static String refused(int code, String... args) {
        SealingCluster.Run r = SealingCluster.run(args);
        assertEquals(code, r.code(), "sealer " + String.join(" ", args) + ": " + r.out() + r.err());
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), "one line: " + line);
        assertTrue(line.startsWith("sealer: "), line);
        assertFalse(line.contains("Exception") || line.contains("pekko://"), line);
        return line;
    }

    /**
     * Starts a miner that seals nothing itself (with {@code config} added to its config.conf) and
     * a worker w1 that takes every task; returns the worker once the miner's Scheduler has it.
     */
    private NodeProcess minerAndWorker(Path minerRepo, String config) throws Exception {
        NodeRepo repo = NodeRepo.openOrInit(minerRepo, NodeKind.MINER);
        Files.writeString(repo.configFile(), "\n" + config + "Sealing.WaitDealsDelay = 1h\n",
                StandardOpenOption.APPEND);
        return cluster.worker("w1", cluster.miner("2KiB"), Map.of());
    }

    @Test
    void aKeptUnsealedCopyIsReadWithoutUnsealing() throws Exception {
        Path minerRepo = tmp.resolve("miner");
        minerAndWorker(minerRepo, "Sealing.KeepUnsealed = true\n");
        String repo = minerRepo.toString();
        byte[] data = new byte[900];
        new Random(7).nextBytes(data);
        Path file = Files.write(tmp.resolve("deal.bin"), data);
        Matcher a = ADDED.matcher(ok("sectors", "add-piece", file.toString(), "--repo", repo));
        assertTrue(a.find());
        long sector = Long.parseLong(a.group(4));
        assertEquals("900", a.group(2));
        assertEquals(null, a.group(3), "no deal given, none shown");
        ok("sectors", "seal", Long.toString(sector), "--repo", repo);
        awaitProving(repo, sector);
        Path out = tmp.resolve("deal.out");
        String read = ok("sectors", "read", Long.toString(sector), "--out", out.toString(), "--repo", repo);
        assertTrue(read.contains("(from the unsealed copy on w1)"), read);
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    @Test
    void piecesAddedSealedAndReadBackThroughAnUnsealTask() throws Exception {
        Path minerRepo = tmp.resolve("miner");
        Path workerRepo = tmp.resolve("w1");
        NodeProcess worker = minerAndWorker(minerRepo, "Sealing.KeepUnsealed = false\n");
        String repo = minerRepo.toString();

        Random random = new Random(20261201);
        byte[] small = new byte[1000];
        byte[] full = new byte[2032];
        random.nextBytes(small);
        random.nextBytes(full);
        Path smallFile = Files.write(tmp.resolve("small.bin"), small);
        Path fullFile = Files.write(tmp.resolve("full.bin"), full);
        Path empty = Files.write(tmp.resolve("empty.bin"), new byte[0]);
        Path tooLarge = Files.write(tmp.resolve("large.bin"), new byte[2033]);

        assertEquals("sealer: FILE: " + empty + " is empty; a piece needs at least 1 byte",
                refused(2, "sectors", "add-piece", empty.toString(), "--repo", repo));
        assertEquals("sealer: FILE: " + tooLarge + " has 2033 bytes, more than the 2032 bytes a 2KiB sector holds",
                refused(2, "sectors", "add-piece", tooLarge.toString(), "--repo", repo));

        Matcher a = ADDED.matcher(ok("sectors", "add-piece", smallFile.toString(), "--deal-id", "11", "--repo", repo));
        assertTrue(a.find());
        assertEquals("1000", a.group(2));
        assertEquals("11", a.group(3));
        assertEquals("0", a.group(5));
        String smallCid = a.group(1);
        long smallSector = Long.parseLong(a.group(4));
        String fullOut = ok("sectors", "add-piece", fullFile.toString(), "--deal-id", "12", "--repo", repo);
        Matcher b = ADDED.matcher(fullOut);
        assertTrue(b.find(), fullOut);
        String fullCid = b.group(1);
        long fullSector = Long.parseLong(b.group(4));
        assertNotEquals(smallSector, fullSector, "a 2,032-byte piece needs a sector of its own");
        assertTrue(fullOut.contains("Sector " + fullSector + " is full and starts sealing"), fullOut);

        String status = ok("sectors", "status", Long.toString(smallSector), "--repo", repo);
        assertTrue(status.contains("WaitDeals"), status);
        assertTrue(Pattern.compile(smallCid + "\\s+1000\\s+1024\\s+0\\s+11").matcher(status).find(), status);
        assertEquals("sealer: sector " + smallSector + " is in WaitDeals; its pieces can be read once it is sealed "
                + "(Proving)", refused(1, "sectors", "read", Long.toString(smallSector), "--out",
                tmp.resolve("early.bin").toString(), "--repo", repo));
        assertFalse(Files.exists(tmp.resolve("early.bin")), "a refused read writes no file");

        assertEquals("Sector " + smallSector + " starts sealing",
                ok("sectors", "seal", Long.toString(smallSector), "--repo", repo).strip());
        awaitProving(repo, smallSector);
        awaitProving(repo, fullSector);
        assertEquals("sealer: sector " + smallSector + " is in Proving, not waiting for deals",
                refused(1, "sectors", "seal", Long.toString(smallSector), "--repo", repo));

        for (long n : new long[] {smallSector, fullSector}) {
            for (Path repoDir : List.of(workerRepo, minerRepo)) {
                assertEquals(List.of(), filesOf(repoDir, "unsealed", n), "Finalize dropped the unsealed copy");
            }
        }

        Path smallOut = tmp.resolve("small.out");
        String read = ok("sectors", "read", Long.toString(smallSector), "--out", smallOut.toString(), "--repo", repo);
        assertEquals("Read 1000 bytes of piece " + smallCid + " of sector " + smallSector + " (from the sealed replica "
                + "on w1) into " + smallOut, read.strip());
        assertArrayEquals(small, Files.readAllBytes(smallOut));
        Path fullOutFile = tmp.resolve("full.out");
        ok("sectors", "read", Long.toString(fullSector), "--piece", fullCid, "--out", fullOutFile.toString(), "--repo",
                repo);
        assertArrayEquals(full, Files.readAllBytes(fullOutFile));
        worker.awaitLine("task UNS s-t01000-" + fullSector + " started on w1", START);

        assertEquals("sealer: sector " + smallSector + " has no piece bagaunknown; its pieces: " + smallCid,
                refused(1, "sectors", "read", Long.toString(smallSector), "--piece", "bagaunknown", "--out",
                        tmp.resolve("x.bin").toString(), "--repo", repo));
        String pledged = ok("sectors", "pledge", "--repo", repo);
        long cc = Long.parseLong(pledged.replaceAll("(?s).*sector: (\\d+).*", "$1"));
        assertEquals("sealer: sector " + cc + " holds no pieces", refused(1, "sectors", "read", Long.toString(cc),
                "--out", tmp.resolve("x.bin").toString(), "--repo", repo));
        assertEquals("sealer: no sector 99 on this miner", refused(1, "sectors", "read", "99", "--out",
                tmp.resolve("x.bin").toString(), "--repo", repo));
        assertFalse(Files.exists(tmp.resolve("x.bin")), "a refused read writes no file");

        assertEquals(1, filesOf(minerRepo, "sealed", smallSector).size(), "a read copies the sealed replica to the "
                + "worker that unseals; it never moves it off the miner's store path");

        // nothing lost: the pieces are still there and read back the same
        Files.delete(smallOut);
        ok("sectors", "read", Long.toString(smallSector), "--out", smallOut.toString(), "--repo", repo);
        assertArrayEquals(small, Files.readAllBytes(smallOut));
    }

    /** The files of the sector's {@code type} anywhere under {@code repo} (complete ones, not temporaries). */
    private static List<Path> filesOf(Path repo, String type, long n) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(repo)) {
            return files.filter(f -> f.getParent() != null && f.getParent().getFileName().toString().equals(type)
                    && f.getFileName().toString().equals("s-t01000-" + n)).toList();
        }
    }

    /** Polls `sectors status N` until the sector is in Proving (fails on a terminal failure or the deadline). */
    private static void awaitProving(String repo, long n) throws InterruptedException {
        long deadline = System.nanoTime() + SEALING.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = ok("sectors", "status", Long.toString(n), "--repo", repo);
            if (Pattern.compile("^State:\\s+Proving$", Pattern.MULTILINE).matcher(status).find()) {
                return;
            }
            assertFalse(status.contains("FailedUnrecoverable"), status);
            Thread.sleep(500);
        }
        throw new AssertionError("sector " + n + " did not reach Proving:\n" + status);
    }
}
