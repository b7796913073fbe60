package io.sealer.cli.bench;

import io.sealer.cluster.sealing.ParentCacheDir;
import io.sealer.proofs.JnaSealingFfi;
import io.sealer.proofs.SealProofs;
import io.sealer.proofs.SealingFfi;
import io.sealer.proofs.TemporaryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `sealer bench parents`: generates an SDR parent cache file and prints its SHA-256 and the time
 * taken; refuses to start without the disk space for it; shows progress on a terminal.
 */
@Command(name = "parents", mixinStandardHelpOptions = true,
        description = "Generate the SDR parent cache file (14 x u32 per node) and print its SHA-256 and time.")
public final class BenchParentsCommand extends SectorBench implements Callable<Integer> {
    @Option(names = "--out", description = "Output file (default: <$FIL_PROOFS_PARENT_CACHE or "
            + ParentCacheDir.DEFAULT + ">/<v28 cache name>).")
    Path out;

    @Option(names = "--threads", defaultValue = "0", description = "Generator threads (0 = all cores; default).")
    int threads;

    @Override
    public Integer call() throws Exception {
        int proof = proof();
        if (threads < 0 || threads > 256) {
            throw usage("--threads must be 0 (all cores) .. 256, got " + threads);
        }
        java.io.PrintWriter w = out();
        SealingFfi ffi = JnaSealingFfi.get();
        String name = ffi.parentCacheName(proof);
        Path file = out != null ? out : ParentCacheDir.resolve().resolve(name);
        Path parent = writableDir(file.toAbsolutePath().getParent());
        TemporaryFiles.removeStaleTemporaries(parent);
        requireResources(Map.of(parent, ResourceCheck.parentCacheBytes(proof)), 0);
        w.println("proof " + SealProofs.name(proof) + " (id " + proof + "), cache name " + name);
        long t0 = System.nanoTime();
        byte[] digest = showingProgress("parent cache", 0, SealProofs.sectorSize(proof),
                progress -> ffi.generateParentCache(proof, file, threads, progress));
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean published = ffi.verifyParentCache(proof, file).matchedPublished();
        String hex = HexFormat.of().formatHex(digest);
        w.println("wrote " + file + " (" + Files.size(file) + " bytes)");
        w.println("sha256 " + hex + (published ? " (matches the published digest)" : " (no published digest known)"));
        w.println(String.format(Locale.ROOT, "generation took %.3f s", seconds));
        if (json) {
            w.println(String.format(Locale.ROOT,
                    "{\"size\": %d, \"proof\": %d, \"file\": \"%s\", \"sha256\": \"%s\", \"seconds\": %.3f, \"published\": %b}",
                    SealProofs.sectorSize(proof), proof, file.toString().replace("\\", "\\\\").replace("\"", "\\\""),
                    hex, seconds, published));
        }
        w.flush();
        return 0;
    }
}
