package dev.pave;

import dev.pave.host.ProcessEnvironment;
import dev.pave.host.SystemAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Pave's home directory ({@code $PAVE_HOME}, else {@code ~/.pave}): embedded database, keys and the secrets
 * written once at first start. Read before Quarkus config exists, so it looks at system properties and the
 * environment the way Quarkus would.
 */
public final class PaveHome {

    private PaveHome() {
    }

    public static Path resolve() {
        String configured = setting("pave.home");
        Path home = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".pave");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Pave home " + home, e);
        }
        secure(home);
        return home;
    }

    /** A Quarkus-style setting from a system property or its environment-variable form. */
    public static String setting(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            value = ProcessEnvironment.atStart().get(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value;
    }

    public static boolean isSet(String key) {
        return setting(key) != null;
    }

    /** Writes a secret file readable by its owner only; never overwrites one that exists. */
    public static void writeSecretOnce(Path file, String content) {
        try {
            if (Files.exists(file)) {
                return;
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Deletes a secret an earlier Pave kept and this one no longer uses, so it does not lie around. */
    public static void removeObsolete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    /**
     * Only Pave's account may read the home. Run by root, others may pass through it (never list it): the embedded
     * database's account must reach its own directories inside, and everything else in it is private to root.
     */
    public static void secure(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(SystemAccount.runningAsRoot() ? "rwx--x--x" : "rwx------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system, or not ours to change: the files inside are still 0600
        }
    }
}
