package dev.pave.error;

public class ConflictException extends PaveException {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "ConflictException";
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
