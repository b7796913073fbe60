package io.sealer.cluster.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sealer.core.task.TaskType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The node's Prometheus metrics (docs/metrics.md lists each with its labels): owns its own
 * registry, with the JVM's metrics in it, and the methods the actors call when something
 * happens. Every method is cheap and non-blocking, safe from any thread; {@link #scrape()}
 * writes the text exposition format.
 */
public final class SealerMetrics {
    /** Task durations, seconds: from C1's ~0.1 s to a 64 GiB PreCommit1's hours. */
    private static final double[] TASK_SECONDS = {0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 57600};
    /** A scheduling pass, seconds: well under a millisecond normally, seconds when something is wrong. */
    private static final double[] PASS_SECONDS = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Counter tasksStarted = counter("sealer_tasks_started", "Tasks that started executing", "task", "worker");
    private final Counter tasksFinished = counter("sealer_tasks_finished", "Tasks that finished successfully", "task", "worker");
    private final Counter tasksFailed = counter("sealer_tasks_failed", "Tasks that failed or were aborted", "task", "worker");
    private final Histogram taskDuration = histogram("sealer_task_duration", "Time a task executed, finished or failed",
            TASK_SECONDS, "task");
    private final Histogram queueWait = histogram("sealer_task_queue_wait", "Time a task waited in the scheduler's queue until it was sent to a worker",
            TASK_SECONDS, "task");
    private final Gauge queueLength = gauge("sealer_queue_length", "Tasks waiting in the scheduler's queue", null, "task");
    private final Gauge sectors = gauge("sealer_sectors", "Sectors by sealing state", null, "state");
    private final Gauge cpuReserved = gauge("sealer_worker_cpu_reserved_threads", "Threads reserved by executing tasks", null,
            "worker");
    private final Gauge cpuAvailable = gauge("sealer_worker_cpu_available_threads", "Threads not reserved", null, "worker");
    private final Gauge memReserved = gauge("sealer_worker_memory_reserved", "Memory reserved by executing tasks", Unit.BYTES,
            "worker");
    private final Gauge memAvailable = gauge("sealer_worker_memory_available", "Physical memory not reserved", Unit.BYTES,
            "worker");
    private final Gauge gpuReserved = gauge("sealer_worker_gpu_reserved", "GPUs reserved by executing tasks (fractions add up)",
            null, "worker");
    private final Gauge gpuAvailable = gauge("sealer_worker_gpu_available", "GPUs not reserved", null, "worker");
    private final Gauge storageCapacity = gauge("sealer_storage_capacity", "Size of a storage path", Unit.BYTES, "path");
    private final Gauge storageAvailable = gauge("sealer_storage_available", "Free space of a storage path", Unit.BYTES, "path");
    private final Gauge storageReserved = gauge("sealer_storage_reserved", "Space of a storage path reserved for tasks running",
            Unit.BYTES, "path");
    private final Histogram schedulingPass = histogram("sealer_scheduling_pass_duration", "Time of one scheduling pass",
            PASS_SECONDS);
    private final Counter fetchBytes = Counter.builder().name("sealer_fetch_bytes").unit(Unit.BYTES)
            .help("Bytes of sector files fetched from other nodes").register(registry);
    private final Histogram fetchDuration = histogram("sealer_fetch_duration", "Time of one fetch of sector files",
            TASK_SECONDS);

    private final Set<String> knownStates = new HashSet<>();

    public SealerMetrics() {
        JvmMetrics.builder().register(registry);
    }

    /** The scheduler sent a task to a worker after it waited {@code waited} in the queue. */
    public void taskAssigned(TaskType task, Duration waited) {
        queueWait.labelValues(task.shortName()).observe(seconds(waited));
    }

    /** A task started executing on {@code worker}. */
    public void taskStarted(TaskType task, String worker) {
        tasksStarted.labelValues(task.shortName(), worker).inc();
    }

    public void taskFinished(TaskType task, String worker, Duration ran) {
        tasksFinished.labelValues(task.shortName(), worker).inc();
        taskDuration.labelValues(task.shortName()).observe(seconds(ran));
    }

    /** A task failed or was aborted after running {@code ran}. */
    public void taskFailed(TaskType task, String worker, Duration ran) {
        tasksFailed.labelValues(task.shortName(), worker).inc();
        taskDuration.labelValues(task.shortName()).observe(seconds(ran));
    }

    /** The queue now: every task type's length (types missing from {@code lengths} are 0). */
    public void queueLengths(Map<TaskType, Integer> lengths) {
        for (TaskType t : TaskType.values()) {
            if (t != TaskType.NOOP) {
                queueLength.labelValues(t.shortName()).set(lengths.getOrDefault(t, 0));
            }
        }
    }

    /** Sector counts by state now; a state seen before and missing now reads 0. */
    public synchronized void sectorsByState(Map<String, Integer> counts) {
        knownStates.addAll(counts.keySet());
        for (String state : knownStates) {
            sectors.labelValues(state).set(counts.getOrDefault(state, 0));
        }
    }

    /** A worker's resources now: what executing tasks reserve and what is left. */
    public void workerResources(String worker, WorkerLoad load) {
        cpuReserved.labelValues(worker).set(load.threadsReserved());
        cpuAvailable.labelValues(worker).set(load.threadsAvailable());
        memReserved.labelValues(worker).set(load.memoryReserved());
        memAvailable.labelValues(worker).set(load.memoryAvailable());
        gpuReserved.labelValues(worker).set(load.gpusReserved());
        gpuAvailable.labelValues(worker).set(load.gpusAvailable());
    }

    /** The worker left: its series go away rather than freeze at their last value. */
    public void workerLeft(String worker) {
        for (Gauge g : new Gauge[] {cpuReserved, cpuAvailable, memReserved, memAvailable, gpuReserved, gpuAvailable}) {
            g.remove(worker);
        }
    }

    public void storagePath(String path, long capacity, long available, long reserved) {
        storageCapacity.labelValues(path).set(capacity);
        storageAvailable.labelValues(path).set(available);
        storageReserved.labelValues(path).set(reserved);
    }

    public void storagePathDetached(String path) {
        storageCapacity.remove(path);
        storageAvailable.remove(path);
        storageReserved.remove(path);
    }

    public void schedulingPass(Duration took) {
        schedulingPass.observe(seconds(took));
    }

    /** One fetch of sector files finished: its size and how long it took. */
    public void fetched(long bytes, Duration took) {
        fetchBytes.inc(bytes);
        fetchDuration.observe(seconds(took));
    }

    /** Every metric in Prometheus's text format (version 0.0.4). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics", e);
        }
        return out.toByteArray();
    }

    /** The content type of {@link #scrape()}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** What a worker's executing tasks hold and what is left: threads, bytes of RAM, GPUs. */
    public record WorkerLoad(long threadsReserved, long threadsAvailable, long memoryReserved, long memoryAvailable,
            double gpusReserved, double gpusAvailable) {}

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Histogram histogram(String name, String help, double[] bounds, String... labels) {
        return Histogram.builder().name(name).unit(Unit.SECONDS).help(help).classicOnly().classicUpperBounds(bounds)
                .labelNames(labels).register(registry);
    }

    private Gauge gauge(String name, String help, Unit unit, String... labels) {
        Gauge.Builder b = Gauge.builder().name(name).help(help).labelNames(labels);
        return (unit == null ? b : b.unit(unit)).register(registry);
    }
}
