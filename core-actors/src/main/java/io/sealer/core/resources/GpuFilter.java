package io.sealer.core.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which GPUs this process may use: NVIDIA_VISIBLE_DEVICES selects from all devices (by index
 * or UUID; "all", or "none"/"void"/empty for none), then CUDA_VISIBLE_DEVICES selects from
 * those (by position or UUID; an invalid entry ends the list, as CUDA does).
 */
public final class GpuFilter {
    private static final Pattern LINE = Pattern.compile("^GPU (\\d+): (.+?)(?: \\(UUID: ([^)]+)\\))?\\s*$");

    private GpuFilter() {}

    /** One line of {@code nvidia-smi -L}. */
    public record Gpu(int index, String name, String uuid) {}

    public static Gpu parseLine(String line) {
        Matcher m = LINE.matcher(line.trim());
        if (!m.matches()) {
            return null;
        }
        return new Gpu(Integer.parseInt(m.group(1)), m.group(2).trim(), m.group(3) == null ? "" : m.group(3));
    }

    public static List<Gpu> visible(List<Gpu> all, String nvidiaVisible, String cudaVisible) {
        List<Gpu> step = select(all, nvidiaVisible, true);
        return select(step, cudaVisible, false);
    }

    private static List<Gpu> select(List<Gpu> from, String spec, boolean byIndex) {
        if (spec == null) {
            return from;
        }
        String s = spec.trim();
        if (s.equalsIgnoreCase("all")) {
            return from;
        }
        List<Gpu> out = new ArrayList<>();
        if (s.isEmpty() || s.equalsIgnoreCase("none") || s.equalsIgnoreCase("void")) {
            return out;
        }
        for (String raw : s.split(",")) {
            String item = raw.trim();
            Gpu found = null;
            if (item.matches("\\d+")) {
                int n = Integer.parseInt(item);
                if (byIndex) {
                    for (Gpu g : from) {
                        if (g.index() == n) {
                            found = g;
                        }
                    }
                } else if (n < from.size()) {
                    found = from.get(n);
                }
            } else if (!item.isEmpty()) {
                for (Gpu g : from) {
                    if (!g.uuid().isEmpty() && (g.uuid().equals(item) || g.uuid().startsWith(item))) {
                        found = g;
                    }
                }
            }
            if (found == null) {
                if (byIndex) {
                    continue;
                }
                break;
            }
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        return out;
    }
}
