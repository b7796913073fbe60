package io.sealer.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration option as people write it: "250ms", "30s", "2m30s", "1.5h" (units ms, s,
 * m, h, d; a number without a unit, a negative or an ISO-8601 "PT5S" is refused). Printing
 * is {@link io.sealer.core.Durations#format}, which writes the same form.
 */
public final class DurationConverter extends ParsingConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    /** What a user is told a duration looks like. */
    static final String EXAMPLES = "a duration such as 30s, 5m, 2m30s or 2h";

    @Override
    Duration parse(String value) {
        return parseDuration(value);
    }

    /**
     * Parses a non-negative duration.
     *
     * @throws IllegalArgumentException with a message that quotes the text and says what was expected
     */
    static Duration parseDuration(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative; expected " + EXAMPLES);
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            total = total.plus(part(new BigDecimal(m.group(1)), m.group(2)));
            at = m.end();
            while (at < t.length() && t.charAt(at) == ' ') {
                at++;
            }
        }
        if (t.isEmpty() || at != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; expected " + EXAMPLES);
        }
        return total;
    }

    private static Duration part(BigDecimal amount, String unit) {
        long nanosPerUnit = switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
    }
}
