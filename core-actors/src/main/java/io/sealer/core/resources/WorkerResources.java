package io.sealer.core.resources;

import io.sealer.core.JsonSerializable;
import java.util.List;

/**
 * A worker's hardware as it reports it (docs/scheduling.md): memory in bytes, logical CPUs, GPU names.
 * {@code memUsed} is what the OS and other processes use (total − available).
 */
public record WorkerResources(
        long memPhysical, long memUsed, long memSwap, long memSwapUsed, int cpus, List<String> gpus)
        implements JsonSerializable {

    public WorkerResources {
        if (memPhysical < 0 || memUsed < 0 || memSwap < 0 || memSwapUsed < 0) {
            throw new IllegalArgumentException("memory figures must be non-negative");
        }
        if (cpus <= 0) {
            throw new IllegalArgumentException("a worker needs at least one CPU, got " + cpus);
        }
        gpus = List.copyOf(gpus);
    }

    public int gpuCount() {
        return gpus.size();
    }
}
