package dev.pave.template.bundle;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI 3.0 Schema Object from a bundle schema into a JSON Schema (draft 2019-09) that
 * networknt's validator takes: local {@code $ref}s to {@code schema.types} are inlined, {@code nullable}
 * becomes a "null" type, boolean {@code exclusiveMinimum/Maximum} become numbers, OpenAPI-only keywords go.
 */
public final class OpenApiSchemas {

    public static final String DIALECT = "https://json-schema.org/draft/2019-09/schema";
    /** How deep $refs may nest when inlined; a recursive type hits it. */
    static final int MAX_REF_DEPTH = 10;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenApiSchemas() {
    }

    /**
     * @param schemaObject the OpenAPI Schema Object (e.g. one entry of {@code schema.types})
     * @param types        {@code schema.types}, which local {@code $ref}s point into
     */
    public static ObjectNode toJsonSchema(JsonNode schemaObject, JsonNode types) {
        ObjectNode converted = convert(schemaObject, types, 0);
        converted.put("$schema", DIALECT);
        return converted;
    }

    /**
     * The name of the type a local {@code $ref} points to ("#/types/X" or, as aws-proton-template-helper
     * writes them, "#/X"); refuses anything else. Nothing is ever fetched.
     */
    public static String referencedType(String ref, JsonNode types) {
        if (!ref.startsWith("#/")) {
            throw new BundleException("schema/schema.yaml: $ref '" + ref + "' points outside the schema file");
        }
        String name = ref.startsWith("#/types/") ? ref.substring("#/types/".length()) : ref.substring(2);
        if (name.contains("/") || !types.has(name)) {
            throw new BundleException("schema/schema.yaml: $ref '" + ref + "' points to no type in schema.types");
        }
        return name;
    }

    private static ObjectNode convert(JsonNode schema, JsonNode types, int depth) {
        if (!schema.isObject()) {
            throw new BundleException("schema/schema.yaml: a schema must be a mapping, found " + schema);
        }
        if (schema.has("$ref")) {
            if (depth >= MAX_REF_DEPTH) {
                throw new BundleException("schema/schema.yaml: $ref '" + schema.get("$ref").asText()
                        + "' nests deeper than " + MAX_REF_DEPTH + " levels (is the type recursive?)");
            }
            // OpenAPI 3.0 ignores siblings of $ref.
            return convert(types.get(referencedType(schema.get("$ref").asText(), types)), types, depth + 1);
        }
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), convert(p.getValue(), types, depth)));
                }
                case "items", "not" -> out.set(field.getKey(), convert(value, types, depth));
                case "additionalProperties" ->
                    out.set(field.getKey(), value.isObject() ? convert(value, types, depth) : value);
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode all = out.putArray(field.getKey());
                    value.forEach(item -> all.add(convert(item, types, depth)));
                }
                case "nullable", "example", "discriminator", "xml", "externalDocs", "exclusiveMinimum",
                        "exclusiveMaximum" -> {
                    // handled below or OpenAPI-only
                }
                default -> out.set(field.getKey(), value.deepCopy());
            }
        }
        exclusiveBound(schema, out, "exclusiveMinimum", "minimum");
        exclusiveBound(schema, out, "exclusiveMaximum", "maximum");
        if (schema.path("nullable").asBoolean(false)) {
            allowNull(out);
        }
        return out;
    }

    /** OpenAPI 3.0 writes "exclusiveMinimum: true" next to "minimum"; JSON Schema wants the number itself. */
    private static void exclusiveBound(JsonNode schema, ObjectNode out, String exclusive, String bound) {
        JsonNode flag = schema.get(exclusive);
        if (flag == null) {
            return;
        }
        if (flag.isNumber()) {
            out.set(exclusive, flag);
        } else if (flag.asBoolean(false) && out.has(bound)) {
            out.set(exclusive, out.remove(bound));
        }
    }

    private static void allowNull(ObjectNode out) {
        JsonNode type = out.get("type");
        if (type != null && type.isTextual()) {
            out.putArray("type").add(type.asText()).add("null");
        }
        if (out.get("enum") instanceof ArrayNode values && !containsNull(values)) {
            values.addNull();
        }
    }

    private static boolean containsNull(ArrayNode values) {
        for (JsonNode value : values) {
            if (value.isNull()) {
                return true;
            }
        }
        return false;
    }
}
