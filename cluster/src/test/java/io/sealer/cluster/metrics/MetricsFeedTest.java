package io.sealer.cluster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sealer.core.actors.SealingEvent;
import io.sealer.core.task.TaskType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The feed turns every event the actors publish into the metrics (every event serialized on
 * the way, as the test configuration asks), and sectors are counted by the state each is in now.
 */
class MetricsFeedTest {
    private static final ActorTestKit KIT = ActorTestKit.create("metrics-feed");
    private static final long GIB = 1L << 30;

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    @Test
    void everyEventMovesItsMetric() throws Exception {
        SealerMetrics metrics = new SealerMetrics();
        KIT.spawn(MetricsFeed.create(metrics));
        // the subscription is a message too: wait until the feed hears, then publish the rest
        awaitValue(metrics, () -> publish(new SealingEvent.TaskStarted(TaskType.AP, "s-t01000-9", "probe")),
                "sealer_tasks_started_total", "task=AP", "worker=probe");

        publish(new SealingEvent.TaskAssigned(TaskType.PC1, "s-t01000-1", "w1", Duration.ofSeconds(30).toNanos()));
        publish(new SealingEvent.TaskStarted(TaskType.PC1, "s-t01000-1", "w1"));
        publish(new SealingEvent.TaskEnded(TaskType.PC1, "s-t01000-1", "w1", Duration.ofMinutes(3).toNanos(), false));
        publish(new SealingEvent.TaskStarted(TaskType.C2, "s-t01000-2", "w2"));
        publish(new SealingEvent.TaskEnded(TaskType.C2, "s-t01000-2", "w2", Duration.ofSeconds(2).toNanos(), true));
        publish(new SealingEvent.WorkerUsage("w1", 64, 16, 256 * GIB, 64 * GIB, 2, 0.5));
        publish(new SealingEvent.PassCompleted(Duration.ofMillis(2).toNanos(), Map.of(TaskType.PC2, 4)));
        publish(new SealingEvent.SectorStateChanged("s-t01000-1", "PreCommit1"));
        publish(new SealingEvent.SectorStateChanged("s-t01000-2", "PreCommit1"));
        publish(new SealingEvent.SectorStateChanged("s-t01000-1", "PreCommit2"));
        awaitValue(metrics, () -> { }, "sealer_sectors", "state=PreCommit2");
        // scraped again: a scrape runs alongside the feed, so the one that first showed the last
        // event's series may have read the earlier series before the feed had moved them
        PrometheusText m = PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8));

        assertEquals(1, m.value("sealer_tasks_started_total", "task=PC1", "worker=w1"));
        assertEquals(1, m.value("sealer_tasks_finished_total", "task=PC1", "worker=w1"));
        assertEquals(180, m.value("sealer_task_duration_seconds_sum", "task=PC1"), 1e-9);
        assertEquals(1, m.value("sealer_tasks_failed_total", "task=C2", "worker=w2"));
        assertFalse(m.has("sealer_tasks_finished_total", "task=C2", "worker=w2"), "a failure is not a finish");
        assertEquals(30, m.value("sealer_task_queue_wait_seconds_sum", "task=PC1"), 1e-9);
        assertEquals(16, m.value("sealer_worker_cpu_reserved_threads", "worker=w1"));
        assertEquals(48, m.value("sealer_worker_cpu_available_threads", "worker=w1"));
        assertEquals(192 * GIB, m.value("sealer_worker_memory_available_bytes", "worker=w1"));
        assertEquals(1.5, m.value("sealer_worker_gpu_available", "worker=w1"));
        assertEquals(4, m.value("sealer_queue_length", "task=PC2"));
        assertEquals(0, m.value("sealer_queue_length", "task=PC1"));
        assertEquals(1, m.value("sealer_scheduling_pass_duration_seconds_count"));
        assertEquals(1, m.value("sealer_sectors", "state=PreCommit2"));
        assertEquals(1, m.value("sealer_sectors", "state=PreCommit1"), "the sector that moved on left its old state");
    }

    private static void publish(SealingEvent e) {
        SealingEvent.publish(KIT.system(), e);
    }

    /** Scrapes until the series exists, doing {@code poke} before each try; fails after 10 s. */
    private static PrometheusText awaitValue(SealerMetrics metrics, Runnable poke, String name, String... labels)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            poke.run();
            PrometheusText m = PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8));
            if (m.has(name, labels)) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + name + " " + String.join(",", labels) + " within 10s");
            }
            Thread.sleep(50);
        }
    }
}
