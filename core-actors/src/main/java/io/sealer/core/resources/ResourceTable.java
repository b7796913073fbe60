package io.sealer.core.resources;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sealer.core.JsonSerializable;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The per-(task type, sector size) resource table (docs/scheduling.md), immutable; the
 * defaults are read once from default-resources.txt, one named field per column. Every
 * worker computes its own from the defaults and its environment ({@link #fromEnv}) and sends
 * it with its info; the scheduler always uses the worker's table.
 */
public final class ResourceTable implements JsonSerializable {

    /** Task types that have rows; every other type needs nothing and has no env overrides. */
    public static final Set<TaskType> TYPES = Collections.unmodifiableSet(java.util.EnumSet.of(
            TaskType.DC, TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2, TaskType.GET,
            TaskType.UNS, TaskType.RU, TaskType.PR1, TaskType.PR2, TaskType.GSK, TaskType.WDP, TaskType.WNP));

    private static final ResourceTable DEFAULTS = buildDefaults();

    private final Map<TaskType, Resources[]> rows;

    private ResourceTable(Map<TaskType, Resources[]> rows) {
        this.rows = rows;
    }

    /** Lotus's default table, unchanged by any environment. */
    public static ResourceTable defaults() {
        return DEFAULTS;
    }

    /**
     * What a task of {@code type} sealed with {@code proof} needs. V1_1 and synthetic proofs
     * reuse the V1 row of their size; NI-PoRep and the row-less types get {@link Resources#NONE}.
     */
    public Resources spec(TaskType type, SealProof proof) {
        Resources[] r = rows.get(type);
        if (r == null || proof.version() == SealProof.Version.V1_2_NI) {
            return Resources.NONE;
        }
        return r[proof.sectorSize().ordinal()];
    }

    public Resources spec(TaskType type, SectorSize size) {
        Resources[] r = rows.get(type);
        return r == null ? Resources.NONE : r[size.ordinal()];
    }

    /**
     * The defaults overridden by {@code env} (docs/scheduling.md): {@code <SHORT>_<SIZE>_<FIELD>} beats
     * {@code <SHORT>_<FIELD>}; PC1 and UNS take 1 + producers threads when
     * FIL_PROOFS_USE_MULTICORE_SDR=1 and no override is set.
     *
     * @param warn receives one line per questionable variable (sized DC vars, unknown names)
     * @throws ResourceEnvException naming the variable whose value does not parse
     */
    public static ResourceTable fromEnv(Map<String, String> env, Consumer<String> warn) {
        Map<TaskType, Resources[]> out = new EnumMap<>(TaskType.class);
        int sdrThreads = 1 + multicoreSdrProducers(env);
        for (Map.Entry<TaskType, Resources[]> e : DEFAULTS.rows.entrySet()) {
            TaskType type = e.getKey();
            Resources[] sized = e.getValue().clone();
            for (SectorSize size : SectorSize.values()) {
                Resources r = sized[size.ordinal()];
                for (ResourceField field : ResourceField.values()) {
                    String sizedKey = ResourceKeys.sized(type, size, field);
                    String unsizedKey = ResourceKeys.unsized(type, field);
                    String key = env.containsKey(sizedKey) ? sizedKey : env.containsKey(unsizedKey) ? unsizedKey : null;
                    if (key != null) {
                        if (key.equals(sizedKey) && !type.sectorSized()) {
                            warn.accept(key + " is set but " + type.shortName()
                                    + " does not depend on sector size; using it for " + size.label() + " only");
                        }
                        r = parse(field, r, key, env.get(key));
                    } else if (field == ResourceField.MAX_PARALLELISM
                            && (type == TaskType.PC1 || type == TaskType.UNS)) {
                        r = ResourceField.MAX_PARALLELISM.apply(r, Integer.toString(sdrThreads));
                    }
                }
                sized[size.ordinal()] = r;
            }
            out.put(type, sized);
        }
        for (String name : env.keySet()) {
            if (ResourceKeys.looksLikeResourceKey(name) && !ResourceKeys.isKnown(name)) {
                warn.accept("ignoring unknown resource variable " + name);
            }
        }
        return new ResourceTable(out);
    }

    /** Producer threads of multicore SDR: 0 unless FIL_PROOFS_USE_MULTICORE_SDR=1, then 3 or the set value. */
    static int multicoreSdrProducers(Map<String, String> env) {
        if (!"1".equals(env.getOrDefault("FIL_PROOFS_USE_MULTICORE_SDR", "").trim())) {
            return 0;
        }
        String v = env.get("FIL_PROOFS_MULTICORE_SDR_PRODUCERS");
        if (v == null) {
            return 3;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 0) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException ex) {
            throw new ResourceEnvException("FIL_PROOFS_MULTICORE_SDR_PRODUCERS", v, "a non-negative integer");
        }
    }

    private static Resources parse(ResourceField field, Resources r, String key, String value) {
        try {
            return field.apply(r, value);
        } catch (NumberFormatException ex) {
            String expected = switch (field) {
                case GPU_UTILIZATION -> "a non-negative decimal such as 0.5";
                case MIN_MEMORY, MAX_MEMORY, BASE_MIN_MEMORY -> "a byte count (unsigned integer)";
                default -> "an integer";
            };
            throw new ResourceEnvException(key, value, expected);
        }
    }

    /** Rows as a flat list, the form this table takes on the wire. */
    @JsonValue
    public List<Row> toRows() {
        List<Row> list = new ArrayList<>();
        rows.forEach((type, sized) -> {
            for (SectorSize size : SectorSize.values()) {
                list.add(new Row(type, size, sized[size.ordinal()]));
            }
        });
        return list;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ResourceTable fromRows(List<Row> list) {
        Map<TaskType, Resources[]> m = new EnumMap<>(TaskType.class);
        for (Row row : list) {
            m.computeIfAbsent(row.type(), t -> new Resources[SectorSize.values().length])[row.size().ordinal()] = row.resources();
        }
        m.forEach((type, sized) -> {
            for (SectorSize size : SectorSize.values()) {
                if (sized[size.ordinal()] == null) {
                    throw new IllegalArgumentException("resource table lacks " + type.shortName() + " " + size.label());
                }
            }
        });
        return new ResourceTable(m);
    }

    /** One row of the table on the wire. */
    public record Row(TaskType type, SectorSize size, Resources resources) implements JsonSerializable {}

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceTable other && toRows().equals(other.toRows());
    }

    @Override
    public int hashCode() {
        return toRows().hashCode();
    }

    private static ResourceTable buildDefaults() {
        return new ResourceTable(ResourceTableFile.load("default-resources.txt"));
    }
}
