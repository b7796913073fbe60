package io.sealer.cli.bench;

import io.sealer.proofs.JnaSealingFfi;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer bench unseal`: data = replica - key over a padded byte range of a sealed sector. */
@Command(name = "unseal", mixinStandardHelpOptions = true,
        description = "Time unsealing a padded byte range (default: the whole sector) into --out.")
public final class BenchUnsealCommand extends SectorBench implements Callable<Integer> {
    @Option(names = "--cache-dir", required = true, description = "Cache directory holding the last layer (the key).")
    Path cacheDir;

    @Option(names = "--sealed", required = true, description = "The sealed replica.")
    Path sealed;

    @Option(names = "--offset", defaultValue = "0", description = "Padded byte offset, a multiple of 32.")
    long offset;

    @Option(names = "--length", description = "Padded bytes, a multiple of 32 (default: to the end).")
    Long length;

    @Option(names = "--out", required = true, description = "Where to write the padded data.")
    Path out;

    @Override
    public Integer call() {
        int proof = proof();
        long sectorBytes = sectorOpts.sectorBytes();
        long len = length != null ? length : sectorBytes - offset;
        long start = System.nanoTime();
        JnaSealingFfi.get().unseal(proof, cacheDir, sealed, offset, len, out);
        double secs = SealBench.since(start);
        out().println("Unseal: " + SealBench.secs(secs) + " s, " + len + " padded bytes -> " + out);
        if (json) {
            Map<String, Double> phases = SealBench.phases();
            phases.put("Unseal", secs);
            SealBench.printJson(out(), sectorBytes, new LinkedHashMap<>(), phases, Map.of());
        }
        return 0;
    }
}
