package io.sealer.core.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.core.resources.Bytes;
import io.sealer.core.resources.Parallelism;
import io.sealer.core.resources.ResourceEnvException;
import io.sealer.core.resources.ResourceTable;
import io.sealer.core.resources.WorkerResources;
import io.sealer.core.sched.AssignerKind;
import io.sealer.core.sector.SectorPlanner;
import io.sealer.core.sector.SectorState;
import io.sealer.core.sector.StageTask;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A validated simulation input (docs/simulation.md): the cluster (workers with their hardware,
 * accepted task types and resource env overrides), explicit tasks and an optional generated
 * pipeline. Times are kept in milliseconds; the file gives seconds. Every error names the
 * field it is about.
 */
public record SimSpec(
        SectorSize sectorSize,
        SealProof proof,
        AssignerKind assigner,
        Parallelism parallel,
        long seed,
        List<WorkerSpec> workers,
        List<TaskSpec> tasks,
        PipelineSpec pipeline) {

    /**
     * One simulated worker. {@code group} is the index of the input entry it came from and
     * {@code entryName} that entry's name (an entry with {@code count} gives several identical
     * workers, named entryName-1 ... entryName-N).
     */
    public record WorkerSpec(String name, WorkerResources resources, Set<TaskType> taskTypes, Map<String, String> env,
            boolean ignoreResources, ResourceTable table, int group, String entryName) {}

    /** An explicit task. {@code sector} is -1 for "a fresh number"; {@code prepType} NOOP for no prepare type. */
    public record TaskSpec(String id, TaskType type, long sector, int priority, long atMs, long prepareMs,
            long durationMs, TaskType prepType) {}

    /**
     * One step of the generated sector sequence: a task of a sector state (with the prepare type
     * the state gives it), or, with {@code task} null, the WaitSeed delay.
     */
    public record Step(StageTask task, long durationMs) {
        /** The task's type; null for the WaitSeed delay. */
        public TaskType type() {
            return task == null ? null : task.type();
        }

        public String label() {
            return task == null ? WAIT_SEED : task.type().shortName();
        }
    }

    /** Sectors arriving every {@code everyMs} from {@code startMs}; a {@code deals} fraction with deals. */
    public record PipelineSpec(int sectors, long everyMs, long startMs, double deals, List<Step> steps) {
        /** Sum of the step durations: the latency of one sector on an idle cluster. */
        public long latencyMs() {
            return steps.stream().mapToLong(Step::durationMs).sum();
        }

        /** Whether the i-th generated sector (0-based) has deals: spread evenly, deterministic. */
        public boolean hasDeals(int i) {
            return Math.floor((i + 1) * deals + 1e-9) > Math.floor(i * deals + 1e-9);
        }
    }

    static final String WAIT_SEED = SectorState.WAIT_SEED.wireName();

    /**
     * The steps a sector can take, by label, in the order of the sector state machine's happy
     * path ({@link SectorPlanner#happyPath()}): each state's tasks (optional ones included), and
     * WaitSeed as a delay. Steps without a duration in the input are skipped.
     */
    static final Map<String, StageTask> PIPELINE_ORDER = pipelineOrder();

    private static Map<String, StageTask> pipelineOrder() {
        Map<String, StageTask> order = new LinkedHashMap<>();
        for (SectorState state : SectorPlanner.happyPath()) {
            if (state == SectorState.WAIT_SEED) {
                order.put(WAIT_SEED, null);
            }
            for (StageTask t : state.tasks()) {
                order.put(t.type().shortName(), t);
            }
        }
        return Collections.unmodifiableMap(order);
    }

    private static final Set<String> TOP = Set.of("sectorSize", "proofVersion", "assigner", "parallel", "seed",
            "workers", "tasks", "pipeline");
    private static final Set<String> WORKER = Set.of("name", "count", "cpus", "memPhysical", "memSwap", "memUsed",
            "memSwapUsed", "gpus", "tasks", "env", "ignoreResources");
    private static final Set<String> TASK = Set.of("id", "sector", "type", "priority", "at", "prepare", "duration",
            "prepType");
    private static final Set<String> PIPELINE = Set.of("sectors", "every", "start", "deals", "durations");
    private static final Set<String> PARALLEL = Set.of("num", "denom");

    /** Parses and validates a simulation file's text. */
    public static SimSpec parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            String loc = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new SimInputException("", "not valid JSON" + loc + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SimInputException("", "expected a JSON object at the top level");
        }
        return parse(root);
    }

    static SimSpec parse(JsonNode root) {
        onlyKnown(root, "", TOP);
        SectorSize size = SectorSize.S32G;
        if (root.has("sectorSize")) {
            JsonNode n = root.get("sectorSize");
            try {
                size = SectorSize.parse(n.isNumber() ? Long.toString(n.asLong()) : text(n, "sectorSize"));
            } catch (IllegalArgumentException e) {
                throw new SimInputException("sectorSize", e.getMessage());
            }
        }
        SealProof.Version version = SealProof.Version.V1_1;
        if (root.has("proofVersion")) {
            try {
                version = SealProof.Version.parse(text(root.get("proofVersion"), "proofVersion"));
            } catch (IllegalArgumentException e) {
                throw new SimInputException("proofVersion", e.getMessage());
            }
        }
        AssignerKind assigner = AssignerKind.UTILIZATION;
        if (root.has("assigner")) {
            try {
                assigner = AssignerKind.parse(text(root.get("assigner"), "assigner"));
            } catch (IllegalArgumentException e) {
                throw new SimInputException("assigner", e.getMessage());
            }
        }
        Parallelism parallel = Parallelism.DEFAULT;
        if (root.has("parallel")) {
            JsonNode p = object(root.get("parallel"), "parallel");
            onlyKnown(p, "parallel", PARALLEL);
            int num = (int) integer(p, "num", "parallel.num", 1, Integer.MAX_VALUE, true, 0);
            int denom = (int) integer(p, "denom", "parallel.denom", 1, Integer.MAX_VALUE, true, 0);
            if (num > denom) {
                throw new SimInputException("parallel", "num must not exceed denom, got " + num + "/" + denom);
            }
            parallel = new Parallelism(num, denom);
        }
        long seed = integer(root, "seed", "seed", Long.MIN_VALUE, Long.MAX_VALUE, false, 1);
        List<WorkerSpec> workers = workers(root.get("workers"));
        List<TaskSpec> tasks = tasks(root.get("tasks"));
        PipelineSpec pipeline = root.has("pipeline") && !root.get("pipeline").isNull()
                ? pipeline(root.get("pipeline")) : null;
        return new SimSpec(size, SealProof.of(size, version), assigner, parallel, seed, workers, tasks, pipeline);
    }

    private static List<WorkerSpec> workers(JsonNode arr) {
        if (arr == null || !arr.isArray()) {
            throw new SimInputException("workers", arr == null ? "missing (a list of workers is required)"
                    : "expected a list of workers");
        }
        List<WorkerSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            String f = "workers[" + i + "]";
            JsonNode w = object(arr.get(i), f);
            onlyKnown(w, f, WORKER);
            if (!w.has("name")) {
                throw new SimInputException(f + ".name", "missing");
            }
            String name = text(w.get("name"), f + ".name");
            if (name.isBlank()) {
                throw new SimInputException(f + ".name", "must not be empty");
            }
            int count = (int) integer(w, "count", f + ".count", 1, 1_000_000, false, 1);
            int cpus = (int) integer(w, "cpus", f + ".cpus", 1, 1_000_000, true, 0);
            long memPhysical = size(w, "memPhysical", f, true);
            long memSwap = size(w, "memSwap", f, false);
            long memUsed = size(w, "memUsed", f, false);
            long memSwapUsed = size(w, "memSwapUsed", f, false);
            List<String> gpus = new ArrayList<>();
            if (w.has("gpus")) {
                JsonNode g = w.get("gpus");
                if (!g.isArray()) {
                    throw new SimInputException(f + ".gpus", "expected a list of GPU names, e.g. [\"RTX 3090\"]");
                }
                for (int k = 0; k < g.size(); k++) {
                    gpus.add(text(g.get(k), f + ".gpus[" + k + "]"));
                }
            }
            if (!w.has("tasks")) {
                throw new SimInputException(f + ".tasks", "missing (the task types it accepts, e.g. [\"PC1\", \"PC2\"])");
            }
            JsonNode tt = w.get("tasks");
            if (!tt.isArray()) {
                throw new SimInputException(f + ".tasks", "expected a list of task types, e.g. [\"PC1\", \"PC2\"]");
            }
            Set<TaskType> types = EnumSet.noneOf(TaskType.class);
            for (int k = 0; k < tt.size(); k++) {
                types.add(taskType(tt.get(k), f + ".tasks[" + k + "]"));
            }
            Map<String, String> env = new TreeMap<>();
            if (w.has("env")) {
                JsonNode e = object(w.get("env"), f + ".env");
                Iterator<Map.Entry<String, JsonNode>> it = e.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> kv = it.next();
                    JsonNode v = kv.getValue();
                    if (!v.isValueNode() || v.isNull()) {
                        throw new SimInputException(f + ".env." + kv.getKey(), "expected a string value");
                    }
                    env.put(kv.getKey(), v.asText());
                }
            }
            boolean ignore = false;
            if (w.has("ignoreResources")) {
                JsonNode b = w.get("ignoreResources");
                if (!b.isBoolean()) {
                    throw new SimInputException(f + ".ignoreResources", "expected true or false");
                }
                ignore = b.asBoolean();
            }
            ResourceTable table;
            List<String> warnings = new ArrayList<>();
            try {
                table = ResourceTable.fromEnv(env, warnings::add);
            } catch (ResourceEnvException e) {
                throw new SimInputException(f + ".env." + e.variable(), e.getMessage());
            }
            if (!warnings.isEmpty()) {
                throw new SimInputException(f + ".env", warnings.get(0));
            }
            WorkerResources res;
            try {
                res = new WorkerResources(memPhysical, memUsed, memSwap, memSwapUsed, cpus, gpus);
            } catch (IllegalArgumentException e) {
                throw new SimInputException(f, e.getMessage());
            }
            for (int c = 1; c <= count; c++) {
                String n = count == 1 ? name : name + "-" + c;
                if (!names.add(n)) {
                    throw new SimInputException(f + ".name", "duplicate worker name '" + n + "'");
                }
                out.add(new WorkerSpec(n, res, types, env, ignore, table, i, name));
            }
        }
        if (out.isEmpty()) {
            throw new SimInputException("workers", "at least one worker is required");
        }
        return out;
    }

    private static List<TaskSpec> tasks(JsonNode arr) {
        if (arr == null || arr.isNull()) {
            return List.of();
        }
        if (!arr.isArray()) {
            throw new SimInputException("tasks", "expected a list of tasks");
        }
        List<TaskSpec> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            String f = "tasks[" + i + "]";
            JsonNode t = object(arr.get(i), f);
            onlyKnown(t, f, TASK);
            if (!t.has("id")) {
                throw new SimInputException(f + ".id", "missing");
            }
            String id = text(t.get("id"), f + ".id");
            if (!ids.add(id)) {
                throw new SimInputException(f + ".id", "duplicate task id '" + id + "'");
            }
            if (!t.has("type")) {
                throw new SimInputException(f + ".type", "missing");
            }
            TaskType type = taskType(t.get("type"), f + ".type");
            long sector = integer(t, "sector", f + ".sector", 0, Long.MAX_VALUE, false, -1);
            int priority = (int) integer(t, "priority", f + ".priority", Integer.MIN_VALUE, Integer.MAX_VALUE, false, 0);
            long at = seconds(t, "at", f + ".at", false);
            long prepare = seconds(t, "prepare", f + ".prepare", false);
            long duration = seconds(t, "duration", f + ".duration", true);
            TaskType prep = type;
            if (t.has("prepType")) {
                JsonNode p = t.get("prepType");
                String s = text(p, f + ".prepType");
                prep = s.equalsIgnoreCase("none") || s.isEmpty() ? TaskType.NOOP : taskType(p, f + ".prepType");
            }
            out.add(new TaskSpec(id, type, sector, priority, at, prepare, duration, prep));
        }
        return out;
    }

    private static PipelineSpec pipeline(JsonNode p) {
        object(p, "pipeline");
        onlyKnown(p, "pipeline", PIPELINE);
        int sectors = (int) integer(p, "sectors", "pipeline.sectors", 0, 10_000_000, true, 0);
        long every = seconds(p, "every", "pipeline.every", false);
        long start = seconds(p, "start", "pipeline.start", false);
        double deals = 0;
        if (p.has("deals")) {
            JsonNode d = p.get("deals");
            if (!d.isNumber() || d.asDouble() < 0 || d.asDouble() > 1) {
                throw new SimInputException("pipeline.deals", "expected a fraction between 0 and 1, got " + d);
            }
            deals = d.asDouble();
        }
        if (!p.has("durations")) {
            throw new SimInputException("pipeline.durations", "missing (seconds per step, e.g. {\"PC1\": 10620})");
        }
        JsonNode d = object(p.get("durations"), "pipeline.durations");
        Map<String, Long> given = new LinkedHashMap<>();
        Iterator<String> names = d.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!PIPELINE_ORDER.containsKey(k)) {
                throw new SimInputException("pipeline.durations." + k, "unknown step (expected some of "
                        + String.join(", ", PIPELINE_ORDER.keySet()) + ")");
            }
            given.put(k, seconds(d, k, "pipeline.durations." + k, true));
        }
        List<Step> steps = new ArrayList<>();
        PIPELINE_ORDER.forEach((k, task) -> {
            if (given.containsKey(k)) {
                steps.add(new Step(task, given.get(k)));
            }
        });
        if (steps.stream().noneMatch(s -> s.type() != null)) {
            throw new SimInputException("pipeline.durations", "needs at least one task step");
        }
        return new PipelineSpec(sectors, every, start, deals, List.copyOf(steps));
    }

    // ---- field helpers ------------------------------------------------------------------

    private static void onlyKnown(JsonNode obj, String path, Set<String> known) {
        Iterator<String> it = obj.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!known.contains(k)) {
                String f = path.isEmpty() ? k : path + "." + k;
                throw new SimInputException(f, "unknown field (expected one of " + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static JsonNode object(JsonNode n, String f) {
        if (n == null || !n.isObject()) {
            throw new SimInputException(f, "expected a JSON object");
        }
        return n;
    }

    private static String text(JsonNode n, String f) {
        if (n == null || !n.isTextual()) {
            throw new SimInputException(f, "expected a string, got " + n);
        }
        return n.asText();
    }

    private static TaskType taskType(JsonNode n, String f) {
        String s = text(n, f);
        try {
            return TaskType.parse(s);
        } catch (IllegalArgumentException e) {
            throw new SimInputException(f, e.getMessage());
        }
    }

    private static long integer(JsonNode obj, String key, String f, long min, long max, boolean required, long dflt) {
        JsonNode n = obj.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                throw new SimInputException(f, "missing");
            }
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new SimInputException(f, "expected a whole number, got " + n);
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw new SimInputException(f, "must be " + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "at least " + min : "between " + min + " and " + max) + ", got " + v);
        }
        return v;
    }

    /** Seconds (whole or decimal, not negative) to milliseconds. */
    private static long seconds(JsonNode obj, String key, String f, boolean required) {
        JsonNode n = obj.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                throw new SimInputException(f, "missing (seconds)");
            }
            return 0;
        }
        if (!n.isNumber()) {
            throw new SimInputException(f, "expected a number of seconds, got " + n);
        }
        double v = n.asDouble();
        if (v < 0 || Double.isNaN(v)) {
            throw new SimInputException(f, "must not be negative, got " + n);
        }
        if (v > 1e12) {
            throw new SimInputException(f, "too large, got " + n);
        }
        return Math.round(v * 1000);
    }

    private static long size(JsonNode obj, String key, String parent, boolean required) {
        String f = parent + "." + key;
        JsonNode n = obj.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                throw new SimInputException(f, "missing (a size such as \"128GiB\" or a byte count)");
            }
            return 0;
        }
        if (n.isIntegralNumber()) {
            if (n.asLong() < 0) {
                throw new SimInputException(f, "must not be negative, got " + n);
            }
            return n.asLong();
        }
        if (!n.isTextual()) {
            throw new SimInputException(f, "expected a size such as \"128GiB\" or a byte count, got " + n);
        }
        try {
            return Bytes.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new SimInputException(f, e.getMessage());
        }
    }
}
