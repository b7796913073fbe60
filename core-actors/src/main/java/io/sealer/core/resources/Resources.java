package io.sealer.core.resources;

import io.sealer.core.JsonSerializable;

/**
 * What one task of a (type, sector size) needs (docs/scheduling.md). Memory in bytes.
 *
 * @param minMemory RAM that must be resident (checked against physical RAM)
 * @param maxMemory peak RAM + swap
 * @param gpuUtilization GPUs used, fractional allowed; 0 = none
 * @param maxParallelism threads without a GPU; -1 = the parallelism rule, 0 = no CPU slot
 * @param maxParallelismGpu threads when a GPU is used; 0 = same as maxParallelism
 * @param baseMinMemory shared RAM added to each candidate's need, never accumulated
 * @param maxConcurrent at most this many tasks of the type on a worker; 0 = unlimited
 */
public record Resources(
        long minMemory,
        long maxMemory,
        double gpuUtilization,
        int maxParallelism,
        int maxParallelismGpu,
        long baseMinMemory,
        int maxConcurrent) implements JsonSerializable {

    /** The record of task types that need nothing (FIN, FUS, FRU, DL, Noop, unknown proofs). */
    public static final Resources NONE = new Resources(0, 0, 0, 0, 0, 0, 0);

    /**
     * Threads this task takes on a worker with {@code cpus} logical CPUs and {@code gpus} GPUs
     * (docs/scheduling.md): the GPU thread count when the task uses a GPU and the worker has one; -1
     * means the parallelism rule (92% of the CPUs by default, never 0); 0 stays 0.
     */
    public int threads(int cpus, int gpus, Parallelism parallelism) {
        int p = maxParallelism;
        if (gpuUtilization > 0 && gpus > 0 && maxParallelismGpu != 0) {
            p = maxParallelismGpu;
        }
        if (p == -1) {
            return parallelism.threadsFor(cpus);
        }
        return p;
    }

    public Resources withMaxConcurrent(int value) {
        return new Resources(minMemory, maxMemory, gpuUtilization, maxParallelism, maxParallelismGpu,
                baseMinMemory, value);
    }
}
