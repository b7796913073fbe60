package io.sealer.cli;

import java.time.Duration;

/** Reads a duration option ("30s", "2m30s") with the wording of {@link Durations}; negatives are refused. */
public final class DurationConverter extends ParsingConverter<Duration> {
    @Override
    Duration parse(String value) {
        return Durations.parse(value);
    }
}
