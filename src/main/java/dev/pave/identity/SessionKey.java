package dev.pave.identity;

import dev.pave.PaveHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The key that encrypts login-session cookies, kept under Pave's home so sessions survive a restart. */
public final class SessionKey {

    private SessionKey() {
    }

    public static String loadOrCreate(Path home) {
        Path file = home.resolve("session.key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PaveHome.writeSecretOnce(file, Base64.getEncoder().encodeToString(key));
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
