package io.sealer.core.resources;

import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.util.Map;
import java.util.TreeMap;

/** Names of the resource override variables: {@code PC1_32G_MAX_MEMORY}, {@code UNS_MAX_PARALLELISM}. */
public final class ResourceKeys {
    private ResourceKeys() {}

    public static String sized(TaskType type, SectorSize size, ResourceField field) {
        return type.shortName() + "_" + size.envName() + "_" + field.name();
    }

    public static String unsized(TaskType type, ResourceField field) {
        return type.shortName() + "_" + field.name();
    }

    /** Whether {@code name} starts with the short name of a task type that has table rows. */
    static boolean looksLikeResourceKey(String name) {
        for (TaskType t : ResourceTable.TYPES) {
            if (name.startsWith(t.shortName() + "_")) {
                return true;
            }
        }
        return false;
    }

    static boolean isKnown(String name) {
        for (TaskType t : ResourceTable.TYPES) {
            for (ResourceField f : ResourceField.values()) {
                if (name.equals(unsized(t, f))) {
                    return true;
                }
                for (SectorSize s : SectorSize.values()) {
                    if (name.equals(sized(t, s, f))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Every sized key with its value in {@code table}, plus each unsized key with the value
     * of its 32 GiB row (Lotus shows an arbitrary size there; we always show 32 GiB).
     */
    public static Map<String, String> all(ResourceTable table) {
        Map<String, String> out = new TreeMap<>();
        for (TaskType t : ResourceTable.TYPES) {
            for (ResourceField f : ResourceField.values()) {
                for (SectorSize s : SectorSize.values()) {
                    out.put(sized(t, s, f), f.format(table.spec(t, s)));
                }
                out.put(unsized(t, f), f.format(table.spec(t, SectorSize.S32G)));
            }
        }
        return out;
    }

    /** The resource variables set in {@code env}, as given. */
    public static Map<String, String> set(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (isKnown(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
