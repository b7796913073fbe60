package io.sealer.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.task.TaskType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WorkersViewTest {
    private static final long GIB = 1L << 30;
    private static final Pattern BAR = Pattern.compile("\\[([| ]*)\\]");

    static final WorkerSnapshot PC1_BOX = new WorkerSnapshot(UUID.fromString("22222222-0000-0000-0000-000000000000"),
            "pc1-box", true, Set.of(TaskType.AP, TaskType.PC1, TaskType.GET), 64, 256 * GIB, 100 * GIB, 64 * GIB, 0,
            List.of(), 16, 64 * GIB, 80 * GIB, 0,
            Map.of(TaskType.PC1, 2, TaskType.GET, 1, TaskType.AP, 1, TaskType.PC2, 0), Map.of(TaskType.PC1, 4));
    static final WorkerSnapshot GPU_BOX = new WorkerSnapshot(UUID.fromString("33333333-0000-0000-0000-000000000000"),
            "gpu-box", true, Set.of(TaskType.PC2, TaskType.C2), 32, 128 * GIB, 40 * GIB, 0, 0,
            List.of("NVIDIA A100", "NVIDIA A100"), 4, 0, 0, 1.0, Map.of(TaskType.C2, 1), Map.of(TaskType.C2, 1));
    static final WorkerSnapshot DISABLED = new WorkerSnapshot(UUID.fromString("44444444-0000-0000-0000-000000000000"),
            "spare", false, Set.of(TaskType.PC1), 8, 1536L << 20, 1000L << 20, 1L << 30, 512L << 20,
            List.of("RTX 3090"), 0, 0, 0, 0, Map.of(), Map.of());
    static final WorkerSnapshot MINER_LOCAL = new WorkerSnapshot(UUID.fromString("11111111-0000-0000-0000-000000000000"),
            "miner-local", true, Set.of(), 4, 16 * GIB, 0, 0, 0, List.of(), 0, 0, 0, 0, Map.of(), Map.of());
    static final WorkerSnapshot POST = new WorkerSnapshot(UUID.fromString("00000000-0000-0000-0000-000000000001"),
            "wdpost", true, Set.of(TaskType.WDP), 4, 16 * GIB, 0, 0, 0, List.of(), 0, 0, 0, 0, Map.of(), Map.of());

    private static final List<WorkerSnapshot> ALL = List.of(PC1_BOX, POST, DISABLED, GPU_BOX, MINER_LOCAL);

    @Test
    void plainOutputIsTheSeedsFormatLineForLine() {
        String bar16 = "|".repeat(16) + " ".repeat(48);
        String expected = """
                Worker 11111111-0000-0000-0000-000000000000, host miner-local
                \tCPU:  [%1$s] 0/4 core(s) in use
                \tRAM:  [%1$s] 0%% 0 B/16 GiB
                \tVMEM: [%1$s] 0%% 0 B/16 GiB
                Worker 22222222-0000-0000-0000-000000000000, host pc1-box
                \tTASK: GET(1) PC1(2/4) AP(1)
                \tCPU:  [%2$s] 16/64 core(s) in use
                \tRAM:  [%3$s] 39%% 164 GiB/256 GiB
                \tVMEM: [%4$s] 31%% 100 GiB/320 GiB
                Worker 33333333-0000-0000-0000-000000000000, host gpu-box
                \tTASK: C2(1/1)
                \tCPU:  [%5$s] 4/32 core(s) in use
                \tRAM:  [%6$s] 31%% 40 GiB/128 GiB
                \tVMEM: [%6$s] 31%% 40 GiB/128 GiB
                \tGPU:  [%7$s] 50%% 1.00/2 gpu(s) in use
                \tGPU: NVIDIA A100, used
                \tGPU: NVIDIA A100, used
                Worker 44444444-0000-0000-0000-000000000000, host spare (disabled)
                \tCPU:  [%1$s] 0/8 core(s) in use
                \tRAM:  [%8$s] 65%% 1000 MiB/1.5 GiB
                \tVMEM: [%9$s] 59%% 1.477 GiB/2.5 GiB
                \tGPU:  [%1$s] 0%% 0.00/1 gpu(s) in use
                \tGPU: RTX 3090, not used
                """.formatted(" ".repeat(64), bar16,
                "|".repeat(9 + 16) + " ".repeat(39), "|".repeat(4 + 16) + " ".repeat(44), "|".repeat(8) + " ".repeat(56),
                "|".repeat(20) + " ".repeat(44), "|".repeat(32) + " ".repeat(32), "|".repeat(42) + " ".repeat(22),
                "|".repeat(38) + " ".repeat(26));
        assertEquals(expected, WorkersView.render(ALL, false));
    }

    @Test
    void everyBarIsSixtyFourColumnsWithAndWithoutColour() {
        for (boolean color : new boolean[] {false, true}) {
            String out = Ansi.strip(WorkersView.render(ALL, color));
            Matcher m = BAR.matcher(out);
            int bars = 0;
            while (m.find()) {
                assertEquals(WorkersView.BAR_WIDTH, m.group(1).length(), "colour " + color + ": " + m.group());
                bars++;
            }
            assertEquals(3 * 4 + 2, bars);
        }
    }

    @Test
    void colourIsOnlyThereWhenAskedAndStrippingItGivesThePlainText() {
        String plain = WorkersView.render(ALL, false);
        String coloured = WorkersView.render(ALL, true);
        assertFalse(plain.contains("\u001b["));
        assertEquals(plain, Ansi.strip(coloured));
        assertTrue(coloured.contains("host \u001b[35mpc1-box\u001b[0m"), coloured);
        assertTrue(coloured.contains("\u001b[31m (disabled)\u001b[0m"), coloured);
        assertTrue(coloured.contains("\u001b[34mPC1\u001b[0m(\u001b[32m2/4\u001b[0m)"), "below the limit is green");
        assertTrue(coloured.contains("\u001b[34mC2\u001b[0m(\u001b[33m1/1\u001b[0m)"), "at the limit is yellow");
        assertTrue(coloured.contains("\u001b[34mGET\u001b[0m(\u001b[36m1\u001b[0m)"), "no limit is cyan");
        assertTrue(coloured.contains("\u001b[33m" + "|".repeat(9) + "\u001b[0m\u001b[32m" + "|".repeat(16) + "\u001b[0m"),
                "reserved yellow, tasks green");
        assertTrue(coloured.contains("GPU: \u001b[34mRTX 3090, not used\u001b[0m"));
        assertTrue(coloured.contains("GPU: \u001b[32mNVIDIA A100, used\u001b[0m"));
    }

    @ParameterizedTest(name = "total {0}, reserved {1}, used {2} -> {3} + {4} columns")
    @CsvSource({
            "64, 0, 16, 0, 16",
            "256, 36, 64, 9, 16",
            "3, 1, 1, 21, 21",
            "64, 32.5, 31.5, 33, 31", // rounding overflows 64: the green part is cut
            "10, 0, 20, 0, 64",       // more in use than there is (a stale total)
            "1, 0, 0, 0, 0",
    })
    void barRoundsEachPartAndNeverLeavesSixtyFourColumns(double total, double reserved, double used, int yellow,
            int green) {
        String bar = WorkersView.bar(total, reserved, used, new Ansi(false));
        assertEquals("|".repeat(yellow + green) + " ".repeat(64 - yellow - green), bar);
        String coloured = WorkersView.bar(total, reserved, used, new Ansi(true));
        assertEquals(bar, Ansi.strip(coloured));
        assertEquals(yellow > 0, coloured.contains("\u001b[33m"));
    }

    @ParameterizedTest(name = "{0} with {1} decimals -> {2}")
    @CsvSource({"12.5, 0, 12", "13.5, 0, 14", "0.125, 2, 0.12", "0.375, 2, 0.38", "2.675, 2, 2.67", "50, 0, 50",
            "1, 2, 1.00", "0, 0, 0", "33.333333, 0, 33"})
    void gpuFiguresRoundLikeGo(double value, int decimals, String text) {
        assertEquals(text, WorkersView.goFixed(value, decimals));
    }

    @Test
    void aQuarterOfTwoGpusIsTwelvePercentAsTheSeedPrintsIt() {
        WorkerSnapshot w = new WorkerSnapshot(GPU_BOX.id(), "gpu-box", true, GPU_BOX.taskTypes(), 32, 128 * GIB, 0, 0, 0,
                GPU_BOX.gpus(), 0, 0, 0, 0.25, Map.of(), Map.of());
        assertTrue(WorkersView.render(List.of(w), false).contains("] 12% 0.25/2 gpu(s) in use\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"auto, false, false", "auto, true, true", "always, false, true", "NEVER, true, false"})
    void colourModes(String mode, boolean terminal, boolean enabled) {
        assertEquals(enabled, ColorMode.parse(mode).enabled(terminal));
    }

    @Test
    void anUnknownColourModeNamesTheChoices() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ColorMode.parse("sometimes"));
        assertEquals("--color: expected auto, always or never, got 'sometimes'", e.getMessage());
    }
}
