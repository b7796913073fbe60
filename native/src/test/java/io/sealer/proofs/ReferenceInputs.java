package io.sealer.proofs;

import java.util.Arrays;

/** The public inputs of the 2 KiB reference seal (docs/proofs.md): miner t01000, ticket 32 x 0x01. */
final class ReferenceInputs {
    private ReferenceInputs() {}

    /** prover_id of t01000: uvarint(1000) = e8 07, zero padded. */
    static byte[] prover() {
        byte[] prover = new byte[32];
        prover[0] = (byte) 0xe8;
        prover[1] = 0x07;
        return prover;
    }

    static byte[] ticket() {
        byte[] ticket = new byte[32];
        Arrays.fill(ticket, (byte) 1);
        return ticket;
    }
}
