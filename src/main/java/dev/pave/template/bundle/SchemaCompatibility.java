package dev.pave.template.bundle;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Proton's rule that a new minor version's schema is backward compatible with the previous minor
 * (ag-template-versions.md): every spec valid before must stay valid, and no existing spec may lack a value
 * the new version needs. Like Proton, this looks at the schema only, never at the IaC.
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** Throws a {@link BundleException} naming the first input that breaks compatibility. */
    public static void check(ValidatedBundle previousMinor, ValidatedBundle candidate) {
        compareObject("input", "", previousMinor.inputSchema(), candidate.inputSchema());
        compareObject("pipeline input", "", orEmpty(previousMinor.pipelineInputSchema()),
                orEmpty(candidate.pipelineInputSchema()));
    }

    private static JsonNode orEmpty(JsonNode schema) {
        return schema == null ? MissingNode.getInstance() : schema;
    }

    /** Compares the properties of two object schemas; prefix names nested inputs ("network."). */
    private static void compareObject(String kind, String prefix, JsonNode previous, JsonNode candidate) {
        JsonNode before = previous.path("properties");
        JsonNode after = candidate.path("properties");
        Set<String> requiredBefore = names(previous.path("required"));
        Set<String> requiredAfter = names(candidate.path("required"));
        before.fieldNames().forEachRemaining(name -> {
            if (!after.has(name)) {
                throw incompatible(kind, prefix + name, "was removed");
            }
        });
        after.fieldNames().forEachRemaining(name -> {
            JsonNode property = after.get(name);
            if (!requiredAfter.contains(name) || property.has("default")) {
                return;
            }
            if (!before.has(name)) {
                throw incompatible(kind, prefix + name, "is required and has no default");
            }
            if (!requiredBefore.contains(name) || before.get(name).has("default")) {
                throw incompatible(kind, prefix + name, "is now required and has no default");
            }
        });
        before.fieldNames().forEachRemaining(name ->
                compareProperty(kind, prefix + name, before.get(name), after.get(name)));
    }

    private static void compareProperty(String kind, String name, JsonNode before, JsonNode after) {
        Set<String> typesBefore = names(before.path("type"));
        Set<String> typesAfter = names(after.path("type"));
        if (typesBefore.isEmpty() && !typesAfter.isEmpty()) {
            throw incompatible(kind, name, "is now limited to type " + String.join("/", typesAfter));
        }
        for (String type : typesBefore) {
            boolean covered = typesAfter.isEmpty() || typesAfter.contains(type)
                    || type.equals("integer") && typesAfter.contains("number");
            if (!covered) {
                throw incompatible(kind, name, "changed type from " + String.join("/", typesBefore) + " to "
                        + String.join("/", typesAfter));
            }
        }
        compareEnum(kind, name, before.path("enum"), after.path("enum"));
        lowerBound(kind, name, before, after, "minimum");
        lowerBound(kind, name, before, after, "exclusiveMinimum");
        lowerBound(kind, name, before, after, "minLength");
        lowerBound(kind, name, before, after, "minItems");
        upperBound(kind, name, before, after, "maximum");
        upperBound(kind, name, before, after, "exclusiveMaximum");
        upperBound(kind, name, before, after, "maxLength");
        upperBound(kind, name, before, after, "maxItems");
        if (after.has("pattern") && !after.get("pattern").equals(before.get("pattern"))) {
            throw incompatible(kind, name, before.has("pattern") ? "changed its pattern" : "gained a pattern");
        }
        if (before.has("items") && after.has("items")) {
            compareProperty(kind, name + "[]", before.get("items"), after.get("items"));
        }
        if (before.has("properties")) {
            compareObject(kind, name + ".", before, after);
        }
    }

    private static void compareEnum(String kind, String name, JsonNode before, JsonNode after) {
        if (after.isMissingNode()) {
            return;
        }
        if (before.isMissingNode()) {
            throw incompatible(kind, name, "is now limited to enum values " + after);
        }
        for (JsonNode value : before) {
            if (!contains(after, value)) {
                throw incompatible(kind, name, "no longer allows enum value " + value);
            }
        }
    }

    private static void lowerBound(String kind, String name, JsonNode before, JsonNode after, String keyword) {
        JsonNode now = after.path(keyword);
        JsonNode was = before.path(keyword);
        if (now.isNumber() && (!was.isNumber() || now.decimalValue().compareTo(was.decimalValue()) > 0)) {
            throw incompatible(kind, name, "raised " + keyword + (was.isNumber() ? " from " + was : "") + " to " + now);
        }
    }

    private static void upperBound(String kind, String name, JsonNode before, JsonNode after, String keyword) {
        JsonNode now = after.path(keyword);
        JsonNode was = before.path(keyword);
        if (now.isNumber() && (!was.isNumber() || now.decimalValue().compareTo(was.decimalValue()) < 0)) {
            throw incompatible(kind, name, "lowered " + keyword + (was.isNumber() ? " from " + was : "") + " to " + now);
        }
    }

    /** Numbers compare by value, so 1 and 1.0 are the same enum value. */
    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value) || candidate.isNumber() && value.isNumber()
                    && candidate.decimalValue().compareTo(value.decimalValue()) == 0) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new HashSet<>();
        if (node.isTextual()) {
            names.add(node.asText());
        }
        node.forEach(item -> names.add(item.asText()));
        return names;
    }

    private static BundleException incompatible(String kind, String name, String problem) {
        return new BundleException(kind + " '" + name + "' " + problem
                + "; a minor version must stay backward compatible, register a new major version instead");
    }
}
