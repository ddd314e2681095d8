package dev.pave.error;

public class InternalServerException extends PaveException {

    public InternalServerException(String message) {
        super(message);
    }

    public InternalServerException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "InternalServerException";
    }

    @Override
    public int httpStatus() {
        return 500;
    }
}
