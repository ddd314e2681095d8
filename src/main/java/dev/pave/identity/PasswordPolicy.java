package dev.pave.identity;

import dev.pave.error.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a local password must be: at least {@link #MIN_LENGTH} characters, not the username, and not on the list of
 * common passwords shipped with Pave ({@code common-passwords.txt} beside this class).
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;

    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    public static void check(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new ValidationException("passwords need at least " + MIN_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && lower.equals(username.toLowerCase(Locale.ROOT))) {
            throw new ValidationException("the password must not be the username");
        }
        if (COMMON.contains(lower) || lower.chars().distinct().count() == 1) {
            throw new ValidationException("that password is too common; choose one that is harder to guess");
        }
    }

    private static Set<String> load() {
        Set<String> common = new HashSet<>();
        try (var in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from Pave's classpath");
            }
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .forEach(line -> common.add(line.toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return common;
    }
}
