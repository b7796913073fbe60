package io.sealer.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: "250ms", "5s", "2m30s", "1h", "1.5h" in, the same form
 * out (never ISO-8601 "PT5S"). Units: ms, s, m, h, d; a number without a unit is refused.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    /** What a user is told a duration looks like. */
    public static final String EXAMPLES = "a duration such as 30s, 5m, 2m30s or 2h";

    private Durations() {}

    /**
     * Parses a non-negative duration.
     *
     * @throws IllegalArgumentException with a message that quotes the text and says what was expected
     */
    public static Duration parse(String text) {
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

    /** "0s", "250ms", "5s", "1.5s", "2m30s", "1h", "26h0m5s": hours, minutes, seconds, milliseconds kept. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + (millis == 0 && d.isZero() ? "s" : "ms");
        }
        long h = millis / 3_600_000;
        long m = millis / 60_000 % 60;
        long s = millis / 1000 % 60;
        long ms = millis % 1000;
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0 || (h > 0 && (s > 0 || ms > 0))) {
            b.append(m).append('m');
        }
        if (s > 0 || ms > 0) {
            b.append(s);
            if (ms > 0) {
                b.append('.').append(String.format(java.util.Locale.ROOT, "%03d", ms).replaceAll("0+$", ""));
            }
            b.append('s');
        }
        return b.toString();
    }
}
