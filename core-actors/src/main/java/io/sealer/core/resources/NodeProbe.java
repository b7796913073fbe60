package io.sealer.core.resources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads this machine's resources the way a worker reports them (docs/scheduling.md): logical CPUs,
 * physical memory and memory in use from /proc/meminfo (MemTotal − MemAvailable), swap,
 * cgroup v1/v2 limits when lower than the host, and GPUs from {@code nvidia-smi -L} filtered by
 * NVIDIA_VISIBLE_DEVICES and CUDA_VISIBLE_DEVICES. No nvidia-smi means no GPUs. Blocking: call
 * it off actor threads.
 */
public final class NodeProbe {
    private final Path root;
    private final Map<String, String> env;
    private final Function<List<String>, String> command;
    private final int cpus;

    public NodeProbe(Path root, Map<String, String> env, Function<List<String>, String> command, int cpus) {
        this.root = root;
        this.env = env;
        this.command = command;
        this.cpus = cpus;
    }

    /** The probe of the real machine. */
    public static NodeProbe system() {
        return new NodeProbe(Path.of("/"), System.getenv(), NodeProbe::runCommand,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param noSwap report no swap at all (the worker's --no-swap)
     */
    public WorkerResources probe(boolean noSwap) {
        Map<String, Long> mem = meminfo();
        long total = mem.getOrDefault("MemTotal", 0L);
        long available = mem.getOrDefault("MemAvailable", mem.getOrDefault("MemFree", 0L));
        long used = Math.max(0, total - available);
        long swapTotal = mem.getOrDefault("SwapTotal", 0L);
        long swapUsed = Math.max(0, swapTotal - mem.getOrDefault("SwapFree", 0L));

        long cgLimit = cgroupValue("sys/fs/cgroup/memory.max", "sys/fs/cgroup/memory/memory.limit_in_bytes");
        if (cgLimit > 0 && cgLimit < total) {
            long cgUsed = cgroupValue("sys/fs/cgroup/memory.current", "sys/fs/cgroup/memory/memory.usage_in_bytes");
            total = cgLimit;
            used = cgUsed > 0 ? Math.min(cgUsed, total) : Math.min(used, total);
        }
        long cgSwap = cgroupValue("sys/fs/cgroup/memory.swap.max", null);
        if (cgSwap >= 0 && cgSwap != Long.MAX_VALUE && cgSwap < swapTotal) {
            swapTotal = cgSwap;
            long cgSwapUsed = cgroupValue("sys/fs/cgroup/memory.swap.current", null);
            swapUsed = Math.min(cgSwapUsed > 0 ? cgSwapUsed : swapUsed, swapTotal);
        } else {
            long v1Both = cgroupValue("sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", null);
            if (v1Both > 0 && cgLimit > 0 && v1Both - cgLimit < swapTotal) {
                swapTotal = Math.max(0, v1Both - cgLimit);
                swapUsed = Math.min(swapUsed, swapTotal);
            }
        }
        if (noSwap) {
            swapTotal = 0;
            swapUsed = 0;
        }
        return new WorkerResources(total, used, swapTotal, swapUsed, cpus, gpus());
    }

    /** GPU names as {@code nvidia-smi -L} lists them, only those visible to this process. */
    public List<String> gpus() {
        String out = command.apply(List.of("nvidia-smi", "-L"));
        if (out == null || out.isBlank()) {
            return List.of();
        }
        List<GpuFilter.Gpu> all = new ArrayList<>();
        for (String line : out.split("\n")) {
            GpuFilter.Gpu gpu = GpuFilter.parseLine(line);
            if (gpu != null) {
                all.add(gpu);
            }
        }
        List<String> names = new ArrayList<>();
        for (GpuFilter.Gpu g : GpuFilter.visible(all, env.get("NVIDIA_VISIBLE_DEVICES"), env.get("CUDA_VISIBLE_DEVICES"))) {
            names.add(g.name());
        }
        return names;
    }

    private Map<String, Long> meminfo() {
        Map<String, Long> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(root.resolve("proc/meminfo"), StandardCharsets.US_ASCII)) {
                String[] parts = line.split("[:\\s]+");
                if (parts.length >= 2) {
                    long v = Long.parseLong(parts[1]);
                    m.put(parts[0], parts.length >= 3 && parts[2].equalsIgnoreCase("kB") ? v * 1024 : v);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read " + root.resolve("proc/meminfo") + ": " + e.getMessage(), e);
        }
        return m;
    }

    /** The first readable of the two files as a number; "max" is Long.MAX_VALUE; -1 if neither. */
    private long cgroupValue(String v2, String v1) {
        for (String p : new String[] {v2, v1}) {
            if (p == null) {
                continue;
            }
            Path file = root.resolve(p);
            if (Files.isReadable(file)) {
                try {
                    String s = Files.readString(file).trim();
                    return s.equals("max") ? Long.MAX_VALUE : Long.parseLong(s);
                } catch (IOException | NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Runs a command and returns its stdout, or null when it is missing, fails or hangs. */
    static String runCommand(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
