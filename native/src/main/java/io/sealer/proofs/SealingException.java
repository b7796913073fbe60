package io.sealer.proofs;

/** A sealing step failed; the message names what was wrong (from libsealcore when native). */
public class SealingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public SealingException(int code, String message) {
        super(message);
        this.code = code;
    }

    public SealingException(String message) {
        this(NativeStatus.ERR_ARG.code(), message);
    }

    /** The native status code (negative), or -1 when the failure was detected in Java. */
    public int code() {
        return code;
    }

    public NativeStatus status() {
        return NativeStatus.of(code);
    }

    /** True when the call stopped because its {@link NativeProgress} was cancelled. */
    public boolean cancelled() {
        return status() == NativeStatus.CANCELLED;
    }
}
