package io.sealer.cli;

import io.sealer.core.task.SealProof;

/**
 * Reads a {@code --proof-version} option: the versions sealer can seal, "1.0" (V1) and "1.1"
 * (V1_1). Every command that takes it (run, bench) refuses anything else with the same line:
 * "--proof-version: unsupported proof version '1.2' (expected 1.0 or 1.1)".
 */
public final class ProofVersionConverter extends ParsingConverter<SealProof.Version> {
    @Override
    SealProof.Version parse(String value) {
        SealProof.Version v;
        try {
            v = SealProof.Version.parse(value);
        } catch (IllegalArgumentException e) {
            v = null;
        }
        if (v != SealProof.Version.V1 && v != SealProof.Version.V1_1) {
            throw new IllegalArgumentException("unsupported proof version '" + value + "' (expected 1.0 or 1.1)");
        }
        return v;
    }
}
