package io.sealer.cluster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.rpc.HttpTestNode;
import io.sealer.core.task.TaskType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SealerMetricsTest {
    private static final long GIB = 1L << 30;
    private static final SealerMetrics METRICS = new SealerMetrics();
    private static HttpTestNode node;
    private static ServerBinding openBinding;

    @BeforeAll
    static void start() throws Exception {
        node = new HttpTestNode("metrics-test", MetricsRoutes.authenticated(METRICS));
        openBinding = Http.get(node.system).newServerAt("127.0.0.1", 0)
                .bind(MetricsRoutes.open(METRICS, new MetricsSettings(true))).toCompletableFuture().get();

        METRICS.taskAssigned(TaskType.PC1, Duration.ofSeconds(30));
        METRICS.taskAssigned(TaskType.PC1, Duration.ofSeconds(90));
        METRICS.taskStarted(TaskType.PC1, "w1");
        METRICS.taskStarted(TaskType.PC1, "w1");
        METRICS.taskFinished(TaskType.PC1, "w1", Duration.ofHours(3));
        METRICS.taskFailed(TaskType.C2, "w2", Duration.ofMillis(10_500));
        METRICS.queueLengths(Map.of(TaskType.PC1, 3));
        METRICS.sectorsByState(Map.of("Proving", 2, "PreCommit1", 1));
        METRICS.sectorsByState(Map.of("Proving", 3));
        METRICS.workerResources("w1", new SealerMetrics.WorkerLoad(16, 48, 64 * GIB, 192 * GIB, 0.5, 1.5));
        METRICS.workerResources("w2", new SealerMetrics.WorkerLoad(1, 7, GIB, GIB, 0, 0));
        METRICS.workerLeft("w2");
        METRICS.storagePath("p1", 2048 * GIB, 1024 * GIB, 448 * GIB);
        METRICS.storagePath("gone", 1, 1, 0);
        METRICS.storagePathDetached("gone");
        METRICS.schedulingPass(Duration.ofNanos(300_000));
        METRICS.fetched(32 * GIB, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        openBinding.terminate(Duration.ofSeconds(5)).toCompletableFuture().join();
        node.close();
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<String> r = node.send("GET", "/metrics", Permission.READ, null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").equalsIgnoreCase("text/plain; version=0.0.4; charset=utf-8"),
                r.headers().toString());
        return PrometheusText.parse(r.body());
    }

    @Test
    void everyListedMetricIsScrapedWithItsValues() throws Exception {
        PrometheusText m = scrape();
        assertEquals(2, m.value("sealer_tasks_started_total", "task=PC1", "worker=w1"));
        assertEquals(1, m.value("sealer_tasks_finished_total", "task=PC1", "worker=w1"));
        assertEquals(1, m.value("sealer_tasks_failed_total", "task=C2", "worker=w2"));
        assertEquals(2, m.value("sealer_task_queue_wait_seconds_count", "task=PC1"));
        assertEquals(120, m.value("sealer_task_queue_wait_seconds_sum", "task=PC1"), 1e-9);
        assertEquals(1, m.value("sealer_task_queue_wait_seconds_bucket", "task=PC1", "le=60.0"));
        assertEquals(10_800, m.value("sealer_task_duration_seconds_sum", "task=PC1"), 1e-9);
        assertEquals(0, m.value("sealer_task_duration_seconds_bucket", "task=PC1", "le=7200.0"));
        assertEquals(1, m.value("sealer_task_duration_seconds_bucket", "task=PC1", "le=14400.0"));
        assertEquals(10.5, m.value("sealer_task_duration_seconds_sum", "task=C2"), 1e-9);
        assertEquals(3, m.value("sealer_queue_length", "task=PC1"));
        assertEquals(0, m.value("sealer_queue_length", "task=GET"));
        assertEquals(3, m.value("sealer_sectors", "state=Proving"));
        assertEquals(0, m.value("sealer_sectors", "state=PreCommit1"), "a state left empty reads 0");
        assertEquals(16, m.value("sealer_worker_cpu_reserved_threads", "worker=w1"));
        assertEquals(48, m.value("sealer_worker_cpu_available_threads", "worker=w1"));
        assertEquals(64 * GIB, m.value("sealer_worker_memory_reserved_bytes", "worker=w1"));
        assertEquals(192 * GIB, m.value("sealer_worker_memory_available_bytes", "worker=w1"));
        assertEquals(0.5, m.value("sealer_worker_gpu_reserved", "worker=w1"));
        assertEquals(1.5, m.value("sealer_worker_gpu_available", "worker=w1"));
        assertFalse(m.has("sealer_worker_cpu_reserved_threads", "worker=w2"), "a worker that left has no series");
        assertEquals(2048 * GIB, m.value("sealer_storage_capacity_bytes", "path=p1"));
        assertEquals(1024 * GIB, m.value("sealer_storage_available_bytes", "path=p1"));
        assertEquals(448 * GIB, m.value("sealer_storage_reserved_bytes", "path=p1"));
        assertFalse(m.has("sealer_storage_capacity_bytes", "path=gone"));
        assertEquals(1, m.value("sealer_scheduling_pass_duration_seconds_bucket", "le=5.0E-4"));
        assertEquals(0, m.value("sealer_scheduling_pass_duration_seconds_bucket", "le=1.0E-4"));
        assertEquals(32 * GIB, m.value("sealer_fetch_bytes_total"));
        assertEquals(1, m.value("sealer_fetch_duration_seconds_count"));
        assertTrue(m.value("jvm_memory_used_bytes", "area=heap") > 0, "JVM metrics are there");
        assertTrue(m.value("jvm_threads_current") > 0);
        assertTrue(m.value("process_cpu_seconds_total") > 0, "and the process's");
        assertEquals("histogram", m.types.get("sealer_task_duration_seconds"));
        assertEquals("counter", m.types.get("sealer_tasks_started_total"));
    }

    @Test
    void theTokenGuardsItUnlessTheOpenSwitchIsOn() throws Exception {
        assertEquals(401, node.send("GET", "/metrics", null, null).statusCode());
        HttpResponse<String> open = HttpTestNode.send(openBinding.localAddress().getPort(), "GET", "/metrics", null, null);
        assertEquals(200, open.statusCode());
        PrometheusText.parse(open.body());
        assertEquals("sealer.metrics.open-without-token is off; serve /metrics behind the token",
                assertThrows(IllegalStateException.class, () -> MetricsRoutes.open(METRICS, new MetricsSettings(false)))
                        .getMessage());
    }

    @Test
    void aSecondNodeInTheSameJvmHasItsOwnRegistryWithTheJvmMetrics() {
        PrometheusText other = PrometheusText.parse(new String(new SealerMetrics().scrape(), StandardCharsets.UTF_8));
        assertTrue(other.value("jvm_threads_current") > 0);
        assertFalse(other.has("sealer_tasks_started_total", "task=PC1", "worker=w1"), "nothing shared with the first");
    }

    @Test
    void theOpenSwitchIsReadFromConfigAndCheckedStrictly() {
        assertFalse(MetricsSettings.fromConfig(ConfigFactory.empty()).openWithoutToken());
        assertTrue(MetricsSettings.fromConfig(ConfigFactory.parseString("sealer.metrics.open-without-token = on"))
                .openWithoutToken());
        assertEquals("sealer.metrics.open-without-token must be on or off, got 'maybe'",
                assertThrows(IllegalArgumentException.class, () -> MetricsSettings.fromConfig(
                        ConfigFactory.parseString("sealer.metrics.open-without-token = maybe"))).getMessage());
    }

    @Test
    void theParserRefusesWhatPrometheusWouldRefuse() {
        String ok = "# HELP a_total x\n# TYPE a_total counter\na_total{k=\"v\"} 1.0\n";
        assertThrows(AssertionError.class, () -> PrometheusText.parse(ok.replace("counter", "countr")));
        assertThrows(AssertionError.class, () -> PrometheusText.parse(ok.replace("{k=\"v\"}", "{k=v}")));
        assertThrows(AssertionError.class, () -> PrometheusText.parse(ok.replace("1.0", "one")));
        assertThrows(AssertionError.class, () -> PrometheusText.parse(ok + "a_total{k=\"v\"} 2.0\n"));
        assertThrows(AssertionError.class, () -> PrometheusText.parse(ok + "b 2.0\n"));
        assertThrows(AssertionError.class, () -> PrometheusText.parse(ok.trim()));
        assertEquals(1.0, PrometheusText.parse(ok.replace("TYPE a_total", "TYPE a")).value("a_total", "k=v"));
    }
}
