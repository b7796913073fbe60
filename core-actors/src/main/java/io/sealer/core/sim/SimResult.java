package io.sealer.core.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a run produced: the trace (when asked for), the tasks no worker could ever run, tasks
 * left over (should be none), and the figures of the summary. {@link #toJson} gives the
 * output of {@code sealer sim}.
 */
public final class SimResult {
    private static final double TIB = 1L << 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimSpec spec;
    private final List<SimEngine.TraceEvent> events;
    private final List<String> unschedulable;
    private final List<String> stuck;
    private final long makespanMs;
    private final long tasksDone;
    private final int sectorsFinished;
    private final int sectorsStalled;
    private final Map<TaskType, List<Long>> waits;
    private final SimEngine.UsageMeter usage;
    private final int passes;

    SimResult(SimSpec spec, List<SimEngine.TraceEvent> events, List<String> unschedulable, List<String> stuck,
            long makespanMs, long tasksDone, int sectorsFinished, int sectorsStalled, Map<TaskType, List<Long>> waits,
            SimEngine.UsageMeter usage, int passes) {
        this.spec = spec;
        this.events = events;
        this.unschedulable = unschedulable;
        this.stuck = stuck;
        this.makespanMs = makespanMs;
        this.tasksDone = tasksDone;
        this.sectorsFinished = sectorsFinished;
        this.sectorsStalled = sectorsStalled;
        this.waits = waits;
        this.usage = usage;
        this.passes = passes;
    }

    public List<SimEngine.TraceEvent> events() {
        return Collections.unmodifiableList(events);
    }

    public List<String> unschedulable() {
        return Collections.unmodifiableList(unschedulable);
    }

    public List<String> stuck() {
        return Collections.unmodifiableList(stuck);
    }

    public long makespanMs() {
        return makespanMs;
    }

    public int sectorsFinished() {
        return sectorsFinished;
    }

    public long tasksDone() {
        return tasksDone;
    }

    public int passes() {
        return passes;
    }

    /** The trace as lines "t task worker event", t in seconds; the form the acceptance tests compare. */
    public List<String> traceLines() {
        List<String> out = new ArrayList<>();
        for (SimEngine.TraceEvent e : events) {
            out.add(seconds(e.tMs()) + " " + e.task() + " " + e.worker() + " " + e.event());
        }
        return out;
    }

    /** Sealed TiB per day over the makespan. */
    public double tibPerDay() {
        if (makespanMs <= 0) {
            return 0;
        }
        return sectorsFinished * (double) spec.sectorSize().bytes() / TIB / (makespanMs / 1000.0 / 86400);
    }

    /** The summary object of the output. */
    public ObjectNode summary() {
        ObjectNode s = JSON.createObjectNode();
        put(s, "makespan", seconds(makespanMs));
        s.put("tasksDone", tasksDone);
        s.put("unschedulable", unschedulable.size());
        s.put("stuck", stuck.size());
        SimSpec.PipelineSpec p = spec.pipeline();
        s.put("sectors", p == null ? 0 : p.sectors());
        s.put("sectorsFinished", sectorsFinished);
        s.put("sectorsStalled", sectorsStalled);
        double tib = tibPerDay();
        s.put("tibPerDay", round(tib));
        SimBound.Bound b = SimBound.of(spec);
        if (b != null && b.makespanMs() != Long.MAX_VALUE && b.makespanMs() > 0) {
            double bound = p.sectors() * (double) spec.sectorSize().bytes() / TIB / (b.makespanMs() / 1000.0 / 86400);
            s.put("boundTibPerDay", round(bound));
            s.put("ratio", round(tib / bound));
            s.put("bottleneck", b.bottleneck());
            put(s, "boundMakespan", seconds(b.makespanMs()));
            s.put("capacityTibPerDay", Double.isInfinite(b.capacitySectorsPerSecond()) ? null
                    : round(b.capacitySectorsPerSecond() * 86400 * spec.sectorSize().bytes() / TIB));
            ObjectNode lb = s.putObject("makespanLowerBounds");
            b.lowerBounds().forEach((k, v) -> put(lb, k, seconds(v)));
        } else {
            s.putNull("boundTibPerDay");
            s.putNull("ratio");
            if (b != null) {
                s.put("bottleneck", b.bottleneck());
            }
        }
        ObjectNode waitNode = s.putObject("queueWait");
        for (Map.Entry<TaskType, List<Long>> e : waits.entrySet()) {
            List<Long> w = new ArrayList<>(e.getValue());
            Collections.sort(w);
            ObjectNode o = waitNode.putObject(e.getKey().shortName());
            o.put("count", w.size());
            put(o, "p50", seconds(percentile(w, 50)));
            put(o, "p95", seconds(percentile(w, 95)));
            put(o, "max", seconds(w.get(w.size() - 1)));
        }
        ObjectNode util = s.putObject("utilization");
        double[] sum = new double[3];
        for (int i = 0; i < spec.workers().size(); i++) {
            double[] a = usage.average(i, makespanMs);
            ObjectNode o = util.putObject(spec.workers().get(i).name());
            o.put("cpu", round(a[0]));
            o.put("ram", round(a[1]));
            o.put("gpu", round(a[2]));
            for (int k = 0; k < 3; k++) {
                sum[k] += a[k];
            }
        }
        int n = spec.workers().size();
        ObjectNode avg = s.putObject("utilizationAverage");
        avg.put("cpu", round(sum[0] / n));
        avg.put("ram", round(sum[1] / n));
        avg.put("gpu", round(sum[2] / n));
        // Per input entry (a worker with "count" is one entry), named after the entry.
        Map<Integer, double[]> groups = new java.util.LinkedHashMap<>();
        Map<Integer, String> names = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            SimSpec.WorkerSpec w = spec.workers().get(i);
            double[] a = usage.average(i, makespanMs);
            double[] g = groups.computeIfAbsent(w.group(), k -> new double[4]);
            for (int k = 0; k < 3; k++) {
                g[k] += a[k];
            }
            g[3]++;
            names.putIfAbsent(w.group(), w.entryName());
        }
        ObjectNode byGroup = s.putObject("utilizationByGroup");
        groups.forEach((g, v) -> {
            ObjectNode o = byGroup.putObject(names.get(g));
            o.put("workers", (int) v[3]);
            o.put("cpu", round(v[0] / v[3]));
            o.put("ram", round(v[1] / v[3]));
            o.put("gpu", round(v[2] / v[3]));
        });
        s.put("schedulingPasses", passes);
        return s;
    }

    /** The whole output: events (one per line), unschedulable and stuck task ids, summary. */
    public String toJson() {
        try {
            StringBuilder sb = new StringBuilder(64 + events.size() * 64);
            sb.append("{\n  \"events\": [");
            for (int i = 0; i < events.size(); i++) {
                SimEngine.TraceEvent e = events.get(i);
                ObjectNode o = JSON.createObjectNode();
                put(o, "t", seconds(e.tMs()));
                o.put("task", e.task());
                o.put("worker", e.worker());
                o.put("event", e.event());
                sb.append(i == 0 ? "\n    " : ",\n    ").append(JSON.writeValueAsString(o));
            }
            sb.append(events.isEmpty() ? "],\n" : "\n  ],\n");
            sb.append("  \"unschedulable\": ").append(JSON.writeValueAsString(unschedulable)).append(",\n");
            sb.append("  \"stuck\": ").append(JSON.writeValueAsString(stuck)).append(",\n");
            String summary = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary());
            sb.append("  \"summary\": ").append(summary.replace("\n", "\n  ")).append("\n}\n");
            return sb.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static long percentile(List<Long> sorted, int pct) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(pct / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** Milliseconds as a JSON-friendly number of seconds: whole when it is whole. */
    static Number seconds(long ms) {
        if (ms % 1000 == 0) {
            return ms / 1000;
        }
        return ms / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static void put(ObjectNode o, String k, Number v) {
        if (v instanceof Long l) {
            o.put(k, l);
        } else {
            o.put(k, v.doubleValue());
        }
    }
}
