package io.sealer.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sealer.core.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobsViewTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final UUID PC1_BOX = UUID.fromString("22222222-0000-0000-0000-000000000000");
    private static final UUID GPU_BOX = UUID.fromString("33333333-0000-0000-0000-000000000000");
    private static final UUID GONE = UUID.fromString("44444444-0000-0000-0000-000000000000");

    private static UUID call(String hex8) {
        return UUID.fromString(hex8 + "-0000-0000-0000-000000000000");
    }

    private static Instant ago(Duration d) {
        return NOW.minus(d);
    }

    private static final List<JobSnapshot> JOBS = List.of(
            new JobSnapshot(call("bbbb2222"), 6, GPU_BOX, "gpu-box", TaskType.C2, 3, ago(Duration.ofMillis(350))),
            new JobSnapshot(call("dddd4444"), 9, null, "", TaskType.GET, -3, ago(Duration.ofSeconds(61))),
            new JobSnapshot(call("01234567"), 11, PC1_BOX, "pc1-box", TaskType.PC1, 0, ago(Duration.ofMinutes(10))),
            new JobSnapshot(null, 7, PC1_BOX, "pc1-box", TaskType.PC2, 2, null),
            new JobSnapshot(call("aaaa1111"), 5, PC1_BOX, "old-name", TaskType.PC1, 0,
                    ago(Duration.ofMillis(3_723_456))),
            new JobSnapshot(call("cccc3333"), 8, null, null, TaskType.FIN, -1, ago(Duration.ofSeconds(5))),
            new JobSnapshot(call("0ddd0000"), 10, GONE, "gone-box", TaskType.AP, 1, ago(Duration.ofSeconds(2))),
            new JobSnapshot(call("00000001"), 12, PC1_BOX, "pc1-box", TaskType.PC1, 0, ago(Duration.ofMinutes(10))));

    private static final Map<UUID, String> CONNECTED = Map.of(PC1_BOX, "pc1-box", GPU_BOX, "gpu-box");

    @Test
    void columnsStatesAndSortOfTheSeed() {
        assertEquals("""
                ID        Sector  Worker    Hostname  Task  State        Time
                cccc3333  8       00000000            FIN   ret-wait     5s
                aaaa1111  5       22222222  pc1-box   PC1   running      1h2m3.4s
                00000001  12      22222222  pc1-box   PC1   running      10m0s
                01234567  11      22222222  pc1-box   PC1   running      10m0s
                0ddd0000  10      44444444  gone-box  AP    prepared     2s
                00000000  7       22222222  pc1-box   PC2   assigned(1)  n/a
                bbbb2222  6       33333333  gpu-box   C2    assigned(2)  300ms
                """, JobsView.render(JOBS, CONNECTED, NOW, false));
    }

    @Test
    void retDoneOnlyWhenAsked() {
        String all = JobsView.render(JOBS, CONNECTED, NOW, true);
        assertEquals("dddd4444  9       00000000            GET   ret-done     1m1s", all.lines().toList().get(1));
        assertEquals(9, all.lines().count());
    }

    @Test
    void theAbortLineNamesJobTaskSectorAndHost() {
        assertEquals("aborting job aaaa1111-0000-0000-0000-000000000000, task PC1, sector 5, running on host pc1-box",
                JobsView.aborting(JOBS.get(4), CONNECTED));
        assertEquals("aborting job 0ddd0000-0000-0000-0000-000000000000, task AP, sector 10, running on host gone-box",
                JobsView.aborting(JOBS.get(6), CONNECTED));
    }

    @Test
    void noJobsIsTheHeaderAlone() {
        assertEquals("ID  Sector  Worker  Hostname  Task  State  Time\n", JobsView.render(List.of(), Map.of(), NOW, false));
    }

    @ParameterizedTest(name = "run-wait {0} -> {1}")
    @CsvSource({"5, assigned(4)", "2, assigned(1)", "1, prepared", "0, running", "-1, ret-wait", "-2, returned",
            "-3, ret-done"})
    void stateLabels(int runWait, String label) {
        assertEquals(label, JobState.label(runWait));
    }

    @Test
    void anImpossibleRunWaitIsRefused() {
        assertEquals("run-wait -4 is not a job state (expected -3 or more)",
                assertThrows(IllegalArgumentException.class, () -> JobState.of(-4)).getMessage());
        assertEquals(2, JobState.assignedRunWait(0));
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({"0, 0s", "1, 1ns", "1500, 1.5µs", "350000000, 350ms", "1000000000, 1s", "1500000000, 1.5s",
            "61000000000, 1m1s", "3600000000000, 1h0m0s", "3723400000000, 1h2m3.4s", "-2000000000, -2s",
            "90061001000000, 25h1m1.001s"})
    void goDurations(long nanos, String text) {
        assertEquals(text, GoDuration.format(nanos));
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"99, 0s", "1260, 1.2s", "60050, 1m0s", "350, 300ms"})
    void tenthsTruncate(long millis, String text) {
        assertEquals(text, GoDuration.tenths(Duration.ofMillis(millis)));
    }
}
