package dev.pave.web;

/** How pages read what people typed: blank is "not given". */
final class Texts {

    private Texts() {
    }

    /** The text stripped, or null when it is absent or blank. */
    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
