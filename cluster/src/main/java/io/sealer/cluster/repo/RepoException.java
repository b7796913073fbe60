package io.sealer.cluster.repo;

/** A repository that cannot be used as asked; the message is for the operator as it stands. */
public final class RepoException extends Exception {
    private static final long serialVersionUID = 1L;

    public RepoException(String message) {
        super(message);
    }

    public RepoException(String message, Throwable cause) {
        super(message, cause);
    }
}
