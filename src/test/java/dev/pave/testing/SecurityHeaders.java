package dev.pave.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The headers every response of Pave carries, checked on whatever response a test holds (REST Assured's or a plain
 * HTTP client's, by a function from header name to value): a Content-Security-Policy that allows scripts and styles
 * from Pave only (no {@code unsafe-inline}, no {@code unsafe-eval}) and no framing, plus nosniff, a same-origin
 * referrer and {@code X-Frame-Options: DENY} for browsers without CSP.
 */
public final class SecurityHeaders {

    /** Each directive's sources, exactly. */
    private static final Map<String, List<String>> POLICY = Map.of(
            "default-src", List.of("'self'"),
            "script-src", List.of("'self'"),
            "style-src", List.of("'self'"),
            "img-src", List.of("'self'", "data:"),
            "connect-src", List.of("'self'"),
            "object-src", List.of("'none'"),
            "frame-ancestors", List.of("'none'"),
            "base-uri", List.of("'self'"),
            "form-action", List.of("'self'"));

    private SecurityHeaders() {
    }

    /** Fails unless the response described by {@code what} carries every header with its expected value. */
    public static void assertPresent(String what, Function<String, String> header) {
        String csp = header.apply("Content-Security-Policy");
        assertNotNull(csp, "Content-Security-Policy on " + what);
        assertEquals(POLICY, directives(csp), "Content-Security-Policy on " + what + ": " + csp);
        assertEquals("nosniff", header.apply("X-Content-Type-Options"), "X-Content-Type-Options on " + what);
        assertEquals("same-origin", header.apply("Referrer-Policy"), "Referrer-Policy on " + what);
        assertEquals("DENY", header.apply("X-Frame-Options"), "X-Frame-Options on " + what);
    }

    /** The policy's directives by name, each with its sources in order. */
    static Map<String, List<String>> directives(String policy) {
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String directive : policy.split(";")) {
            List<String> words = List.of(directive.strip().split("\\s+"));
            if (!words.get(0).isEmpty()) {
                directives.put(words.get(0).toLowerCase(java.util.Locale.ROOT), words.subList(1, words.size()));
            }
        }
        return directives;
    }
}
