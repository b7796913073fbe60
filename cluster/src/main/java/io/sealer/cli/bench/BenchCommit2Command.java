package io.sealer.cli.bench;

import io.sealer.proofs.JnaSealingFfi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer bench commit2`: verifies a Commit1 output (comm_d and comm_r are taken from its
 * header and checked against the public inputs) and writes it as the sector proof.
 */
@Command(name = "commit2", mixinStandardHelpOptions = true,
        description = "Time Commit2: verify the Commit1 output and return it as the proof (no Groth16 here).")
public final class BenchCommit2Command extends SectorBench implements Callable<Integer> {
    @CommandLine.Mixin
    SealInputOptions inputs;

    @Option(names = "--c1", required = true, description = "Commit1 output file.")
    Path c1;

    @Option(names = "--out", description = "Where to write the proof.")
    Path out;

    @Override
    public Integer call() throws Exception {
        int proof = proof();
        byte[] prover = inputs.proverId(), t = inputs.ticket(), s = inputs.seed();
        byte[] vanilla = Files.readAllBytes(c1);
        if (vanilla.length < 192) {
            throw new IllegalArgumentException(c1 + " is too short to be a Commit1 output");
        }
        byte[] commD = SealBench.slice(vanilla, 128, 32), commR = SealBench.slice(vanilla, 160, 32);
        long start = System.nanoTime();
        byte[] proofBytes = JnaSealingFfi.get().commit2(proof, prover, inputs.sector, t, s, commD, commR, vanilla);
        double secs = SealBench.since(start);
        if (out != null) {
            Files.write(out, proofBytes);
        }
        out().println("Commit2: " + SealBench.secs(secs) + " s (vanilla proofs verified; " + proofBytes.length
                + " bytes; no Groth16, see docs/proofs.md)");
        if (json) {
            Map<String, Double> phases = SealBench.phases();
            phases.put("Commit2", secs);
            SealBench.printJson(out(), sectorOpts.sectorBytes(), new LinkedHashMap<>(), phases, Map.of());
        }
        return 0;
    }
}
