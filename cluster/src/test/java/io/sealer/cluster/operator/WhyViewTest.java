package io.sealer.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.cluster.api.ApiJson;
import io.sealer.core.resources.Fit;
import io.sealer.core.sched.WaitExplanation.WaitingTask;
import io.sealer.core.sched.WaitExplanation.WorkerVerdict;
import io.sealer.core.sched.WaitExplanation;
import io.sealer.core.sched.WaitReason;
import io.sealer.core.task.TaskType;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WhyViewTest {
    private static final long GIB = 1L << 30;
    private static final UUID W = UUID.fromString("22222222-0000-0000-0000-000000000000");
    private static final UUID V = UUID.fromString("33333333-0000-0000-0000-000000000000");
    private static final UUID SCHED = UUID.fromString("5c0d0000-0000-0000-0000-00000000abcd");

    private static WorkerVerdict fig(WaitReason r, Number need, Number free, Number total) {
        return WorkerVerdict.withFigures(W, "box", r, need, free, total);
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of(WorkerVerdict.of(W, "box", WaitReason.TASK_TYPE_DISABLED, null), "task type PC1 not enabled"),
                Arguments.of(WorkerVerdict.of(W, "box", WaitReason.WORKER_DISABLED, null), "worker disabled"),
                Arguments.of(fig(WaitReason.RAM, 56 * GIB, 12 * GIB, 256 * GIB), "not enough RAM: needs 56 GiB, 12 GiB free"),
                Arguments.of(fig(WaitReason.MEMORY_AND_SWAP, 64 * GIB, 20 * GIB + (GIB >> 1), 288 * GIB),
                        "not enough memory+swap: needs 64 GiB, 20.5 GiB free"),
                Arguments.of(fig(WaitReason.THREADS, 4, 2, 32), "not enough threads: needs 4, 2 free"),
                Arguments.of(fig(WaitReason.GPU, 1.0, 0.5, 1), "not enough GPU: needs 1, 0.5 free"),
                Arguments.of(fig(WaitReason.MAX_CONCURRENT, 1, 0, 4), "MaxConcurrent reached: 4 of 4 running"),
                Arguments.of(fig(WaitReason.NO_STORAGE_SPACE, 448 * GIB, 120 * GIB, 2048 * GIB),
                        "no storage path with space: needs 448 GiB, the best path has 120 GiB free"),
                Arguments.of(WorkerVerdict.of(W, "box", WaitReason.FILES_ELSEWHERE, "sealed and cache on host store-2"),
                        "the sector's files are elsewhere (sealed and cache on host store-2)"),
                Arguments.of(fig(WaitReason.RAM, 192 * GIB, 100 * GIB, 128 * GIB),
                        "not enough RAM: needs 192 GiB, 100 GiB free (it has 128 GiB in all)"),
                Arguments.of(fig(WaitReason.GPU, 1, 0, 0), "not enough GPU: needs 1, 0 free (it has 0 in all)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("reasons")
    void eachReasonInWordsWithItsFigures(WorkerVerdict verdict, String sentence) throws Exception {
        WaitingTask task = new WaitingTask(TaskType.PC1, SCHED, 1000, 1, 1, List.of(verdict));
        assertEquals(sentence, WhyView.sentence(task, verdict));
        assertEquals(verdict, ApiJson.read(ApiJson.write(verdict), WorkerVerdict.class), "reads back equal");
    }

    @Test
    void aSectorWithTwoWaitingTasks() {
        WaitExplanation why = new WaitExplanation(1000, 5, List.of(
                new WaitingTask(TaskType.PC1, SCHED, 723_450, 3, 7, List.of(
                        fig(WaitReason.RAM, 56 * GIB, 12 * GIB, 256 * GIB),
                        WorkerVerdict.of(V, "", WaitReason.WORKER_DISABLED, null))),
                new WaitingTask(TaskType.C2, SCHED, 50, 1, 7, List.of(
                        fig(WaitReason.RAM, 192 * GIB, 100 * GIB, 128 * GIB),
                        WorkerVerdict.of(V, "gpu-box", WaitReason.TASK_TYPE_DISABLED, null)))));
        assertEquals("""
                Sector 5: 2 tasks waiting
                PC1 waiting 12m3.4s, place 3 of 7 in the queue (sched 5c0d0000-0000-0000-0000-00000000abcd)
                \tworker 22222222 (box): not enough RAM: needs 56 GiB, 12 GiB free
                \tworker 33333333: worker disabled
                C2 waiting 0s, place 1 of 7 in the queue (sched 5c0d0000-0000-0000-0000-00000000abcd)
                \tworker 22222222 (box): not enough RAM: needs 192 GiB, 100 GiB free (it has 128 GiB in all)
                \tworker 33333333 (gpu-box): task type C2 not enabled
                \tno worker could ever run it as the cluster stands: enable the task type or add a worker that fits
                """, WhyView.render(why));
        assertNull(why.tasks().get(0).reason(), "a worker that is only busy now is no lasting block");
        assertEquals(WaitReason.NO_WORKER_EVER, why.tasks().get(1).reason());
    }

    @Test
    void noWorkerAtAllAndNoTaskWaiting() {
        assertEquals("""
                Sector 9: 1 task waiting
                GET waiting 1s, place 1 of 1 in the queue (sched 5c0d0000-0000-0000-0000-00000000abcd)
                \tno worker could ever run it: no worker is connected
                """, WhyView.render(new WaitExplanation(1000, 9,
                List.of(new WaitingTask(TaskType.GET, SCHED, 1000, 1, 1, List.of())))));
        assertEquals("Sector 9: no task waiting\n", WhyView.render(new WaitExplanation(1000, 9, List.of())));
    }

    @Test
    void theJsonUsesStableWireNamesAndReadsBack() throws Exception {
        WaitExplanation why = new WaitExplanation(1000, 5, List.of(new WaitingTask(TaskType.PC1, SCHED, 1500, 2, 4,
                List.of(fig(WaitReason.THREADS, 4, 2, 32), WorkerVerdict.of(V, "x", WaitReason.TASK_TYPE_DISABLED, null)))));
        String json = ApiJson.write(why);
        assertEquals("{\"Miner\":1000,\"Sector\":5,\"Tasks\":[{\"Task\":\"seal/v0/precommit/1\",\"SchedId\":\"" + SCHED
                + "\",\"WaitedMs\":1500,\"Place\":2,\"QueueLength\":4,\"Workers\":["
                + "{\"Worker\":\"" + W + "\",\"Hostname\":\"box\",\"Reason\":\"threads\",\"Need\":4,\"Free\":2,\"Total\":32},"
                + "{\"Worker\":\"" + V + "\",\"Hostname\":\"x\",\"Reason\":\"task-type-disabled\"}]}]}", json);
        assertEquals(why, ApiJson.read(json, WaitExplanation.class));
        for (WaitReason r : WaitReason.values()) {
            assertEquals(r, WaitReason.ofWireName(r.wireName()));
            assertTrue(r.wireName().matches("[a-z-]+"), r.wireName());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"MAX_CONCURRENT, max-concurrent", "PHYSICAL_MEMORY, ram", "VIRTUAL_MEMORY, memory-and-swap",
            "CPU, threads", "GPU, gpu"})
    void eachFailedFitCheckHasItsReason(Fit fit, String wire) {
        assertEquals(wire, WaitReason.of(fit).wireName());
    }

    @Test
    void aReasonWithoutItsFiguresIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WaitReason.of(Fit.OK));
        assertEquals("reason ram needs its figures (need, free, total)", assertThrows(IllegalArgumentException.class,
                () -> WorkerVerdict.of(W, "box", WaitReason.RAM, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerVerdict.of(W, "box", WaitReason.NO_WORKER_EVER, null));
    }
}
