package io.sealer.proofs;

/**
 * The {@code sc_status} codes libsealcore returns (native/c/include/sealcore.h); the two lists
 * must stay equal, which {@code NativeStatusTest} checks against the C header.
 */
public enum NativeStatus {
    // in order: the C value is minus the ordinal
    OK,
    /** Bad argument: unknown proof, wrong length, path too long. */
    ERR_ARG,
    /** A file could not be read, written, mapped or renamed. */
    ERR_IO,
    /** Memory or threads could not be had. */
    ERR_NOMEM,
    /** A digest, commitment or proof does not match. */
    ERR_VERIFY,
    /** The caller cancelled the call through its {@link NativeProgress}. */
    CANCELLED;

    /** The C value: 0, -1, -2, ... */
    public int code() {
        return -ordinal();
    }

    /** The status of a C return code; ERR_ARG for a code libsealcore never returns. */
    public static NativeStatus of(int code) {
        NativeStatus[] all = values();
        return code <= 0 && -code < all.length ? all[-code] : ERR_ARG;
    }
}
