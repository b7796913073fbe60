package io.sealer.core.resources;

import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a resource table written as text (the defaults are default-resources.txt next to this
 * class): a header "type size FIELD..." naming a {@link ResourceField} per column, then one
 * line per (type, size) or "type all" for every size, "A = B" to copy type B's rows, and
 * "A = B SIZE" to use B's row of one size for every size of A. Every type it names must end up
 * with all five sizes. Errors name the line.
 */
final class ResourceTableFile {
    private ResourceTableFile() {}

    static Map<TaskType, Resources[]> load(String resource) {
        try (InputStream in = ResourceTableFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource table " + resource + " is missing from the jar");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource table " + resource + ": " + e.getMessage(), e);
        }
    }

    static Map<TaskType, Resources[]> parse(String name, String text) {
        Map<TaskType, Resources[]> rows = new EnumMap<>(TaskType.class);
        List<ResourceField> columns = null;
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = name + " line " + (n + 1);
            String[] f = line.split("\\s+");
            try {
                if (columns == null) {
                    columns = header(f);
                } else if (f.length >= 3 && f[1].equals("=")) {
                    copy(rows, f);
                } else {
                    row(rows, columns, f);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        rows.forEach((type, sized) -> {
            for (SectorSize size : SectorSize.values()) {
                if (sized[size.ordinal()] == null) {
                    throw new IllegalStateException(name + ": no " + type.shortName() + " row for " + size.label());
                }
            }
        });
        return rows;
    }

    private static List<ResourceField> header(String[] f) {
        if (f.length < 3 || !f[0].equals("type") || !f[1].equals("size")) {
            throw new IllegalArgumentException("expected the header 'type size FIELD...'");
        }
        List<ResourceField> columns = new ArrayList<>();
        for (int i = 2; i < f.length; i++) {
            try {
                columns.add(ResourceField.valueOf(f[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown field " + f[i] + " (expected one of "
                        + Arrays.toString(ResourceField.values()) + ")", e);
            }
        }
        return columns;
    }

    private static void row(Map<TaskType, Resources[]> rows, List<ResourceField> columns, String[] f) {
        if (f.length != columns.size() + 2) {
            throw new IllegalArgumentException("expected " + (columns.size() + 2) + " columns, found " + f.length);
        }
        Resources r = Resources.NONE;
        for (int i = 0; i < columns.size(); i++) {
            ResourceField field = columns.get(i);
            String value = f[i + 2];
            boolean bytes = field == ResourceField.MIN_MEMORY || field == ResourceField.MAX_MEMORY
                    || field == ResourceField.BASE_MIN_MEMORY;
            r = field.apply(r, bytes ? Long.toString(Bytes.parse(value)) : value);
        }
        Resources[] sized = rows.computeIfAbsent(TaskType.parse(f[0]), t -> new Resources[SectorSize.values().length]);
        if (f[1].equals("all")) {
            Arrays.fill(sized, r);
        } else {
            sized[SectorSize.parse(f[1]).ordinal()] = r;
        }
    }

    private static void copy(Map<TaskType, Resources[]> rows, String[] f) {
        Resources[] from = rows.get(TaskType.parse(f[2]));
        if (from == null) {
            throw new IllegalArgumentException(f[2] + " has no rows above this line");
        }
        Resources[] to = from.clone();
        if (f.length == 4) {
            Arrays.fill(to, from[SectorSize.parse(f[3]).ordinal()]);
        } else if (f.length != 3) {
            throw new IllegalArgumentException("expected 'TYPE = TYPE' or 'TYPE = TYPE SIZE'");
        }
        rows.put(TaskType.parse(f[0]), to);
    }
}
