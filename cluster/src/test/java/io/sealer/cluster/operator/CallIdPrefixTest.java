package io.sealer.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallIdPrefixTest {
    private static final UUID A = UUID.fromString("1a2b3c4d-0000-0000-0000-000000000001");
    private static final UUID B = UUID.fromString("1a2b9999-0000-0000-0000-000000000002");
    private static final UUID C = UUID.fromString("ffff0000-0000-0000-0000-000000000003");
    private static final List<UUID> JOBS = List.of(C, B, A, A);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1a2b3, 1a2b3c4d-0000-0000-0000-000000000001",
            "1A2B9, 1a2b9999-0000-0000-0000-000000000002",
            "f, ffff0000-0000-0000-0000-000000000003",
            "' ffff0000-0000-0000-0000-000000000003 ', ffff0000-0000-0000-0000-000000000003",
    })
    void aUniquePrefixIsThatJob(String prefix, UUID expected) {
        assertEquals(expected, CallIdPrefix.resolve(prefix, JOBS));
    }

    @ParameterizedTest(name = "prefix [{0}]")
    @CsvSource(delimiter = '|', value = {
            "1a2b|call id prefix 1a2b matches 2 jobs; give more of the id: 1a2b3c4d-0000-0000-0000-000000000001, "
                    + "1a2b9999-0000-0000-0000-000000000002",
            "1a2c|no job with call id starting with 1a2c",
            "''|no call id given: pass the start of a job's ID as `sealing jobs` shows it",
            "xyz|'xyz' is not the start of a call id (expected hex digits such as 1a2b3c4d)",
    })
    void otherwiseTheMessageSaysWhy(String prefix, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> CallIdPrefix.resolve(prefix, JOBS))
                .getMessage());
    }
}
