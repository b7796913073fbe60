package io.sealer.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the machine: /proc/meminfo, cgroup limits, nvidia-smi and the visible-device variables. */
class NodeProbeTest {
    private static final String SMI = """
            GPU 0: NVIDIA GeForce RTX 3090 (UUID: GPU-aaaa1111-0000-0000-0000-000000000000)
            GPU 1: NVIDIA GeForce RTX 2080 (UUID: GPU-bbbb2222-0000-0000-0000-000000000000)
            GPU 2: NVIDIA H200 (UUID: GPU-cccc3333-0000-0000-0000-000000000000)
            """;

    @TempDir
    Path root;

    private void meminfo(long totalKb, long availKb, long swapKb, long swapFreeKb) throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       " + totalKb + " kB\nMemFree:  1 kB\nMemAvailable:   "
                + availKb + " kB\nSwapTotal:      " + swapKb + " kB\nSwapFree:       " + swapFreeKb + " kB\n");
    }

    @Test
    void readsMeminfoWithoutGpus() throws IOException {
        meminfo(16 * 1024 * 1024, 12 * 1024 * 1024, 4 * 1024 * 1024, 3 * 1024 * 1024);
        WorkerResources r = new NodeProbe(root, Map.of(), cmd -> null, 8).probe(false);
        long gib = 1L << 30;
        assertEquals(new WorkerResources(16 * gib, 4 * gib, 4 * gib, gib, 8, List.of()), r);
        assertEquals(0, new NodeProbe(root, Map.of(), cmd -> null, 8).probe(true).memSwap(), "--no-swap");
    }

    @Test
    void cgroupV2LimitWinsWhenLower() throws IOException {
        meminfo(64 * 1024 * 1024, 60 * 1024 * 1024, 0, 0);
        Files.createDirectories(root.resolve("sys/fs/cgroup"));
        Files.writeString(root.resolve("sys/fs/cgroup/memory.max"), "8589934592\n");
        Files.writeString(root.resolve("sys/fs/cgroup/memory.current"), "1073741824\n");
        WorkerResources r = new NodeProbe(root, Map.of(), cmd -> null, 4).probe(false);
        assertEquals(8L << 30, r.memPhysical());
        assertEquals(1L << 30, r.memUsed());
        Files.writeString(root.resolve("sys/fs/cgroup/memory.max"), "max\n");
        assertEquals(64L << 30, new NodeProbe(root, Map.of(), cmd -> null, 4).probe(false).memPhysical());
    }

    @Test
    void cgroupV1Limit() throws IOException {
        meminfo(64 * 1024 * 1024, 60 * 1024 * 1024, 0, 0);
        Files.createDirectories(root.resolve("sys/fs/cgroup/memory"));
        Files.writeString(root.resolve("sys/fs/cgroup/memory/memory.limit_in_bytes"), "4294967296\n");
        Files.writeString(root.resolve("sys/fs/cgroup/memory/memory.usage_in_bytes"), "2147483648\n");
        WorkerResources r = new NodeProbe(root, Map.of(), cmd -> null, 4).probe(false);
        assertEquals(4L << 30, r.memPhysical());
        assertEquals(2L << 30, r.memUsed());
    }

    @ParameterizedTest(name = "NVIDIA={0} CUDA={1}")
    @CsvSource(delimiter = ';', nullValues = "unset", value = {
        "unset; unset; NVIDIA GeForce RTX 3090,NVIDIA GeForce RTX 2080,NVIDIA H200",
        "all; unset; NVIDIA GeForce RTX 3090,NVIDIA GeForce RTX 2080,NVIDIA H200",
        "1; unset; NVIDIA GeForce RTX 2080",
        "2,0; unset; NVIDIA H200,NVIDIA GeForce RTX 3090",
        "GPU-cccc3333; unset; NVIDIA H200",
        "none; unset; ''",
        "void; unset; ''",
        "unset; 1; NVIDIA GeForce RTX 2080",
        "1,2; 1; NVIDIA H200",
        "unset; -1; ''",
        "unset; 0,7,2; NVIDIA GeForce RTX 3090",
    })
    void visibleDevices(String nvidia, String cuda, String expected) throws IOException {
        meminfo(1024 * 1024, 1024 * 1024, 0, 0);
        Map<String, String> env = new java.util.HashMap<>();
        if (nvidia != null) {
            env.put("NVIDIA_VISIBLE_DEVICES", nvidia);
        }
        if (cuda != null) {
            env.put("CUDA_VISIBLE_DEVICES", cuda);
        }
        List<String> gpus = new NodeProbe(root, env, cmd -> cmd.equals(List.of("nvidia-smi", "-L")) ? SMI : null, 4).gpus();
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(",")), gpus);
    }

    @Test
    void theRealMachineProbes() {
        WorkerResources r = NodeProbe.system().probe(false);
        assertEquals(Runtime.getRuntime().availableProcessors(), r.cpus());
        assertEquals(true, r.memPhysical() > 0 && r.memUsed() <= r.memPhysical());
    }
}
