package dev.pave.identity;

import java.util.regex.Pattern;

/** Where Pave may send a browser after it signs in: a path of its own, never another site ("//evil", "/\\evil", "https:"). */
public final class LocalPath {

    private static final Pattern SAFE = Pattern.compile("/(?![/\\\\])[^\\s\\\\\\p{Cntrl}]{0,2000}");

    private LocalPath() {
    }

    public static boolean isSafe(String path) {
        return path != null && SAFE.matcher(path).matches() && !path.startsWith("/login");
    }
}
