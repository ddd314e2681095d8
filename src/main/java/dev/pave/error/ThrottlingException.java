package dev.pave.error;

public class ThrottlingException extends PaveException {

    public ThrottlingException(String message) {
        super(message);
    }

    public ThrottlingException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "ThrottlingException";
    }

    @Override
    public int httpStatus() {
        return 429;
    }
}
