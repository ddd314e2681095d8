package dev.pave.error;

public class ValidationException extends PaveException {

    public ValidationException(String message) {
        super(message);
    }

    public ValidationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "ValidationException";
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
