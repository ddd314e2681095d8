package dev.pave.web;

import dev.pave.error.ValidationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A list page's filters as its query string carries them: absent and blank are "any", kept as empty text for the page. */
public final class QueryParams {

    private QueryParams() {
    }

    /** The value as the page shows it back: stripped, empty when absent. */
    public static String text(String param) {
        return param == null ? "" : param.strip();
    }

    /** Far beyond any real list, and low enough that the page's first row number cannot overflow. */
    static final int MAX_PAGE = 100_000;

    /** The page asked for: 1 when absent or below 1; a page past {@link #MAX_PAGE} is refused. */
    public static int page(Integer param) {
        if (param != null && param > MAX_PAGE) {
            throw new ValidationException("page must be at most " + MAX_PAGE);
        }
        return param == null || param < 1 ? 1 : param;
    }

    /** A filter naming one of an enum's constants; null for "any", refused when it names none. */
    public static <E extends Enum<E>> E choice(Class<E> type, String filter, String param) {
        if (param == null || param.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, param.strip());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(filter + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The value as a service filter takes it: null for "any". */
    public static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
