package io.sealer.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealer.core.task.SectorSize;
import io.sealer.core.task.TaskType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text form of a resource table: named columns, copies, and errors that name the line. */
class ResourceTableFileTest {
    private static final String HEADER = "type size MIN_MEMORY MAX_PARALLELISM\n";

    @Test
    void namedColumnsAllSizesAndCopies() {
        Map<TaskType, Resources[]> rows = ResourceTableFile.parse("t", HEADER
                + "GET all 1MiB 0\n"
                + "# a comment\n"
                + "FIN = GET\n"
                + "DC = GET 32GiB\n");
        for (SectorSize s : SectorSize.values()) {
            assertEquals(new Resources(1L << 20, 0, 0, 0, 0, 0, 0), rows.get(TaskType.GET)[s.ordinal()]);
            assertEquals(rows.get(TaskType.GET)[s.ordinal()], rows.get(TaskType.FIN)[s.ordinal()]);
            assertEquals(rows.get(TaskType.GET)[s.ordinal()], rows.get(TaskType.DC)[s.ordinal()]);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "type size MIN_MEMORY BOGUS\\n; t line 1: unknown field BOGUS (expected one of [MIN_MEMORY",
        "HEADER GET all 1MiB\\n; t line 2: expected 4 columns, found 3",
        "HEADER GET 2KiB 1MiB 0\\n; t: no GET row for 8MiB",
        "HEADER FIN = GET\\n; t line 2: GET has no rows above this line",
        "HEADER GET all lots 0\\n; t line 2: bad size 'lots'",
    })
    void errorsNameTheLine(String text, String message) {
        String input = text.replace("HEADER ", HEADER).replace("\\n", "\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ResourceTableFile.parse("t", input));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
