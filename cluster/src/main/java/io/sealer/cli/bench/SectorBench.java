package io.sealer.cli.bench;

import io.sealer.proofs.NativeProgress;
import io.sealer.proofs.SealProofs;
import io.sealer.proofs.SealingFfi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every bench command shares: --size, --proof-version, --json and its output, and the
 * checks made before any work: bad flags and what this machine cannot do are usage errors
 * (exit 2, one line naming the flag or the shortfall).
 */
abstract class SectorBench {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SectorOptions sectorOpts;

    @Option(names = "--json", description = "Print a JSON object as the last line.")
    boolean json;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A usage error: exit code 2 and this one line. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The registered seal proof of --size and --proof-version, or a usage error naming the flag. */
    int proof() {
        try {
            return sectorOpts.proof();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Runs an option check whose IllegalArgumentException is a usage error. */
    <T> T option(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** dir, created when missing, if it is a directory this process can write; else a usage error. */
    Path writableDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw usage("not a writable directory: " + dir);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw usage("not a writable directory: " + dir);
        }
        return dir;
    }

    /**
     * Everything before a run that seals a temporary sector: the directories are writable, stale
     * leftovers of killed runs are removed, the disks and RAM can hold the run (workBytes in the
     * work directory, the parent cache when it is missing, memory in RAM), then the parent cache
     * is made ready (not timed) and a new work directory is returned.
     */
    Path prepareWork(WorkOptions work, SealingFfi ffi, int proof, String kind, long workBytes,
            long memory) throws IOException {
        Path parent = writableDir(work.workParent());
        Path parents = writableDir(work.parentCacheDir());
        int stale = WorkDirs.removeStale(parent, parents);
        if (stale > 0) {
            out().println("removed " + stale + " leftover(s) of earlier runs that were killed");
        }
        Path cacheFile = parents.resolve(ffi.parentCacheName(proof));
        long cacheBytes = Files.exists(cacheFile) ? 0 : ResourceCheck.parentCacheBytes(proof);
        Map<Path, Long> disk = new LinkedHashMap<>();
        disk.put(parent, workBytes);
        disk.merge(parents, cacheBytes, Long::sum);
        requireResources(disk, memory);
        long c0 = System.nanoTime();
        showingProgress("parent cache", 0, SealProofs.sectorSize(proof),
                progress -> ffi.ensureParentCache(proof, parents, progress));
        out().println(String.format(Locale.ROOT, "parent cache %s ready in %.3f s (not timed)", cacheFile,
                SealBench.since(c0)));
        return WorkDirs.create(parent, kind);
    }

    /**
     * Runs a long native call with a fresh {@link NativeProgress}, shown on the terminal while
     * it runs (see {@link ProgressPrinter}: only on a terminal, never with --json).
     */
    <T> T showingProgress(String step, int layers, long sectorBytes, java.util.function.Function<NativeProgress, T> call) {
        NativeProgress progress = new NativeProgress();
        ProgressPrinter printer = ProgressPrinter.start(step, progress, layers, sectorBytes, json);
        try {
            return call.apply(progress);
        } finally {
            printer.close();
        }
    }

    /** Refuses to start (usage error with the figures) when the disks or RAM cannot hold the run. */
    void requireResources(Map<Path, Long> disk, long memory) {
        try {
            ResourceCheck.requireDisk(disk);
            ResourceCheck.requireMemory(memory);
        } catch (IllegalStateException e) {
            throw usage(e.getMessage());
        }
    }
}
