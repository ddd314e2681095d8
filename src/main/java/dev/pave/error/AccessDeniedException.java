package dev.pave.error;

public class AccessDeniedException extends PaveException {

    public AccessDeniedException(String message) {
        super(message);
    }

    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "AccessDeniedException";
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
