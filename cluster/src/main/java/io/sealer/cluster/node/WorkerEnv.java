package io.sealer.cluster.node;

import io.sealer.core.resources.ResourceEnvException;
import io.sealer.core.resources.ResourceField;
import io.sealer.core.resources.ResourceKeys;
import io.sealer.core.resources.ResourceTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The environment variables a node reads, checked where they are read so that a mistake stops
 * the command with one line naming the variable ("invalid value for X: 'v' (expected ...)")
 * instead of being ignored: SEALER_LOG_LEVEL, NVIDIA_VISIBLE_DEVICES and the resource
 * overrides (docs/configuration.md).
 */
public final class WorkerEnv {
    public static final String LOG_LEVEL = "SEALER_LOG_LEVEL";
    public static final String NVIDIA_VISIBLE_DEVICES = "NVIDIA_VISIBLE_DEVICES";
    private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");
    /** A GPU index, or a GPU or MIG UUID as nvidia-smi -L prints them. */
    private static final Pattern DEVICE = Pattern.compile("\\d+|(?:GPU|MIG)-[0-9A-Za-z/-]+");

    private WorkerEnv() {}

    /** SEALER_LOG_LEVEL, when set, is one of trace, debug, info, warn, error (any case). */
    public static void checkLogLevel(Map<String, String> env) {
        String v = env.get(LOG_LEVEL);
        if (v != null && !LOG_LEVELS.contains(v.trim().toLowerCase(Locale.ROOT))) {
            throw new ResourceEnvException(LOG_LEVEL, v, "one of " + String.join(", ", LOG_LEVELS));
        }
    }

    /** NVIDIA_VISIBLE_DEVICES, when set, is all, none, void, empty, or a comma-separated list of indexes or UUIDs. */
    public static void checkVisibleDevices(Map<String, String> env) {
        String v = env.get(NVIDIA_VISIBLE_DEVICES);
        if (v == null) {
            return;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("all") || t.equals("none") || t.equals("void")) {
            return;
        }
        for (String item : v.split(",", -1)) {
            if (!DEVICE.matcher(item.trim()).matches()) {
                throw new ResourceEnvException(NVIDIA_VISIBLE_DEVICES, v,
                        "all, none, or a comma-separated list of GPU indexes or UUIDs such as 0,1 or GPU-3b2c...");
            }
        }
    }

    /**
     * The resource table with this environment's overrides, refusing values the table would
     * accept but no worker can honour: a negative MAX_CONCURRENT, and a GPU_UTILIZATION above the
     * number of GPUs (above 1 on a machine without GPUs, where GPU tasks run on the CPU).
     *
     * @param gpus the GPUs this worker has
     * @param warn receives one line per questionable variable
     */
    public static ResourceTable resourceTable(Map<String, String> env, int gpus, Consumer<String> warn) {
        checkVisibleDevices(env);
        ResourceTable table = ResourceTable.fromEnv(env, warn);
        int maxUtilization = Math.max(1, gpus);
        ResourceKeys.set(env).forEach((key, value) -> {
            if (key.endsWith("_" + ResourceField.MAX_CONCURRENT.name()) && Integer.parseInt(value.trim()) < 0) {
                throw new ResourceEnvException(key, value, "a non-negative integer; 0 means no limit");
            }
            if (key.endsWith("_" + ResourceField.GPU_UTILIZATION.name())
                    && Double.parseDouble(value.trim()) > maxUtilization) {
                throw new ResourceEnvException(key, value, "at most " + maxUtilization + ", the number of GPUs "
                        + (gpus == 0 ? "a worker without GPUs counts" : "this worker has"));
            }
        });
        return table;
    }
}
