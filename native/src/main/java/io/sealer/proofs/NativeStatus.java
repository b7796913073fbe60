package io.sealer.proofs;

/**
 * The {@code sc_status} codes libsealcore returns (native/c/include/sealcore.h); the two lists
 * must stay equal, which {@code NativeStatusTest} checks against the C header.
 */
public enum NativeStatus {
    OK(0),
    /** Bad argument: unknown proof, wrong length, path too long. */
    ERR_ARG(-1),
    /** A file could not be read, written, mapped or renamed. */
    ERR_IO(-2),
    /** Memory or threads could not be had. */
    ERR_NOMEM(-3),
    /** A digest, commitment or proof does not match. */
    ERR_VERIFY(-4),
    /** The caller cancelled the call through its {@link NativeProgress}. */
    CANCELLED(-5);

    private final int code;

    NativeStatus(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    /** The status of a C return code; ERR_ARG for a code libsealcore never returns. */
    public static NativeStatus of(int code) {
        return java.util.Arrays.stream(values()).filter(s -> s.code == code).findFirst().orElse(ERR_ARG);
    }
}
