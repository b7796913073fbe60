package io.sealer.core.resources;

/** The fields of {@link Resources} with the env-var suffix that overrides each (docs/scheduling.md). */
public enum ResourceField {
    MIN_MEMORY,
    MAX_MEMORY,
    GPU_UTILIZATION,
    MAX_PARALLELISM,
    MAX_PARALLELISM_GPU,
    BASE_MIN_MEMORY,
    MAX_CONCURRENT;

    /** The value of this field in {@code r}, formatted as `sealer worker resources` prints it. */
    public String format(Resources r) {
        return switch (this) {
            case MIN_MEMORY -> Long.toUnsignedString(r.minMemory());
            case MAX_MEMORY -> Long.toUnsignedString(r.maxMemory());
            case GPU_UTILIZATION -> Double.toString(r.gpuUtilization());
            case MAX_PARALLELISM -> Integer.toString(r.maxParallelism());
            case MAX_PARALLELISM_GPU -> Integer.toString(r.maxParallelismGpu());
            case BASE_MIN_MEMORY -> Long.toUnsignedString(r.baseMinMemory());
            case MAX_CONCURRENT -> Integer.toString(r.maxConcurrent());
        };
    }

    /**
     * {@code r} with this field set from {@code text}; u64 fields parse as unsigned integers,
     * int fields as int, GPU_UTILIZATION as a non-negative decimal.
     *
     * @throws IllegalArgumentException naming nothing but the value; the caller adds the variable
     */
    public Resources apply(Resources r, String text) {
        String v = text.trim();
        return switch (this) {
            case MIN_MEMORY -> new Resources(Long.parseUnsignedLong(v), r.maxMemory(), r.gpuUtilization(),
                    r.maxParallelism(), r.maxParallelismGpu(), r.baseMinMemory(), r.maxConcurrent());
            case MAX_MEMORY -> new Resources(r.minMemory(), Long.parseUnsignedLong(v), r.gpuUtilization(),
                    r.maxParallelism(), r.maxParallelismGpu(), r.baseMinMemory(), r.maxConcurrent());
            case GPU_UTILIZATION -> new Resources(r.minMemory(), r.maxMemory(), parseGpu(v),
                    r.maxParallelism(), r.maxParallelismGpu(), r.baseMinMemory(), r.maxConcurrent());
            case MAX_PARALLELISM -> new Resources(r.minMemory(), r.maxMemory(), r.gpuUtilization(),
                    Integer.parseInt(v), r.maxParallelismGpu(), r.baseMinMemory(), r.maxConcurrent());
            case MAX_PARALLELISM_GPU -> new Resources(r.minMemory(), r.maxMemory(), r.gpuUtilization(),
                    r.maxParallelism(), Integer.parseInt(v), r.baseMinMemory(), r.maxConcurrent());
            case BASE_MIN_MEMORY -> new Resources(r.minMemory(), r.maxMemory(), r.gpuUtilization(),
                    r.maxParallelism(), r.maxParallelismGpu(), Long.parseUnsignedLong(v), r.maxConcurrent());
            case MAX_CONCURRENT -> r.withMaxConcurrent(Integer.parseInt(v));
        };
    }

    private static double parseGpu(String v) {
        double d = Double.parseDouble(v);
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new NumberFormatException("must be a non-negative decimal");
        }
        return d;
    }
}
