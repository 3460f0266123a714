package dev.hearth.hub.storage;

/** The database refused or failed; the message says which database and why. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
