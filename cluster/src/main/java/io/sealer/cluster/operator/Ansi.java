package io.sealer.cluster.operator;

import java.util.regex.Pattern;

/** ANSI colours for the terminal views, or none: one switch decides for a whole rendering. */
record Ansi(boolean on) {
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;]*m");

    static final String RED = "31";
    static final String GREEN = "32";
    static final String YELLOW = "33";
    static final String BLUE = "34";
    static final String MAGENTA = "35";
    static final String CYAN = "36";

    String paint(String color, String text) {
        return on && !text.isEmpty() ? "\u001b[" + color + "m" + text + "\u001b[0m" : text;
    }

    /** {@code text} without its colour escapes: what a terminal shows. */
    static String strip(String text) {
        return ESCAPES.matcher(text).replaceAll("");
    }
}
