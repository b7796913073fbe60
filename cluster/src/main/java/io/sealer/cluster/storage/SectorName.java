package io.sealer.cluster.storage;

import io.sealer.core.task.SectorId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The file name of a sector, {@code s-t0<miner>-<number>}, parsed strictly (no sign, no leading zeros, fits a long). */
public final class SectorName {
    private static final Pattern NAME = Pattern.compile("s-t0(0|[1-9][0-9]{0,17})-(0|[1-9][0-9]{0,17})");

    private SectorName() {}

    /** The sector a file name names; anything else is an IllegalArgumentException naming the expected form. */
    public static SectorId parse(String name) {
        Matcher m = name == null ? null : NAME.matcher(name);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("malformed sector name '" + name + "' (expected s-t0<miner>-<number>)");
        }
        return new SectorId(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    public static String of(SectorId sector) {
        return sector.toString();
    }
}
