package io.sealer.cli.bench;

import io.sealer.cli.ProofVersionConverter;
import io.sealer.cli.SectorSizeConverter;
import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorSize;
import picocli.CommandLine.Option;

/** The `--size` and `--proof-version` options every bench command takes. */
final class SectorOptions {
    @Option(names = "--size", required = true, converter = SectorSizeConverter.class,
            description = "Sector size: 2KiB, 8MiB, 512MiB, 32GiB, 64GiB.")
    SectorSize size;

    @Option(names = "--proof-version", defaultValue = "1.1", converter = ProofVersionConverter.class,
            description = "1.0 (V1) or 1.1 (V1_1; default).")
    SealProof.Version proofVersion;

    /** The registered seal proof id; a clear error for a bad size or version. */
    int proof() {
        return SealBench.proof(size.label(), proofVersion.label());
    }

    long sectorBytes() {
        return size.bytes();
    }
}
