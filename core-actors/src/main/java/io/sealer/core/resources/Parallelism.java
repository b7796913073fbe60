package io.sealer.core.resources;

import io.sealer.core.JsonSerializable;

/**
 * The multithread rule (docs/scheduling.md): a task with MaxParallelism -1 takes
 * floor(cpus × num / denom) threads, or all CPUs when that is 0. Lotus's default is 92/100;
 * its own tests use 1/1.
 */
public record Parallelism(int num, int denom) implements JsonSerializable {
    public static final Parallelism DEFAULT = new Parallelism(92, 100);
    public static final Parallelism ALL = new Parallelism(1, 1);

    public Parallelism {
        if (num <= 0 || denom <= 0 || num > denom) {
            throw new IllegalArgumentException("parallelism must be num/denom with 0 < num <= denom, got "
                    + num + "/" + denom);
        }
    }

    public int threadsFor(int cpus) {
        int t = (int) ((long) cpus * num / denom);
        return t == 0 ? cpus : t;
    }
}
