package io.sealer.proofs;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Checks done in Java before libsealcore is called for PreCommit2, Commit1/2, verification
 * and unsealing, so that bad input is an {@link IllegalArgumentException} with a clear message
 * and never reaches C. (The C side checks every length again.)
 */
public final class SealInputs {
    /** Registered seal proof ids libsealcore knows (StackedDrg V1, V1_1, synthetic, NI). */
    public static final int MAX_PROOF_ID = 19;
    /** Interactive PoRep (Commit1/2) is implemented for ids 0..9. */
    public static final int MAX_INTERACTIVE_PROOF_ID = 9;

    private SealInputs() {}

    public static int proof(int proof) {
        if (proof < 0 || proof > MAX_PROOF_ID) {
            throw new IllegalArgumentException("unknown registered seal proof " + proof + " (0.." + MAX_PROOF_ID + ")");
        }
        return proof;
    }

    public static int interactiveProof(int proof) {
        proof(proof);
        if (proof > MAX_INTERACTIVE_PROOF_ID) {
            throw new IllegalArgumentException("proof " + proof
                    + " is synthetic or non-interactive PoRep; Commit1/2 support ids 0.." + MAX_INTERACTIVE_PROOF_ID);
        }
        return proof;
    }

    /** A 32-byte value (ticket, seed, prover id, commitment). */
    public static byte[] bytes32(String what, byte[] value) {
        if (value == null || value.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got "
                    + (value == null ? "none" : value.length + " bytes"));
        }
        return value;
    }

    /** A commitment: 32 bytes whose value is below the BLS12-381 scalar modulus. */
    public static byte[] fr(String what, byte[] value) {
        bytes32(what, value);
        if ((value[31] & 0xff) > 0x73) {
            throw new IllegalArgumentException(what + " is not a BLS12-381 scalar (top byte " + (value[31] & 0xff) + ")");
        }
        return value;
    }

    /** Parses exactly 64 hex digits (an optional 0x prefix allowed) into 32 bytes. */
    public static byte[] hex32(String what, String hex) {
        if (hex == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (h.length() != 64) {
            throw new IllegalArgumentException(what + " must be 32 bytes as 64 hex digits, got " + h.length() + " characters");
        }
        try {
            return HexFormat.of().parseHex(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex: " + hex);
        }
    }

    public static long sectorId(long sectorId) {
        if (sectorId < 0) {
            throw new IllegalArgumentException("sector number must not be negative: " + sectorId);
        }
        return sectorId;
    }

    public static int threads(int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1..64, got " + threads);
        }
        return threads;
    }

    /** The longest path libsealcore takes, in bytes with the terminating NUL (SC_PATH_MAX). */
    public static final int PATH_MAX = 4096;
    /** Room a directory leaves for the names libsealcore writes into it (SC_DIR_RESERVE). */
    public static final int DIR_RESERVE = 128;

    /** A file path for libsealcore: absolute, at most PATH_MAX - 1 bytes of UTF-8. */
    public static String path(String what, Path p) {
        return bounded(what, p, PATH_MAX - 1);
    }

    /** A directory libsealcore writes files into: at most PATH_MAX - DIR_RESERVE - 1 bytes. */
    public static String dir(String what, Path p) {
        return bounded(what, p, PATH_MAX - DIR_RESERVE - 1);
    }

    private static String bounded(String what, Path p, int maxBytes) {
        if (p == null) {
            throw new IllegalArgumentException(what + " path is missing");
        }
        String abs = p.toAbsolutePath().toString();
        int bytes = abs.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(what + " path is too long (" + bytes + " bytes, at most " + maxBytes
                    + "): " + abs);
        }
        return abs;
    }
}
