package dev.pave.error;

/**
 * A failure a caller can act on. Each subtype carries the name and HTTP status Proton uses for it,
 * so the API door and the pages map every error in one place.
 */
public abstract class PaveException extends RuntimeException {

    protected PaveException(String message) {
        super(message);
    }

    protected PaveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Proton's error type, sent as {@code __type}. */
    public abstract String type();

    public abstract int httpStatus();
}
