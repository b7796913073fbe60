package io.sealer.cli.bench;

import io.sealer.proofs.AddPieceOutput;
import io.sealer.proofs.CommCid;
import io.sealer.proofs.JnaSealingFfi;
import io.sealer.proofs.PreCommit1Output;
import io.sealer.proofs.SealProofs;
import io.sealer.proofs.SealingFfi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer bench pc1`: AddPiece of zeros and PreCommit1 in a temporary directory; the parent
 * cache comes from the parent cache directory (generated there first when missing, not timed).
 * Refuses to start when the disk or RAM cannot hold the run; shows progress on a terminal.
 * Reports each phase and the SHA-256 compressions per second against this CPU's OpenSSL
 * SHA-256 bound measured in the same run.
 */
@Command(name = "pc1", mixinStandardHelpOptions = true,
        description = "Time AddPiece (zeros) and PreCommit1 (SDR labelling) on a temporary sector.")
public final class BenchPc1Command extends SectorBench implements Callable<Integer> {
    @CommandLine.Mixin
    WorkOptions work;

    @Option(names = "--bound-seconds", defaultValue = "2",
            description = "Seconds to measure the OpenSSL SHA-256 bound, before and after (default ${DEFAULT-VALUE}).")
    double boundSeconds;

    @Override
    public Integer call() throws Exception {
        int proof = proof();
        long sectorSize = SealProofs.sectorSize(proof);
        if (!(boundSeconds > 0 && boundSeconds <= 60)) {
            throw usage("--bound-seconds must be in (0, 60], got " + boundSeconds);
        }
        java.io.PrintWriter out = out();
        SealingFfi ffi = JnaSealingFfi.get();
        Path parents = work.parentCacheDir();
        Path workDir = prepareWork(work, ffi, proof, "pc1", ResourceCheck.preCommit1Bytes(proof),
                ResourceCheck.preCommit1Memory(proof));
        double boundBefore = Math.max(ffi.opensslSha256BytesPerSecond(boundSeconds), opensslSpeed(boundSeconds));
        try {
            Path staged = workDir.resolve("staged");
            Path cache = workDir.resolve("cache");
            long t0 = System.nanoTime();
            AddPieceOutput piece = ffi.addPiece(null, SealProofs.unpaddedSectorSize(proof), staged, sectorSize);
            double addPiece = (System.nanoTime() - t0) / 1e9;
            byte[] commD = ffi.commD(sectorSize, List.of(piece.pieceInfo(SealProofs.unpaddedSectorSize(proof))));
            byte[] prover = new byte[32];
            prover[0] = (byte) 0xe8;
            prover[1] = 0x07;
            byte[] ticket = new byte[32];
            java.util.Arrays.fill(ticket, (byte) 1);
            long t1 = System.nanoTime();
            PreCommit1Output pc1 = showingProgress("PreCommit1", SealProofs.layers(proof), sectorSize,
                    progress -> ffi.preCommit1(proof, parents, staged, cache, prover, 1, ticket, commD, progress));
            double preCommit1 = (System.nanoTime() - t1) / 1e9;
            double boundAfter = Math.max(ffi.opensslSha256BytesPerSecond(boundSeconds), opensslSpeed(boundSeconds));
            double bound = Math.max(boundBefore, boundAfter) / 64.0;
            double labelRate = pc1.compressions() / pc1.labellingSeconds();
            double pc1Rate = pc1.compressions() / preCommit1;
            String cid = CommCid.unsealed(pc1.commD());
            out.println("proof " + SealProofs.name(proof) + " (id " + proof + "), " + SealProofs.layers(proof)
                    + " layers, SHA-256 " + ffi.sha256Implementation() + ", "
                    + (pc1.producers() == 0 ? "single-threaded SDR" : "multicore SDR with " + pc1.producers() + " producers"));
            out.println(String.format(Locale.ROOT, "AddPiece    %10.3f s", addPiece));
            out.println(String.format(Locale.ROOT,
                    "PreCommit1  %10.3f s  (comm_d %.3f, parent cache %.3f, labelling %.3f, layer writes waited %.3f)",
                    preCommit1, pc1.commDSeconds(), pc1.parentCacheSeconds(), pc1.labellingSeconds(),
                    pc1.writeWaitSeconds()));
            out.println(String.format(Locale.ROOT,
                    "SHA-256 bound (best of `openssl speed -evp sha256 -bytes 8192` and in-process EVP, before and after): %.3f GB/s = %.2fM compressions/s",
                    bound * 64 / 1e9, bound / 1e6));
            out.println(String.format(Locale.ROOT,
                    "labelling: %d compressions, %.2fM/s = %.1f%% of the bound; whole PreCommit1: %.2fM/s = %.1f%%",
                    pc1.compressions(), labelRate / 1e6, 100 * labelRate / bound, pc1Rate / 1e6, 100 * pc1Rate / bound));
            out.println("commD " + cid);
            if (json) {
                out.println(String.format(Locale.ROOT,
                        "{\"size\": %d, \"phases\": {\"AddPiece\": %.3f, \"PreCommit1\": %.3f}, \"commD\": \"%s\", "
                                + "\"labellingSeconds\": %.3f, \"compressionsPerSecond\": %.0f, "
                                + "\"boundCompressionsPerSecond\": %.0f, \"producers\": %d}",
                        sectorSize, addPiece, preCommit1, cid, pc1.labellingSeconds(), labelRate, bound,
                        pc1.producers()));
            }
            return 0;
        } finally {
            if (!work.keep) {
                WorkDirs.delete(workDir);
            } else {
                out.println("kept " + workDir);
            }
            out.flush();
        }
    }

    /**
     * Bytes per second from {@code openssl speed -evp sha256 -bytes 8192 -seconds N} (the bound
     * as the issue defines it), or 0 when the openssl command is not available.
     */
    static double opensslSpeed(double seconds) {
        int secs = Math.max(1, (int) Math.round(seconds));
        try {
            Process p = new ProcessBuilder("openssl", "speed", "-evp", "sha256", "-bytes", "8192", "-seconds",
                    Integer.toString(secs)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(secs + 30L, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                return 0;
            }
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals("sha256") && f[1].endsWith("k")) {
                    return Double.parseDouble(f[1].substring(0, f[1].length() - 1)) * 1000.0;
                }
            }
            return 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
