package io.sealer.core.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sealing task types (docs/scheduling.md, "Task types") with their stable wire names, short names and
 * order weights. The wire name is what crosses nodes and is persisted; never the ordinal.
 * Order weight drives the queue rule: negative weights form the tier that always goes first,
 * then lower weight first (the closer a task is to finishing a sector, the sooner it runs).
 */
public enum TaskType {
    DC("seal/v0/datacid", "DC", 10, Kind.SEALING, true),
    AP("seal/v0/addpiece", "AP", 9, Kind.SEALING, true),
    PC1("seal/v0/precommit/1", "PC1", 5, Kind.SEALING, true),
    PC2("seal/v0/precommit/2", "PC2", 4, Kind.SEALING, true),
    C1("seal/v0/commit/1", "C1", 2, Kind.SEALING, false),
    C2("seal/v0/commit/2", "C2", 3, Kind.SEALING, true),
    FIN("seal/v0/finalize", "FIN", -3, Kind.SEALING, false),
    FUS("seal/v0/finalizeunsealed", "FUS", -4, Kind.SEALING, false),
    GET("seal/v0/fetch", "GET", -1, Kind.SEALING, false),
    UNS("seal/v0/unseal", "UNS", 1, Kind.SEALING, true),
    RU("seal/v0/replicaupdate", "RU", 8, Kind.SEALING, true),
    PR1("seal/v0/provereplicaupdate/1", "PR1", 6, Kind.SEALING, false),
    PR2("seal/v0/provereplicaupdate/2", "PR2", 7, Kind.SEALING, true),
    GSK("seal/v0/regensectorkey", "GSK", 11, Kind.SEALING, true),
    FRU("seal/v0/finalize/replicaupdate", "FRU", 0, Kind.SEALING, false),
    DL("seal/v0/download/sector", "DL", -2, Kind.SEALING, false),
    WDP("post/v0/windowproof", "WDP", -5, Kind.WINDOW_POST, false),
    WNP("post/v0/winningproof", "WNP", -6, Kind.WINNING_POST, false),
    /** The "no prepare step" pseudo type; prints as UNK. */
    NOOP("", "UNK", 0, Kind.SEALING, false);

    /** The worker kind a task type belongs to; a worker carries types of one kind only. */
    public enum Kind { SEALING, WINDOW_POST, WINNING_POST }

    private static final Map<String, TaskType> BY_WIRE = new HashMap<>();
    private static final Map<String, TaskType> BY_SHORT = new HashMap<>();

    static {
        for (TaskType t : values()) {
            BY_WIRE.put(t.wireName, t);
            BY_SHORT.put(t.shortName, t);
        }
    }

    private final String wireName;
    private final String shortName;
    private final int orderWeight;
    private final Kind kind;
    private final boolean toggleable;

    TaskType(String wireName, String shortName, int orderWeight, Kind kind, boolean toggleable) {
        this.wireName = wireName;
        this.shortName = shortName;
        this.orderWeight = orderWeight;
        this.kind = kind;
        this.toggleable = toggleable;
    }

    /** "seal/v0/precommit/1". */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** "PC1". */
    public String shortName() {
        return shortName;
    }

    public int orderWeight() {
        return orderWeight;
    }

    public Kind kind() {
        return kind;
    }

    /** False only for DC, which is not tied to a sector (it warns on sized env vars). */
    public boolean sectorSized() {
        return this != DC;
    }

    /** Whether `worker tasks enable|disable` may switch this type (AP DC PC1 PC2 C2 UNS RU PR2 GSK). */
    public boolean toggleable() {
        return toggleable;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TaskType ofWireName(String wire) {
        TaskType t = BY_WIRE.get(wire);
        if (t == null) {
            throw new IllegalArgumentException("unknown task type '" + wire + "'");
        }
        return t;
    }

    /** Parses a short name ("PC1", case-insensitive) or a wire name. */
    public static TaskType parse(String text) {
        String t = text == null ? "" : text.trim();
        TaskType s = BY_SHORT.get(t.toUpperCase(Locale.ROOT));
        if (s != null && s != NOOP) {
            return s;
        }
        TaskType w = BY_WIRE.get(t);
        if (w != null && w != NOOP) {
            return w;
        }
        throw new IllegalArgumentException("unknown task type '" + text
                + "' (expected a short name such as AP, PC1, PC2, C1, C2, FIN, GET)");
    }
}
