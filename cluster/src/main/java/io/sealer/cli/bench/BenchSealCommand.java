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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
 * Refuses to start when the disk or RAM cannot hold the run; shows progress on a terminal.
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

    @CommandLine.Mixin
    WorkOptions work;

    @Override
    public Integer call() throws Exception {
        // validate everything before any work
        int proof = proof();
        long sectorSize = SealProofs.sectorSize(proof);
        byte[] prover = option(inputs::proverId);
        byte[] t = option(inputs::ticket);
        byte[] s = option(inputs::seed);
        option(() -> SealInputs.sectorId(inputs.sector));
        int th = option(() -> SealInputs.threads(threads != null ? threads : Runtime.getRuntime().availableProcessors()));
        long unpadded = SealProofs.unpaddedSectorSize(proof);
        checkData(unpadded);
        SealingFfi ffi = JnaSealingFfi.get();
        Path parents = work.parentCacheDir();
        Path workDir = prepareWork(work, ffi, proof, "seal", ResourceCheck.sealBytes(proof),
                ResourceCheck.preCommit1Memory(proof));
        try {
            Path staged = workDir.resolve("staged");
            Path cache = Files.createDirectories(workDir.resolve("cache"));
            Path sealed = workDir.resolve("sealed");
            Map<String, Double> phases = SealBench.phases();
            out().println("proof " + SealProofs.name(proof) + " (id " + proof + "), miner " + inputs.miner + ", sector "
                    + inputs.sector + ", " + th + " PreCommit2 thread(s)");

            long t0 = System.nanoTime();
            AddPieceOutput piece = ffi.addPiece(data, unpadded, staged, sectorSize);
            phase(phases, "AddPiece", t0, "");
            byte[] commD = ffi.commD(sectorSize, List.of(piece.pieceInfo(unpadded)));

            t0 = System.nanoTime();
            PreCommit1Output pc1 = showingProgress("PreCommit1", SealProofs.layers(proof), sectorSize,
                    progress -> ffi.preCommit1(proof, parents, staged, cache, prover, inputs.sector, t, commD, progress));
            phase(phases, "PreCommit1", t0, "");

            t0 = System.nanoTime();
            PreCommit2Output pc2 = showingProgress("PreCommit2", 0, sectorSize,
                    progress -> ffi.preCommit2(proof, cache, staged, sealed, th, pc1.commD(), progress));
            phase(phases, "PreCommit2", t0, String.format(Locale.ROOT, " (tree_d %.3f, tree_c %.3f, tree_r_last %.3f)",
                    pc2.treeDSeconds(), pc2.treeCSeconds(), pc2.treeRSeconds()));

            t0 = System.nanoTime();
            byte[] c1 = ffi.commit1(proof, cache, sealed, prover, inputs.sector, t, s, pc2.commD(), pc2.commR());
            phase(phases, "Commit1", t0, " (" + c1.length + " bytes of vanilla proofs)");

            t0 = System.nanoTime();
            byte[] proofBytes = ffi.commit2(proof, prover, inputs.sector, t, s, pc2.commD(), pc2.commR(), c1);
            phase(phases, "Commit2", t0, " (verified; proof = vanilla proofs, no Groth16)");
            if (work.keep) {
                Files.write(workDir.resolve("commit1.bin"), c1);
                Files.write(workDir.resolve("proof.bin"), proofBytes);
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
            if (!work.keep) {
                WorkDirs.delete(workDir);
            } else {
                out().println("kept " + workDir);
            }
        }
    }

    /**
     * --data must be readable and, when it is a regular file, no larger than the sector holds
     * (devices such as /dev/urandom have no size: exactly the capacity is read from them).
     */
    private void checkData(long unpadded) throws IOException {
        if (data == null) {
            return;
        }
        if (!Files.isReadable(data)) {
            throw usage("--data: " + data + " is not a readable file");
        }
        if (Files.isRegularFile(data) && Files.size(data) > unpadded) {
            throw usage("--data: " + data + " is " + Files.size(data) + " bytes, a "
                    + SealProofs.sizeName(SealProofs.sectorSize(proof())) + " sector holds at most " + unpadded + " bytes of data");
        }
    }

    private void phase(Map<String, Double> phases, String name, long start, String detail) {
        double secs = SealBench.since(start);
        phases.put(name, secs);
        out().println(String.format(Locale.ROOT, "%-11s %10.3f s%s", name, secs, detail));
        out().flush();
    }
}
