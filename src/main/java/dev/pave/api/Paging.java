package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Proton's {@code nextToken}/{@code maxResults} paging. Tokens are opaque to clients; inside they carry the
 * offset and the operation they belong to, so a token from one list is refused by another.
 */
public record Paging(int offset, int limit, String scope) {

    public static final int DEFAULT_LIMIT = 100;

    public static Paging of(JsonNode input, String scope) {
        int limit = input.path("maxResults").asInt(DEFAULT_LIMIT);
        JsonNode token = input.get("nextToken");
        if (token == null || token.isNull() || token.asText().isEmpty()) {
            return new Paging(0, limit, scope);
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token.asText()), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length != 2 || !parts[1].equals(scope)) {
                throw new IllegalArgumentException();
            }
            int offset = Integer.parseInt(parts[0]);
            if (offset < 0) {
                throw new IllegalArgumentException();
            }
            return new Paging(offset, limit, scope);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("The nextToken is not valid for this request");
        }
    }

    /** Writes one page of {@code rows} (fetched with one extra row to know whether more follow). */
    public <T> ObjectNode write(ObjectNode output, String listName, List<T> rows, Function<T, JsonNode> mapper) {
        ArrayNode items = output.putArray(listName);
        rows.stream().limit(limit).map(mapper).forEach(items::add);
        if (rows.size() > limit) {
            String next = (offset + limit) + "|" + scope;
            output.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
        }
        return output;
    }

    /** How many rows to fetch: one more than a page. */
    public int fetchSize() {
        return limit + 1;
    }
}
