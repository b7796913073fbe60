package io.sealer.cluster.api.auth;

/** A token that is malformed, signed with another secret, or carries no permission we know. */
public final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message) {
        super(message);
    }
}
