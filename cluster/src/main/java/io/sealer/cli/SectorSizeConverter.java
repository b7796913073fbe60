package io.sealer.cli;

import io.sealer.core.task.SectorSize;

/**
 * Reads a {@code --size} option: "2KiB", "8MiB", "512MiB", "32GiB", "64GiB" (or "32G", or the
 * byte count). Every command that takes a sector size uses this, so a bad size reads the same
 * everywhere: "--size: unsupported sector size '1GiB' (expected one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB)".
 */
public final class SectorSizeConverter extends ParsingConverter<SectorSize> {
    @Override
    SectorSize parse(String value) {
        return SectorSize.parse(value);
    }
}
