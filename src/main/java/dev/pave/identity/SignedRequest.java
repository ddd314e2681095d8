package dev.pave.identity;

import java.util.List;
import java.util.Map;

/**
 * The parts of an HTTP request that a SigV4 signature covers.
 *
 * @param headers header names in lower case, each with its values in arrival order
 * @param rawQuery the query string as sent (still percent-encoded), or empty
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
