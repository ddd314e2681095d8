package dev.pave.web;

/** How pages read what people typed: blank is "not given". */
public final class Texts {

    private Texts() {
    }

    /** The text stripped, or null when it is absent or blank. */
    public static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
