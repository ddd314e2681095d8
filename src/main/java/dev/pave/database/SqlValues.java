package dev.pave.database;

import java.time.Instant;

/** Values of native queries' columns, whichever Java type the driver and Hibernate hand them over as. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A {@code timestamptz} column (null stays null). */
    public static Instant instant(Object column) {
        if (column instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (column instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        return (Instant) column;
    }
}
