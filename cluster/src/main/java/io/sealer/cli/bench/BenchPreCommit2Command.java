package io.sealer.cli.bench;

import io.sealer.proofs.CommCid;
import io.sealer.proofs.JnaSealingFfi;
import io.sealer.proofs.PreCommit2Output;
import io.sealer.proofs.TemporaryFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `sealer bench precommit2`: times PreCommit2 on a cache directory that PreCommit1 filled. */
@Command(name = "precommit2", mixinStandardHelpOptions = true,
        description = "Time PreCommit2 (tree_d, tree_c, encoding, tree_r_last, comm_r) on files from PreCommit1.")
public final class BenchPreCommit2Command extends SectorBench implements Callable<Integer> {
    @Option(names = "--cache-dir", required = true, description = "The sector's cache directory (layer files).")
    Path cacheDir;

    @Option(names = "--staged", required = true, description = "The staged (unsealed, padded) sector file.")
    Path staged;

    @Option(names = "--sealed", required = true, description = "Where to write the sealed replica.")
    Path sealed;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Override
    public Integer call() {
        int proof = proof();
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        TemporaryFiles.removeStaleTemporaries(cacheDir);
        long start = System.nanoTime();
        PreCommit2Output out = JnaSealingFfi.get().preCommit2(proof, cacheDir, staged, sealed, t, null);
        double secs = SealBench.since(start);
        print(out(), out, secs, t);
        if (json) {
            Map<String, Double> phases = SealBench.phases();
            phases.put("PreCommit2", secs);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("threads", t);
            Map<String, String> tail = new LinkedHashMap<>();
            tail.put("commD", CommCid.unsealed(out.commD()));
            tail.put("commR", CommCid.sealed(out.commR()));
            SealBench.printJson(out(), sectorOpts.sectorBytes(), extra, phases, tail);
        }
        return 0;
    }

    static void print(java.io.PrintWriter o, PreCommit2Output out, double secs, int threads) {
        o.println("d: " + CommCid.unsealed(out.commD()));
        o.println("r: " + CommCid.sealed(out.commR()));
        o.println("PreCommit2: " + SealBench.secs(secs) + " s with " + threads + " thread(s) (tree_d "
                + SealBench.secs(out.treeDSeconds()) + " s, tree_c " + SealBench.secs(out.treeCSeconds())
                + " s, encoding + tree_r_last " + SealBench.secs(out.treeRSeconds()) + " s)");
    }
}
