package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** Small helpers for reading inputs and writing outputs in Proton's JSON 1.0 shapes. */
public final class Json {

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Sets a member unless the value is null: Proton leaves absent members out rather than sending null. */
    public static ObjectNode put(ObjectNode node, String name, Object value) {
        if (value == null) {
            return node;
        }
        if (value instanceof Instant instant) {
            node.put(name, time(instant));
        } else if (value instanceof JsonNode json) {
            node.set(name, json);
        } else if (value instanceof Boolean b) {
            node.put(name, b);
        } else if (value instanceof Integer i) {
            node.put(name, i);
        } else if (value instanceof Long l) {
            node.put(name, l);
        } else {
            node.put(name, value.toString());
        }
        return node;
    }

    /** JSON 1.0 timestamps are epoch seconds with a fraction. */
    public static BigDecimal time(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    public static Optional<String> text(JsonNode input, String name) {
        JsonNode v = input.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    /** A member the model marks required (so present after validation). */
    public static String required(JsonNode input, String name) {
        return text(input, name).orElseThrow(() -> new ValidationException(
                "1 validation error detected: Value null at '" + name + "' failed to satisfy constraint: Member must not be null"));
    }

    public static Optional<Boolean> bool(JsonNode input, String name) {
        JsonNode v = input.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asBoolean());
    }
}
