package io.sealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sealer.core.Durations;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Duration options read as people write them, and printed back the same way; never ISO-8601. */
class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({
        "5s, 5000, 5s",
        "2m30s, 150000, 2m30s",
        "2m 30s, 150000, 2m30s",
        "250ms, 250, 250ms",
        "1.5s, 1500, 1.5s",
        "1.5h, 5400000, 1h30m",
        "2h, 7200000, 2h",
        "1d, 86400000, 24h",
        "26h5s, 93605000, 26h5s",
        "0s, 0, 0s",
    })
    void readsAndPrintsBack(String text, long millis, String printed) {
        Duration d = DurationConverter.parseDuration(text);
        assertEquals(millis, d.toMillis());
        assertEquals(printed, Durations.format(d));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-5s|'-5s' is negative; expected a duration such as 30s, 5m, 2m30s or 2h",
        "5|'5' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
        "5 parsecs|'5 parsecs' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
        "PT5S|'PT5S' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
        "2m30|'2m30' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
    })
    void refusesWithTheText(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> DurationConverter.parseDuration(text)).getMessage());
    }
}
