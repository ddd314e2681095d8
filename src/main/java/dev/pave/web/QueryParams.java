package dev.pave.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A list page's filters as its query string carries them: absent and blank are "any", kept as empty text for the page. */
final class QueryParams {

    private QueryParams() {
    }

    /** The value as the page shows it back: stripped, empty when absent. */
    static String text(String param) {
        return param == null ? "" : param.strip();
    }

    /** The page asked for: 1 when absent or below 1. */
    static int page(Integer param) {
        return param == null || param < 1 ? 1 : param;
    }

    /** The value as a service filter takes it: null for "any". */
    static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
