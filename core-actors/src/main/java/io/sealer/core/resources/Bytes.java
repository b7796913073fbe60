package io.sealer.core.resources;

import java.util.Locale;

/** Binary-unit sizes: "1.5 GiB" in and out; parse also takes plain byte counts. */
public final class Bytes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Bytes() {}

    /** Formats like Lotus's %.4g with binary units; zero is "0 B". */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0 B";
        }
        double v = bytes;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        String num = String.format(Locale.ROOT, "%.4g", v);
        if (num.contains(".") && !num.contains("e")) {
            num = num.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return num + " " + UNITS[unit];
    }

    /** Parses "128GiB", "1.5 GiB", "512MiB", "2KiB" or a byte count. */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty size");
        }
        String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        String num = t.substring(0, i);
        String unit = t.substring(i).trim();
        int pow = -1;
        if (unit.isEmpty() || unit.equals("B")) {
            pow = 0;
        } else {
            for (int u = 1; u < UNITS.length; u++) {
                if (UNITS[u].equalsIgnoreCase(unit)) {
                    pow = u;
                }
            }
        }
        if (num.isEmpty() || pow < 0) {
            throw new IllegalArgumentException("bad size '" + text + "' (expected e.g. 128GiB, 512MiB or bytes)");
        }
        try {
            double v = Double.parseDouble(num) * Math.pow(1024, pow);
            if (v > Long.MAX_VALUE) {
                throw new IllegalArgumentException("size '" + text + "' is too large");
            }
            long r = (long) v;
            if (r != v) {
                throw new IllegalArgumentException("size '" + text + "' is not a whole number of bytes");
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size '" + text + "' (expected e.g. 128GiB, 512MiB or bytes)");
        }
    }
}
