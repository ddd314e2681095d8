package dev.pave.repository;

/** Git failures as text fit for a log or a status: the messages down the causes, without credentials. */
public final class GitErrors {

    private GitErrors() {
    }

    /** The exception's messages down its causes, without {@code token} or any user:password in a URL. */
    public static String describe(Throwable failure, String token) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !message.toString().contains(t.getMessage())) {
                message.append(message.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        String text = message.toString().replaceAll("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@", "$1***@");
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }
}
