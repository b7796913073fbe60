package io.sealer.proofs;

import java.util.Locale;

/**
 * Registered seal proof ids (docs/proofs.md): StackedDrg 2KiB, 8MiB, 512MiB, 32GiB,
 * 64GiB as V1 0..4, V1_1 5..9, V1_1 synthetic 10..14, V1_2 non-interactive 15..19.
 */
public final class SealProofs {
    private static final long[] SIZES = {2048L, 8L << 20, 512L << 20, 32L << 30, 64L << 30};
    private static final String[] SIZE_NAMES = {"2KiB", "8MiB", "512MiB", "32GiB", "64GiB"};

    private SealProofs() {}

    /** Parses "2KiB", "8MiB", "512MiB", "32GiB", "64GiB" (case-insensitive) or a byte count. */
    public static long parseSize(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("sector size is missing");
        }
        String t = text.trim();
        for (int i = 0; i < SIZES.length; i++) {
            if (SIZE_NAMES[i].equalsIgnoreCase(t) || Long.toString(SIZES[i]).equals(t)) {
                return SIZES[i];
            }
        }
        throw new IllegalArgumentException("unsupported sector size '" + text + "': expected one of "
                + String.join(", ", SIZE_NAMES));
    }

    /** "2KiB", "8MiB", "512MiB", "32GiB" or "64GiB" for a supported sector size in bytes. */
    public static String sizeName(long sectorSize) {
        return SIZE_NAMES[sizeIndex(sectorSize)];
    }

    /** The registered proof for a sector size and proof version "1.0" (V1) or "1.1" (V1_1). */
    public static int id(long sectorSize, String version) {
        int index = sizeIndex(sectorSize);
        String v = version == null ? "" : version.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "1.0", "1", "v1", "1.0.0" -> index;
            case "1.1", "v1_1", "1.1.0" -> 5 + index;
            default -> throw new IllegalArgumentException("unsupported proof version '" + version + "' (1.0 or 1.1)");
        };
    }

    /** Sector size in padded bytes. */
    public static long sectorSize(int proof) {
        return SIZES[SealInputs.proof(proof) % 5];
    }

    /** SDR layers: 2 up to 512 MiB, 11 for 32 and 64 GiB. */
    public static int layers(int proof) {
        return sectorSize(proof) >= (32L << 30) ? 11 : 2;
    }

    /** Unpadded bytes of a whole sector (127/128 of the padded size). */
    public static long unpaddedSectorSize(int proof) {
        return sectorSize(proof) / 128 * 127;
    }

    /** A readable name such as "StackedDrg2KiBV1_1". */
    public static String name(int proof) {
        SealInputs.proof(proof);
        String size = SIZE_NAMES[proof % 5];
        return switch (proof / 5) {
            case 0 -> "StackedDrg" + size + "V1";
            case 1 -> "StackedDrg" + size + "V1_1";
            case 2 -> "StackedDrg" + size + "V1_1_Feat_SyntheticPoRep";
            default -> "StackedDrg" + size + "V1_2_Feat_NonInteractivePoRep";
        };
    }

    private static int sizeIndex(long sectorSize) {
        for (int i = 0; i < SIZES.length; i++) {
            if (SIZES[i] == sectorSize) {
                return i;
            }
        }
        throw new IllegalArgumentException("unsupported sector size " + sectorSize + " bytes");
    }
}
