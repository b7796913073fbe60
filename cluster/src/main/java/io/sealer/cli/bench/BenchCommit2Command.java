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
public final class BenchCommit2Command implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Option(names = "--size", required = true, description = "Sector size: 2KiB, 8MiB, 512MiB, 32GiB, 64GiB.")
    String size;

    @Option(names = "--proof-version", defaultValue = "1.1", description = "1.0 or 1.1 (default ${DEFAULT-VALUE}).")
    String proofVersion;

    @Option(names = "--c1", required = true, description = "Commit1 output file.")
    Path c1;

    @Option(names = "--miner", defaultValue = SealBench.DEFAULT_MINER, description = "Default ${DEFAULT-VALUE}.")
    String miner;

    @Option(names = "--sector", defaultValue = "1", description = "Sector number (default ${DEFAULT-VALUE}).")
    long sector;

    @Option(names = "--ticket", defaultValue = SealBench.DEFAULT_TICKET, description = "32 bytes hex (default 01 x 32).")
    String ticket;

    @Option(names = "--seed", defaultValue = SealBench.DEFAULT_SEED, description = "32 bytes hex (default 02 x 32).")
    String seed;

    @Option(names = "--out", description = "Where to write the proof.")
    Path out;

    @Option(names = "--json", description = "Print a JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int proof = SealBench.proof(size, proofVersion);
        byte[] prover = SealBench.proverId(miner), t = SealBench.ticket(ticket), s = SealBench.seed(seed);
        byte[] vanilla = Files.readAllBytes(c1);
        if (vanilla.length < 192) {
            throw new IllegalArgumentException(c1 + " is too short to be a Commit1 output");
        }
        byte[] commD = SealBench.slice(vanilla, 128, 32), commR = SealBench.slice(vanilla, 160, 32);
        long start = System.nanoTime();
        byte[] proofBytes = JnaSealingFfi.get().commit2(proof, prover, sector, t, s, commD, commR, vanilla);
        double secs = SealBench.since(start);
        if (out != null) {
            Files.write(out, proofBytes);
        }
        out().println("Commit2: " + SealBench.secs(secs) + " s (vanilla proofs verified; " + proofBytes.length
                + " bytes; no Groth16, see docs/proofs.md)");
        if (json) {
            Map<String, Double> phases = SealBench.phases();
            phases.put("Commit2", secs);
            SealBench.printJson(out(), SealBench.sectorBytes(size), new LinkedHashMap<>(), phases, Map.of());
        }
        return 0;
    }
}
