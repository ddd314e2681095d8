package dev.pave;

import java.util.Locale;

/** Patterns for {@code lower(column) like :p escape '\'}: what a person typed, matched literally and without case. */
public final class LikePatterns {

    private LikePatterns() {
    }

    /** Anything containing the text. */
    public static String containing(String text) {
        return "%" + literal(text) + "%";
    }

    /** Anything starting with the text. */
    public static String startingWith(String text) {
        return literal(text) + "%";
    }

    private static String literal(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
