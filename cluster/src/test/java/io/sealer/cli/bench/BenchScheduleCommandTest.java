package io.sealer.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cli.CliRun;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `sealer bench schedule` on a few tasks: two members really form a cluster, every task runs
 * on the other member and the percentiles come out ordered; bad counts are usage errors.
 * (Speed itself is measured by running the command, never asserted here.)
 */
class BenchScheduleCommandTest {
    private static final Pattern JSON = Pattern.compile(
            "\\{\"tasks\": 20, \"p50Ms\": ([\\d.]+), \"p95Ms\": ([\\d.]+), \"p99Ms\": ([\\d.]+), \"maxMs\": ([\\d.]+), "
                    + "\"meanMs\": ([\\d.]+)}");

    @Test
    void measuresEveryTaskOnTheOtherMember() {
        CliRun r = CliRun.of("bench", "schedule", "--tasks", "20", "--warmup", "5", "--gap", "0s", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().get(0).startsWith("schedulable -> started on another node, 20 tasks: p50 "), r.out());
        Matcher m = JSON.matcher(r.lines().get(r.lines().size() - 1));
        assertTrue(m.matches(), r.out());
        double p50 = Double.parseDouble(m.group(1));
        double p95 = Double.parseDouble(m.group(2));
        double p99 = Double.parseDouble(m.group(3));
        double max = Double.parseDouble(m.group(4));
        assertTrue(p50 > 0 && p50 <= p95 && p95 <= p99 && p99 <= max, r.out());
    }

    @Test
    void badCountsAreUsageErrors() {
        CliRun.of("bench", "schedule", "--tasks", "0").assertOneLineError(2, "sealer: --tasks: must be between 1 and 1000000, got 0");
        CliRun.of("bench", "schedule", "--warmup", "-1").assertOneLineError(2, "sealer: --warmup: must be between 0 and 1000000, got -1");
    }
}
