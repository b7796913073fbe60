package io.sealer.core.task;

/**
 * The registered seal proofs 0–19 (docs/proofs.md): the integer is the on-chain
 * RegisteredSealProof value and never changes.
 */
public enum SealProof {
    STACKED_DRG_2KIB_V1(0, SectorSize.S2K, Version.V1),
    STACKED_DRG_8MIB_V1(1, SectorSize.S8M, Version.V1),
    STACKED_DRG_512MIB_V1(2, SectorSize.S512M, Version.V1),
    STACKED_DRG_32GIB_V1(3, SectorSize.S32G, Version.V1),
    STACKED_DRG_64GIB_V1(4, SectorSize.S64G, Version.V1),
    STACKED_DRG_2KIB_V1_1(5, SectorSize.S2K, Version.V1_1),
    STACKED_DRG_8MIB_V1_1(6, SectorSize.S8M, Version.V1_1),
    STACKED_DRG_512MIB_V1_1(7, SectorSize.S512M, Version.V1_1),
    STACKED_DRG_32GIB_V1_1(8, SectorSize.S32G, Version.V1_1),
    STACKED_DRG_64GIB_V1_1(9, SectorSize.S64G, Version.V1_1),
    STACKED_DRG_2KIB_V1_1_SYNTHETIC(10, SectorSize.S2K, Version.V1_1_SYNTHETIC),
    STACKED_DRG_8MIB_V1_1_SYNTHETIC(11, SectorSize.S8M, Version.V1_1_SYNTHETIC),
    STACKED_DRG_512MIB_V1_1_SYNTHETIC(12, SectorSize.S512M, Version.V1_1_SYNTHETIC),
    STACKED_DRG_32GIB_V1_1_SYNTHETIC(13, SectorSize.S32G, Version.V1_1_SYNTHETIC),
    STACKED_DRG_64GIB_V1_1_SYNTHETIC(14, SectorSize.S64G, Version.V1_1_SYNTHETIC),
    STACKED_DRG_2KIB_V1_2_NI(15, SectorSize.S2K, Version.V1_2_NI),
    STACKED_DRG_8MIB_V1_2_NI(16, SectorSize.S8M, Version.V1_2_NI),
    STACKED_DRG_512MIB_V1_2_NI(17, SectorSize.S512M, Version.V1_2_NI),
    STACKED_DRG_32GIB_V1_2_NI(18, SectorSize.S32G, Version.V1_2_NI),
    STACKED_DRG_64GIB_V1_2_NI(19, SectorSize.S64G, Version.V1_2_NI);

    /** Proof (API) versions; V1_1 and its synthetic variant seal with the same graph ordering. */
    public enum Version {
        V1("1.0"),
        V1_1("1.1"),
        V1_1_SYNTHETIC("1.1-synthetic"),
        V1_2_NI("1.2-ni");

        private final String label;

        Version(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Version parse(String text) {
            for (Version v : values()) {
                if (v.label.equalsIgnoreCase(text.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unsupported proof version '" + text
                    + "' (expected 1.0, 1.1, 1.1-synthetic or 1.2-ni)");
        }
    }

    private final int id;
    private final SectorSize sectorSize;
    private final Version version;

    SealProof(int id, SectorSize sectorSize, Version version) {
        this.id = id;
        this.sectorSize = sectorSize;
        this.version = version;
    }

    public int id() {
        return id;
    }

    public SectorSize sectorSize() {
        return sectorSize;
    }

    public Version version() {
        return version;
    }

    public static SealProof of(SectorSize size, Version version) {
        for (SealProof p : values()) {
            if (p.sectorSize == size && p.version == version) {
                return p;
            }
        }
        throw new IllegalArgumentException("no seal proof for " + size.label() + " " + version.label());
    }

    public static SealProof ofId(int id) {
        if (id < 0 || id >= values().length) {
            throw new IllegalArgumentException("unknown registered seal proof " + id + " (expected 0..19)");
        }
        return values()[id];
    }
}
