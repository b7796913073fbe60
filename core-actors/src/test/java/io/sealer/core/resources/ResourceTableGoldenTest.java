package io.sealer.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The default table against a golden copy of Lotus's (lotus-default-resources.md, the tables
 * as docs/scheduling.md lists them): every row of every type, for every size and every proof
 * of that size, field by field, and the derived rows and gaps.
 */
class ResourceTableGoldenTest {
    private static final Pattern HEADING = Pattern.compile("^\\*\\*([A-Z0-9]+) \\(.*\\)\\*\\*(.*)$");
    private static final Pattern SHARES = Pattern.compile("([A-Z0-9]+)(?: \\([^)]*\\))? uses (?:exactly this table|identical values)");

    /** Golden rows per type and size, and the types that share another type's table. */
    private record Golden(Map<TaskType, Map<SectorSize, Resources>> rows, Map<TaskType, TaskType> shares) {}

    private static Golden golden() throws IOException {
        String text;
        try (InputStream in = ResourceTableGoldenTest.class.getResourceAsStream("/lotus-default-resources.md")) {
            assertNotNull(in, "lotus-default-resources.md on the test class path");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<TaskType, Map<SectorSize, Resources>> rows = new EnumMap<>(TaskType.class);
        Map<TaskType, TaskType> shares = new EnumMap<>(TaskType.class);
        TaskType current = null;
        for (String line : text.split("\n")) {
            Matcher h = HEADING.matcher(line.strip());
            if (h.matches()) {
                current = TaskType.parse(h.group(1));
                Matcher s = SHARES.matcher(h.group(2));
                while (s.find()) {
                    shares.put(TaskType.parse(s.group(1)), current);
                }
                continue;
            }
            if (!line.startsWith("| ") || line.startsWith("| Size") || current == null) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String c : line.substring(1, line.lastIndexOf('|')).split("\\|")) {
                cells.add(c.replace("**", "").strip());
            }
            // Size | Max | Min | Par | ParGPU | GPU | Base
            Resources r = new Resources(Bytes.parse(cells.get(2)), Bytes.parse(cells.get(1)),
                    Double.parseDouble(cells.get(5)), Integer.parseInt(cells.get(3)), Integer.parseInt(cells.get(4)),
                    Bytes.parse(cells.get(6)), 0);
            Map<SectorSize, Resources> bySize = rows.computeIfAbsent(current, t -> new EnumMap<>(SectorSize.class));
            if (cells.get(0).equals("all five sizes")) {
                for (SectorSize size : SectorSize.values()) {
                    bySize.put(size, r);
                }
            } else {
                bySize.put(SectorSize.parse(cells.get(0)), r);
            }
        }
        return new Golden(rows, shares);
    }

    private static void assertRow(Resources want, TaskType type, SectorSize size) {
        ResourceTable table = ResourceTable.defaults();
        for (SealProof proof : SealProof.values()) {
            if (proof.sectorSize() != size) {
                continue;
            }
            Resources got = proof.version() == SealProof.Version.V1_2_NI ? table.spec(type, size) : table.spec(type, proof);
            String where = type.shortName() + " " + size.label() + " " + proof;
            assertEquals(want.maxMemory(), got.maxMemory(), where + " MaxMemory");
            assertEquals(want.minMemory(), got.minMemory(), where + " MinMemory");
            assertEquals(want.maxParallelism(), got.maxParallelism(), where + " MaxParallelism");
            assertEquals(want.maxParallelismGpu(), got.maxParallelismGpu(), where + " MaxParallelismGPU");
            assertEquals(want.gpuUtilization(), got.gpuUtilization(), where + " GPUUtilization");
            assertEquals(want.baseMinMemory(), got.baseMinMemory(), where + " BaseMinMemory");
            assertEquals(0, got.maxConcurrent(), where + " MaxConcurrent");
        }
    }

    @Test
    void everyGoldenRowForEverySizeAndProof() throws IOException {
        Golden g = golden();
        assertEquals(EnumSet.of(TaskType.AP, TaskType.PC1, TaskType.PC2, TaskType.C1, TaskType.C2, TaskType.GET,
                TaskType.RU, TaskType.WDP, TaskType.WNP), g.rows().keySet(), "tables in the golden copy");
        int checked = 0;
        for (Map.Entry<TaskType, Map<SectorSize, Resources>> e : g.rows().entrySet()) {
            assertEquals(SectorSize.values().length, e.getValue().size(), e.getKey() + " sizes in the golden copy");
            for (Map.Entry<SectorSize, Resources> row : e.getValue().entrySet()) {
                assertRow(row.getValue(), e.getKey(), row.getKey());
                checked++;
            }
        }
        assertEquals(45, checked);
    }

    @Test
    void typesThatShareATableHaveItAtEverySize() throws IOException {
        Golden g = golden();
        assertEquals(Map.of(TaskType.UNS, TaskType.PC1, TaskType.PR1, TaskType.C1, TaskType.PR2, TaskType.C2,
                TaskType.GSK, TaskType.RU), g.shares());
        g.shares().forEach((type, of) -> g.rows().get(of).forEach((size, r) -> assertRow(r, type, size)));
    }

    @Test
    void dataCidUsesThe32GiBAddPieceRowAtEverySize() throws IOException {
        Resources ap32 = golden().rows().get(TaskType.AP).get(SectorSize.S32G);
        for (SectorSize size : SectorSize.values()) {
            assertRow(ap32, TaskType.DC, size);
        }
    }

    @Test
    void typesWithoutARowAndNiPoRepNeedNothing() {
        ResourceTable table = ResourceTable.defaults();
        Set<TaskType> zero = EnumSet.of(TaskType.FIN, TaskType.FUS, TaskType.FRU, TaskType.DL, TaskType.NOOP);
        for (SealProof proof : SealProof.values()) {
            for (TaskType type : TaskType.values()) {
                if (zero.contains(type) || proof.version() == SealProof.Version.V1_2_NI) {
                    assertEquals(Resources.NONE, table.spec(type, proof), type + " " + proof);
                }
            }
        }
    }
}
