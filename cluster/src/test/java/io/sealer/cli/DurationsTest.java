package io.sealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations as people write them, in and out; never ISO-8601. */
class DurationsTest {

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
        "26h5s, 93605000, 26h0m5s",
        "0s, 0, 0s",
    })
    void parsesAndFormats(String text, long millis, String formatted) {
        Duration d = Durations.parse(text);
        assertEquals(millis, d.toMillis());
        assertEquals(formatted, Durations.format(d));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-5s|'-5s' is negative; expected a duration such as 30s, 5m, 2m30s or 2h",
        "5|'5' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
        "5 parsecs|'5 parsecs' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
        "PT5S|'PT5S' is not a duration; expected a duration such as 30s, 5m, 2m30s or 2h",
    })
    void refusesWithTheText(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"PT0.001S, 1ms", "PT59.999S, 59.999s", "PT1H0.5S, 1h0m0.5s", "PT-5S, -5s"})
    void formatsWhatCodeComputes(String iso, String formatted) {
        assertEquals(formatted, Durations.format(Duration.parse(iso)));
    }
}
