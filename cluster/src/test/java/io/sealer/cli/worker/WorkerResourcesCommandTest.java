package io.sealer.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.SealerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `sealer worker resources` output and errors (spec/scheduler.md §2.5). */
class WorkerResourcesCommandTest {

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SealerCli.configure(new CommandLine(new WorkerResourcesCommand(env)));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void defaultPrintsTheWholeSortedTableIgnoringTheEnvironment() {
        Run r = run(Map.of("PC1_32G_MIN_MEMORY", "1"), "--default");
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
        Run r = run(Map.of("PC1_32G_MAX_CONCURRENT", "3", "AP_2K_MAX_MEMORY", "99999", "HOME", "/root"));
        assertEquals(List.of("AP_2K_MAX_MEMORY=99999", "PC1_32G_MAX_CONCURRENT=3"), r.lines());
    }

    @Test
    void allOverlaysTheEnvironment() {
        Run r = run(Map.of("PC2_32G_GPU_UTILIZATION", "0.5", "UNS_MAX_PARALLELISM", "2", "FIL_PROOFS_USE_MULTICORE_SDR", "1"),
                "--all");
        assertEquals(0, r.code());
        assertTrue(r.lines().contains("PC2_32G_GPU_UTILIZATION=0.5"));
        assertTrue(r.lines().contains("PC2_64G_GPU_UTILIZATION=1.0"));
        assertTrue(r.lines().contains("UNS_2K_MAX_PARALLELISM=2"));
        assertTrue(r.lines().contains("UNS_MAX_PARALLELISM=2"));
        assertTrue(r.lines().contains("PC1_32G_MAX_PARALLELISM=4"), "multicore SDR: 1 + 3 producers");
    }

    @Test
    void badValueIsAClearErrorNamingTheVariable() {
        Run r = run(Map.of("PC1_32G_MAX_MEMORY", "lots"), "--all");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals("sealer: invalid value for PC1_32G_MAX_MEMORY: 'lots' (expected a byte count (unsigned integer))",
                r.err().trim());
        assertFalse(r.err().contains("Exception"), "no stack trace");
        assertEquals(1, run(Map.of("PC1_32G_MAX_MEMORY", "lots")).code(), "validated without flags too");
    }

    @Test
    void allAndDefaultAreExclusive() {
        Run r = run(Map.of(), "--all", "--default");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }
}
