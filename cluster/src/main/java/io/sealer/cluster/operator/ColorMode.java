package io.sealer.cluster.operator;

import java.util.Locale;

/** {@code --color=auto|always|never}: auto colours only when the output is a terminal. */
public enum ColorMode {
    AUTO, ALWAYS, NEVER;

    /** Whether to colour, given whether standard output is a terminal. */
    public boolean enabled(boolean terminal) {
        return this == ALWAYS || (this == AUTO && terminal);
    }

    /** Whether this JVM's standard output is a terminal (what {@link #AUTO} asks). */
    public static boolean stdoutIsTerminal() {
        return System.console() != null;
    }

    /** Parses auto, always or never; anything else names the valid choices. */
    public static ColorMode parse(String text) {
        for (ColorMode m : values()) {
            if (text != null && m.name().toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("--color: expected auto, always or never, got '" + text + "'");
    }
}
