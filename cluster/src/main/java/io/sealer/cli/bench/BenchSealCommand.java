package io.sealer.cli.bench;

import io.sealer.proofs.AddPieceOutput;
import io.sealer.proofs.CommCid;
import io.sealer.proofs.JnaSealingFfi;
import io.sealer.proofs.PreCommit1Output;
import io.sealer.proofs.PreCommit2Output;
import io.sealer.proofs.SealInputs;
import io.sealer.proofs.SealProofs;
import io.sealer.proofs.SealingFfi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer bench seal`: a whole sector through AddPiece, PreCommit1, PreCommit2, Commit1 and
 * Commit2 (which verifies the vanilla proofs) in a temporary directory, like lotus-bench
 * {@code simple}. Defaults: miner t01000, sector 1, ticket 32 x 0x01, seed 32 x 0x02, data
 * zeros, proof version 1.1. With --data, exactly the sector's unpadded capacity is read from the
 * file (so /dev/zero and /dev/urandom work). The parent cache comes from $FIL_PROOFS_PARENT_CACHE
 * (default /var/tmp/filecoin-parents) and is generated there first when missing, not timed.
 */
@Command(name = "seal", mixinStandardHelpOptions = true,
        description = "Seal one sector in a temporary directory and time every phase (AddPiece .. Commit2).")
public final class BenchSealCommand extends SectorBench implements Callable<Integer> {
    @CommandLine.Mixin
    SealInputOptions inputs;

    @Option(names = "--data", description = "Read the sector's unpadded capacity from this file (default: zeros).")
    Path data;

    @Option(names = "--threads", description = "PreCommit2 threads (default: all processors).")
    Integer threads;

    @Option(names = "--parent-cache", description = "Parent cache directory (default: $FIL_PROOFS_PARENT_CACHE or /var/tmp/filecoin-parents).")
    Path parentCache;

    @Option(names = "--dir", description = "Parent directory for the temporary sector (default: java.io.tmpdir).")
    Path dir;

    @Option(names = "--keep", description = "Keep the temporary sector, cache directory and proofs.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        // validate everything before any work
        long sectorSize = SealProofs.parseSize(sectorOpts.size);
        int proof = SealProofs.id(sectorSize, sectorOpts.proofVersion);
        byte[] prover = inputs.proverId();
        byte[] t = inputs.ticket();
        byte[] s = inputs.seed();
        SealInputs.sectorId(inputs.sector);
        int th = SealInputs.threads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        long unpadded = SealProofs.unpaddedSectorSize(proof);
        if (data != null && !Files.isReadable(data)) {
            throw new IllegalArgumentException("--data " + data + " is not readable");
        }
        SealingFfi ffi = JnaSealingFfi.get();
        Path parents = parentCache != null ? parentCache : ParentCacheDir.resolve();
        long c0 = System.nanoTime();
        Path cacheFile = ffi.ensureParentCache(proof, parents);
        out().println(String.format(Locale.ROOT, "parent cache %s ready in %.3f s (not timed)", cacheFile,
                SealBench.since(c0)));
        Path work = dir == null ? Files.createTempDirectory("sealer-seal-")
                : Files.createTempDirectory(Files.createDirectories(dir), "sealer-seal-");
        try {
            Path staged = work.resolve("staged");
            Path cache = Files.createDirectories(work.resolve("cache"));
            Path sealed = work.resolve("sealed");
            Map<String, Double> phases = SealBench.phases();
            out().println("proof " + SealProofs.name(proof) + " (id " + proof + "), miner " + inputs.miner + ", sector "
                    + inputs.sector + ", " + th + " PreCommit2 thread(s)");

            long t0 = System.nanoTime();
            AddPieceOutput piece = ffi.addPiece(data, unpadded, staged, sectorSize);
            phase(phases, "AddPiece", t0, "");
            byte[] commD = ffi.commD(sectorSize, List.of(piece.pieceInfo(unpadded)));

            t0 = System.nanoTime();
            PreCommit1Output pc1 = ffi.preCommit1(proof, parents, staged, cache, prover, inputs.sector, t, commD);
            phase(phases, "PreCommit1", t0, "");

            t0 = System.nanoTime();
            PreCommit2Output pc2 = ffi.preCommit2(proof, cache, staged, sealed, th, pc1.commD());
            phase(phases, "PreCommit2", t0, String.format(Locale.ROOT, " (tree_d %.3f, tree_c %.3f, tree_r_last %.3f)",
                    pc2.treeDSeconds(), pc2.treeCSeconds(), pc2.treeRSeconds()));

            t0 = System.nanoTime();
            byte[] c1 = ffi.commit1(proof, cache, sealed, prover, inputs.sector, t, s, pc2.commD(), pc2.commR());
            phase(phases, "Commit1", t0, " (" + c1.length + " bytes of vanilla proofs)");

            t0 = System.nanoTime();
            byte[] proofBytes = ffi.commit2(proof, prover, inputs.sector, t, s, pc2.commD(), pc2.commR(), c1);
            phase(phases, "Commit2", t0, " (verified; proof = vanilla proofs, no Groth16)");
            if (keep) {
                Files.write(work.resolve("commit1.bin"), c1);
                Files.write(work.resolve("proof.bin"), proofBytes);
            }

            String d = CommCid.unsealed(pc2.commD()), r = CommCid.sealed(pc2.commR());
            out().println("d: " + d);
            out().println("r: " + r);
            if (json) {
                Map<String, String> tail = new java.util.LinkedHashMap<>();
                tail.put("commD", d);
                tail.put("commR", r);
                SealBench.printJson(out(), sectorSize, Map.of(), phases, tail);
            }
            return 0;
        } finally {
            if (!keep) {
                deleteTree(work);
            } else {
                out().println("kept " + work);
            }
        }
    }

    private void phase(Map<String, Double> phases, String name, long start, String detail) {
        double secs = SealBench.since(start);
        phases.put(name, secs);
        out().println(String.format(Locale.ROOT, "%-11s %10.3f s%s", name, secs, detail));
        out().flush();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> st = Files.walk(root)) {
            for (Path p : st.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
