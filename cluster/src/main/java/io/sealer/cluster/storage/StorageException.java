package io.sealer.cluster.storage;

/** A storage request that cannot be carried out; the message is one sentence for the operator. */
public final class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
