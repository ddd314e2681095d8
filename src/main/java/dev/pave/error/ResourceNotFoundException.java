package dev.pave.error;

public class ResourceNotFoundException extends PaveException {

    public ResourceNotFoundException(String message) {
        super(message);
    }

    public ResourceNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "ResourceNotFoundException";
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
