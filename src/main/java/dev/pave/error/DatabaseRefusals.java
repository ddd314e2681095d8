package dev.pave.error;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Turns what PostgreSQL refuses because of the request, not because Pave broke, into the error the caller should
 * see: a unique key taken by a concurrent request is a conflict, a NUL character in text is invalid input. The
 * doors (the Proton API, the pages) ask this before answering 500.
 */
public final class DatabaseRefusals {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    private static final String UNTRANSLATABLE_CHARACTER = "22P05";

    private DatabaseRefusals() {
    }

    public static Optional<PaveException> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return switch (sql.getSQLState()) {
                    case UNIQUE_VIOLATION -> Optional.of(new ConflictException(
                            "A resource with that name was created at the same time by another request; it already exists"));
                    case CHARACTER_NOT_IN_REPERTOIRE, UNTRANSLATABLE_CHARACTER -> Optional.of(new ValidationException(
                            "Text must not contain NUL characters"));
                    default -> Optional.empty();
                };
            }
        }
        return Optional.empty();
    }
}
