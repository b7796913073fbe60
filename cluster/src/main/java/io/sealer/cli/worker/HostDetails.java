package io.sealer.cli.worker;

import io.sealer.core.resources.Bytes;
import io.sealer.core.resources.GpuFilter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What `sealer worker info` shows beyond the worker's resources: the host name, the CPU
 * model, and each GPU this process may use with its memory (nvidia-smi --query-gpu, filtered
 * by NVIDIA_VISIBLE_DEVICES and CUDA_VISIBLE_DEVICES like the worker's own probe).
 *
 * @param gpus "NVIDIA H200 (140.4 GiB)" per visible GPU
 */
record HostDetails(String hostname, String cpuModel, List<String> gpus) {
    static final List<String> GPU_QUERY = List.of("nvidia-smi", "--query-gpu=index,uuid,name,memory.total",
            "--format=csv,noheader,nounits");

    /** The real machine. */
    static HostDetails probe(Map<String, String> env) {
        return probe(env, Path.of("/proc/cpuinfo"), HostDetails::output);
    }

    /**
     * @param command runs a command and returns its standard output, or null when it cannot run
     */
    static HostDetails probe(Map<String, String> env, Path cpuinfo, Function<List<String>, String> command) {
        return new HostDetails(localHostName(), cpuModel(cpuinfo), gpus(env, command.apply(GPU_QUERY)));
    }

    /** One line per GPU "index, uuid, name, memory MiB"; lines that do not parse are left out. */
    static List<String> gpus(Map<String, String> env, String query) {
        List<GpuFilter.Gpu> all = new ArrayList<>();
        List<Long> memory = new ArrayList<>();
        for (String line : query == null ? new String[0] : query.split("\n")) {
            String[] f = line.split(",");
            if (f.length == 4 && f[0].trim().matches("\\d+") && f[3].trim().matches("\\d+")) {
                all.add(new GpuFilter.Gpu(Integer.parseInt(f[0].trim()), f[2].trim(), f[1].trim()));
                memory.add(Long.parseLong(f[3].trim()) << 20);
            }
        }
        List<String> out = new ArrayList<>();
        for (GpuFilter.Gpu g : GpuFilter.visible(all, env.get("NVIDIA_VISIBLE_DEVICES"), env.get("CUDA_VISIBLE_DEVICES"))) {
            out.add(g.name() + " (" + Bytes.format(memory.get(all.indexOf(g))) + ")");
        }
        return out;
    }

    private static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // no /proc/cpuinfo (not Linux): the model is unknown
        }
        return "unknown model";
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** The command's standard output, or null when it is missing, fails or takes over 10 s. */
    private static String output(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream in = p.getInputStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? text : null;
            } finally {
                p.destroy();
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
