package io.sealer.cli.bench;

import io.sealer.proofs.JnaSealingFfi;
import io.sealer.proofs.SealingFfi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer bench commit1`: times Commit1 (vanilla proofs) on a sealed sector and its cache directory. */
@Command(name = "commit1", mixinStandardHelpOptions = true,
        description = "Time Commit1 (challenges and vanilla proofs) after PreCommit2; writes the proofs to --out.")
public final class BenchCommit1Command extends SectorBench implements Callable<Integer> {
    @CommandLine.Mixin
    SealInputOptions inputs;

    @Option(names = "--cache-dir", required = true, description = "The sector's cache directory.")
    Path cacheDir;

    @Option(names = "--sealed", required = true, description = "The sealed replica.")
    Path sealed;

    @Option(names = "--out", required = true, description = "Where to write the Commit1 output.")
    Path out;

    @Override
    public Integer call() throws Exception {
        int proof = proof();
        byte[] prover = inputs.proverId(), t = inputs.ticket(), s = inputs.seed();
        SealingFfi ffi = JnaSealingFfi.get();
        byte[] commD = SealBench.commDFromCache(cacheDir, sectorOpts.sectorBytes());
        byte[] commR = ffi.poseidonHash(2, SealBench.pAux(cacheDir));
        long start = System.nanoTime();
        byte[] c1 = ffi.commit1(proof, cacheDir, sealed, prover, inputs.sector, t, s, commD, commR);
        double secs = SealBench.since(start);
        Files.write(out, c1);
        out().println("Commit1: " + SealBench.secs(secs) + " s, " + c1.length + " bytes of vanilla proofs -> " + out);
        if (json) {
            Map<String, Double> phases = SealBench.phases();
            phases.put("Commit1", secs);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("bytes", c1.length);
            SealBench.printJson(out(), sectorOpts.sectorBytes(), extra, phases, Map.of());
        }
        return 0;
    }
}
