package io.sealer.cluster.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lotus's API permission levels, cumulative in this order: a token for a level carries every
 * level below it (a {@code sign} token allows read, write and sign).
 */
public enum Permission {
    READ, WRITE, SIGN, ADMIN;

    /** The name in tokens and on the command line: read, write, sign, admin. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The token's {@code Allow} list for this level: every level up to and including it. */
    public List<String> allowList() {
        List<String> allow = new ArrayList<>();
        for (Permission p : values()) {
            if (p.ordinal() <= ordinal()) {
                allow.add(p.label());
            }
        }
        return List.copyOf(allow);
    }

    public boolean includes(Permission needed) {
        return ordinal() >= needed.ordinal();
    }

    /** Parses read, write, sign or admin; anything else names the valid choices. */
    public static Permission parse(String text) {
        if (text != null) {
            for (Permission p : values()) {
                if (p.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("expected one of read, write, sign, admin, got '" + text + "'");
    }

    /** The highest level named in an {@code Allow} list; unknown names are ignored (other tools add their own). */
    public static Permission highestOf(List<String> allow) {
        Permission best = null;
        for (String a : allow) {
            for (Permission p : values()) {
                if (p.label().equals(a) && (best == null || p.ordinal() > best.ordinal())) {
                    best = p;
                }
            }
        }
        return best;
    }
}
