package io.sealer.cli;

import io.sealer.core.task.SealProof;

/** Reads a {@code --proof-version} option ("1.0", "1.1", ...) with the wording of {@link SealProof.Version#parse}. */
public final class ProofVersionConverter extends ParsingConverter<SealProof.Version> {
    @Override
    SealProof.Version parse(String value) {
        return SealProof.Version.parse(value);
    }
}
