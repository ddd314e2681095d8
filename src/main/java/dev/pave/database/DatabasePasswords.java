package dev.pave.database;

import dev.pave.PaveHome;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded database's two passwords, generated at its first start and kept in {@code $PAVE_HOME/postgres.passwords}
 * (readable by Pave's account only): the superuser's, which only Pave's start-up uses, and the {@code pave} role's,
 * which the application connects with.
 */
record DatabasePasswords(String superuser, String application) {

    static final String FILE = "postgres.passwords";

    static Optional<DatabasePasswords> read(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file)));
            String superuser = properties.getProperty("superuser");
            String application = properties.getProperty("pave");
            if (superuser == null || application == null) {
                throw new IllegalStateException(file + " lacks the superuser or pave password; restore it from a backup");
            }
            return Optional.of(new DatabasePasswords(superuser, application));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static DatabasePasswords generate() {
        return new DatabasePasswords(random(), random());
    }

    /** Keeps them for the next start; never replaces a file that exists. */
    void save(Path home) {
        PaveHome.writeSecretOnce(home.resolve(FILE), "# Passwords of Pave's embedded PostgreSQL, generated at its first start\n"
                + "superuser=" + superuser + "\npave=" + application + "\n");
    }

    /** A PostgreSQL string literal of a password (they are URL-safe base64, but quote anyway). */
    static String literal(String password) {
        return "'" + password.replace("'", "''") + "'";
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "DatabasePasswords[hidden]"; // never into a log by accident
    }
}
