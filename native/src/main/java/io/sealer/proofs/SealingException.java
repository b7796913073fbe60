package io.sealer.proofs;

/** A sealing step failed; the message names what was wrong (from libsealcore when native). */
public class SealingException extends RuntimeException {
    private final int code;

    public SealingException(int code, String message) {
        super(message);
        this.code = code;
    }

    public SealingException(String message) {
        this(-1, message);
    }

    /** The native error code (negative), or -1 when the failure was detected in Java. */
    public int code() {
        return code;
    }
}
