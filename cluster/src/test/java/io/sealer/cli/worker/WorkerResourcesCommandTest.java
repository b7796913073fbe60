package io.sealer.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.CliRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `sealer worker resources` output and errors (docs/scheduling.md, "Overriding resources per worker"). */
class WorkerResourcesCommandTest {

    /** The real command line with {@code env} as the environment and a machine with {@code gpus} GPUs. */
    static CommandLine.IFactory factory(Map<String, String> env, int gpus) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == WorkerResourcesCommand.class) {
                    return cls.cast(new WorkerResourcesCommand(env, () -> gpus));
                }
                if (cls == WorkerInfoCommand.class) {
                    return cls.cast(new WorkerInfoCommand(env));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
    }

    static CliRun run(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "worker";
        all[1] = "resources";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(env, factory(env, 0), all);
    }

    @Test
    void defaultPrintsTheWholeSortedTableIgnoringTheEnvironment() {
        CliRun r = run(Map.of("PC1_32G_MIN_MEMORY", "1"), "--default");
        assertEquals(0, r.code());
        List<String> lines = r.lines();
        assertEquals(14 * 7 * 6, lines.size());
        assertEquals(lines.stream().sorted().toList(), lines, "sorted");
        assertTrue(lines.contains("PC1_32G_MIN_MEMORY=60129542144"));
        assertTrue(lines.contains("PC2_32G_GPU_UTILIZATION=1.0"));
        assertTrue(lines.contains("C1_32G_MAX_PARALLELISM=0"));
        assertTrue(lines.contains("UNS_MAX_PARALLELISM=1"));
    }

    @Test
    void noFlagPrintsOnlyWhatIsSet() {
        CliRun r = run(Map.of("PC1_32G_MAX_CONCURRENT", "3", "AP_2K_MAX_MEMORY", "99999", "HOME", "/root"));
        assertEquals(List.of("AP_2K_MAX_MEMORY=99999", "PC1_32G_MAX_CONCURRENT=3"), r.lines());
    }

    @Test
    void allOverlaysTheEnvironment() {
        CliRun r = run(Map.of("PC2_32G_GPU_UTILIZATION", "0.5", "UNS_MAX_PARALLELISM", "2", "FIL_PROOFS_USE_MULTICORE_SDR", "1"),
                "--all");
        assertEquals(0, r.code());
        assertTrue(r.lines().contains("PC2_32G_GPU_UTILIZATION=0.5"));
        assertTrue(r.lines().contains("PC2_64G_GPU_UTILIZATION=1.0"));
        assertTrue(r.lines().contains("UNS_2K_MAX_PARALLELISM=2"));
        assertTrue(r.lines().contains("UNS_MAX_PARALLELISM=2"));
        assertTrue(r.lines().contains("PC1_32G_MAX_PARALLELISM=4"), "multicore SDR: 1 + 3 producers");
    }

    @Test
    void withoutOverridesItSaysSoInOneLine() {
        CliRun r = run(Map.of("HOME", "/root"));
        assertEquals(0, r.code());
        assertEquals("", r.out());
        assertEquals("no resource overrides in effect; --all shows the whole table", r.err().strip());
    }

    @Test
    void badValueIsAClearErrorNamingTheVariable() {
        CliRun r = run(Map.of("PC1_32G_MAX_MEMORY", "lots"), "--all").assertOneLineError(1,
                "sealer: invalid value for PC1_32G_MAX_MEMORY: 'lots' (expected a byte count (unsigned integer))");
        assertEquals("", r.out());
        assertEquals(1, run(Map.of("PC1_32G_MAX_MEMORY", "lots")).code(), "validated without flags too");
    }

    @Test
    void valuesNoWorkerCanHonourAreRefused() {
        run(Map.of("PC1_MAX_CONCURRENT", "-1")).assertOneLineError(1,
                "sealer: invalid value for PC1_MAX_CONCURRENT: '-1' (expected a non-negative integer; 0 means no limit)");
        CliRun.of(Map.of("PC2_GPU_UTILIZATION", "2"), factory(Map.of("PC2_GPU_UTILIZATION", "2"), 1), "worker", "resources")
                .assertOneLineError(1, "sealer: invalid value for PC2_GPU_UTILIZATION: '2' (expected at most 1, the number"
                        + " of GPUs this worker has)");
        assertEquals(0, CliRun.of(Map.of("PC2_GPU_UTILIZATION", "2"), factory(Map.of("PC2_GPU_UTILIZATION", "2"), 2),
                "worker", "resources").code());
        run(Map.of("NVIDIA_VISIBLE_DEVICES", "first")).assertOneLineError(1, "sealer: invalid value for"
                + " NVIDIA_VISIBLE_DEVICES: 'first' (expected all, none, or a comma-separated list of GPU indexes or UUIDs"
                + " such as 0,1 or GPU-3b2c...)");
    }

    @Test
    void allAndDefaultAreExclusive() {
        run(Map.of(), "--all", "--default").assertOneLineError(2,
                "sealer: --all, --default are mutually exclusive (specify only one)");
    }
}
