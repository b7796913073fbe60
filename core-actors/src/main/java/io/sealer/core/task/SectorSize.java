package io.sealer.core.task;

/** The five sector sizes with their byte counts, display labels and env-var short forms. */
public enum SectorSize {
    S2K(2L << 10, "2KiB", "2K"),
    S8M(8L << 20, "8MiB", "8M"),
    S512M(512L << 20, "512MiB", "512M"),
    S32G(32L << 30, "32GiB", "32G"),
    S64G(64L << 30, "64GiB", "64G");

    private final long bytes;
    private final String label;
    private final String envName;

    SectorSize(long bytes, String label, String envName) {
        this.bytes = bytes;
        this.label = label;
        this.envName = envName;
    }

    public long bytes() {
        return bytes;
    }

    /** "32GiB". */
    public String label() {
        return label;
    }

    /** "32G", the form used in resource env vars such as PC1_32G_MAX_MEMORY. */
    public String envName() {
        return envName;
    }

    /** Unpadded capacity: 127/128 of the size (fr32 padding). */
    public long unpaddedBytes() {
        return bytes - bytes / 128;
    }

    /** Parses "32GiB", "32G", "32gib" or a byte count such as "34359738368". */
    public static SectorSize parse(String text) {
        String t = text == null ? "" : text.trim();
        for (SectorSize s : values()) {
            if (s.label.equalsIgnoreCase(t) || s.envName.equalsIgnoreCase(t)
                    || t.equals(Long.toString(s.bytes))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unsupported sector size '" + text
                + "' (expected one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB)");
    }

    public static SectorSize ofBytes(long bytes) {
        for (SectorSize s : values()) {
            if (s.bytes == bytes) {
                return s;
            }
        }
        throw new IllegalArgumentException("unsupported sector size " + bytes + " bytes");
    }

    @Override
    public String toString() {
        return label;
    }
}
