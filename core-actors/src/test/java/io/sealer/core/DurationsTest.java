package io.sealer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "5000, 5s",
        "150000, 2m30s",
        "120000, 2m",
        "3600000, 1h",
        "3905000, 1h5m5s",
        "3601000, 1h1s",
        "250, 250ms",
        "1500, 1.5s",
        "61250, 1m1.25s",
        "-5000, -5s",
        "90000000, 25h",
    })
    void formatsLikePeopleWrite(long millis, String expected) {
        assertEquals(expected, Durations.format(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @CsvSource({"1500, 1µs", "999, 999ns", "2000000, 2ms"})
    void formatsSubMillisecond(long nanos, String expected) {
        assertEquals(expected, Durations.format(Duration.ofNanos(nanos)));
    }
}
