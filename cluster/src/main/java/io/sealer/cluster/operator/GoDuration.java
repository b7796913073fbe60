package io.sealer.cluster.operator;

import java.time.Duration;

/** Durations as Go prints them ({@code 1h2m3.4s}, {@code 350ms}, {@code 0s}), which Lotus users read and parse. */
public final class GoDuration {
    private GoDuration() {}

    /** {@code d} truncated to a tenth of a second, in Go's format. */
    public static String tenths(Duration d) {
        long nanos = d.toNanos();
        return format(nanos - nanos % 100_000_000L);
    }

    /** Go's {@code time.Duration.String()} for {@code nanos}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000_000_000L) {
            if (n < 1_000L) {
                return sign + n + "ns";
            }
            if (n < 1_000_000L) {
                return sign + fraction(n, 1_000L) + "µs";
            }
            return sign + fraction(n, 1_000_000L) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        String seconds = fraction(n % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    /** {@code value / unit} with the fraction's trailing zeros (and a bare point) dropped. */
    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        int digits = Long.toString(unit).length() - 1;
        String frac = String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
        return whole + "." + frac;
    }
}
