package dev.pave.error;

public class ServiceQuotaExceededException extends PaveException {

    public ServiceQuotaExceededException(String message) {
        super(message);
    }

    public ServiceQuotaExceededException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "ServiceQuotaExceededException";
    }

    @Override
    public int httpStatus() {
        return 402;
    }
}
