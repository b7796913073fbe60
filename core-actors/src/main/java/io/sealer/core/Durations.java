package io.sealer.core;

import java.time.Duration;

/**
 * Durations as people write them: "5s", "2m30s", "1h5m", "250ms", "1.5s", never ISO-8601 "PT5S".
 * Whole units only are printed (no "0m"); below one second the figure is in milliseconds;
 * a fraction of a second is kept with at most three digits and no trailing zeros.
 */
public final class Durations {
    private Durations() {}

    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long millis = d.toMillis();
        if (millis == 0) {
            return d.toNanos() / 1_000 > 0 ? d.toNanos() / 1_000 + "µs" : d.toNanos() + "ns";
        }
        if (millis < 1_000) {
            return millis + "ms";
        }
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int fraction = d.toMillisPart();
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || fraction > 0) {
            out.append(seconds);
            if (fraction > 0) {
                out.append('.').append(String.format("%03d", fraction).replaceAll("0+$", ""));
            }
            out.append('s');
        }
        return out.toString();
    }
}
