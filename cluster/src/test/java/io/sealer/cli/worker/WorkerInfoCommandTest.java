package io.sealer.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sealer worker info` shows what `lotus-worker info` shows, and refuses an environment a worker would refuse. */
class WorkerInfoCommandTest {
    private static final String QUERY = "0, GPU-aaaa-1111, NVIDIA H200, 143771\n"
            + "1, GPU-bbbb-2222, NVIDIA GeForce RTX 3090, 24576\n"
            + "not a gpu line\n";

    @TempDir
    Path dir;

    private static CliRun info(Map<String, String> env) {
        return CliRun.of(env, WorkerResourcesCommandTest.factory(env, 0), "worker", "info");
    }

    @Test
    void showsTheLotusWorkerInfoFields() {
        CliRun r = info(Map.of("PC1_32G_MAX_CONCURRENT", "2", "AP_MAX_MEMORY", "1024"));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertEquals(6, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("Version: sealer "), lines.get(0));
        assertTrue(lines.get(1).matches("Hostname: \\S+"), lines.get(1));
        assertTrue(lines.get(2).matches("CPUs: \\d+ \\(.+\\); GPUs: .+"), lines.get(2));
        assertTrue(lines.get(3).matches("RAM: .+ ?[KMGT]?i?B/.+; Swap: .+/.+"), lines.get(3));
        assertEquals("Task types: FIN GET UNS C1 C2 PC2 PC1 AP", lines.get(4));
        assertEquals("Resource overrides: AP_MAX_MEMORY=1024 PC1_32G_MAX_CONCURRENT=2", lines.get(5));
    }

    @Test
    void noOverridesSaysNone() {
        assertTrue(info(Map.of()).lines().contains("Resource overrides: none"));
    }

    @Test
    void aMalformedVisibleDevicesListIsRefused() {
        info(Map.of("NVIDIA_VISIBLE_DEVICES", "0,,1")).assertOneLineError(1, "sealer: invalid value for"
                + " NVIDIA_VISIBLE_DEVICES: '0,,1' (expected all, none, or a comma-separated list of GPU indexes or UUIDs"
                + " such as 0,1 or GPU-3b2c...)");
    }

    @Test
    void gpusCarryTheirMemoryAndFollowTheVisibleDevices() {
        assertEquals(List.of("NVIDIA H200 (140.4 GiB)", "NVIDIA GeForce RTX 3090 (24 GiB)"), HostDetails.gpus(Map.of(), QUERY));
        assertEquals(List.of("NVIDIA GeForce RTX 3090 (24 GiB)"),
                HostDetails.gpus(Map.of("NVIDIA_VISIBLE_DEVICES", "GPU-bbbb"), QUERY));
        assertEquals(List.of("NVIDIA H200 (140.4 GiB)"),
                HostDetails.gpus(Map.of("NVIDIA_VISIBLE_DEVICES", "0,1", "CUDA_VISIBLE_DEVICES", "0"), QUERY));
        assertEquals(List.of(), HostDetails.gpus(Map.of("NVIDIA_VISIBLE_DEVICES", "none"), QUERY));
        assertEquals(List.of(), HostDetails.gpus(Map.of(), null), "no nvidia-smi");
    }

    @Test
    void theCpuModelComesFromCpuinfo() throws IOException {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: AMD EPYC 7543 32-Core\n");
        HostDetails host = HostDetails.probe(Map.of(), cpuinfo, cmd -> QUERY);
        assertEquals("AMD EPYC 7543 32-Core", host.cpuModel());
        assertEquals(2, host.gpus().size());
        assertEquals("unknown model", HostDetails.probe(Map.of(), dir.resolve("none"), cmd -> null).cpuModel());
    }
}
