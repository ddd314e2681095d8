package dev.pave.template.bundle;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads schema/schema.yaml and checks it against what Proton documents (ag-schema.md, parameters.md). */
final class TemplateSchema {

    static final String FILE = "schema/schema.yaml";
    /** Parameter names: Proton's name pattern, at most 100 characters (parameters.md). */
    static final Pattern PROPERTY_NAME = Pattern.compile("^[0-9A-Za-z]+[0-9A-Za-z_\\-]*$");
    static final int MAX_PROPERTY_NAME = 100;
    /** Keywords whose values are data, not schemas, so a "$ref" inside them is just a value. */
    private static final Set<String> DATA_KEYWORDS = Set.of("default", "enum", "example", "required");

    final JsonNode root;
    final JsonNode types;

    private TemplateSchema(JsonNode root, JsonNode types) {
        this.root = root;
        this.types = types;
    }

    static TemplateSchema read(Bundle bundle) {
        if (!bundle.contains(FILE)) {
            throw new BundleException(FILE + " is missing; the bundle's top level holds "
                    + bundle.paths().stream().map(path -> path.replaceFirst("/.*", "/")).distinct().toList());
        }
        return parse(bundle.bytes(FILE));
    }

    /** schema/schema.yaml's content, checked. */
    static TemplateSchema parse(byte[] content) {
        JsonNode root = SafeYaml.parse(FILE, content);
        JsonNode schema = root.path("schema");
        if (!schema.isObject()) {
            throw fail("the top-level key 'schema' is missing");
        }
        JsonNode openapi = schema.path("format").path("openapi");
        if (!openapi.asText("").equals("3.0.0")) {
            throw fail("schema.format.openapi must be \"3.0.0\", found " + (openapi.isMissingNode() ? "nothing" : openapi));
        }
        JsonNode types = schema.path("types");
        if (!types.isObject() || types.isEmpty()) {
            throw fail("schema.types must map type names to schemas");
        }
        types.fields().forEachRemaining(type -> checkType(type.getKey(), type.getValue(), types));
        return new TemplateSchema(root, types);
    }

    /** The type named by a root key such as "environment_input_type", or null when the key is absent. */
    String inputTypeName(String key, boolean required) {
        JsonNode name = root.path("schema").path(key);
        if (name.isMissingNode() || name.isNull()) {
            if (required) {
                throw fail("schema." + key + " is missing");
            }
            return null;
        }
        if (!name.isTextual() || !types.has(name.asText())) {
            throw fail("schema." + key + " names '" + name.asText() + "', which is not in schema.types");
        }
        if (!types.get(name.asText()).path("type").asText("").equals("object")) {
            throw fail("type '" + name.asText() + "' (schema." + key + ") must have type: object");
        }
        return name.asText();
    }

    private static void checkType(String typeName, JsonNode type, JsonNode types) {
        if (!type.isObject()) {
            throw fail("type '" + typeName + "' must be a mapping");
        }
        walk(typeName, type, types);
    }

    /** Checks property names and $refs everywhere in a type, skipping data values such as defaults. */
    private static void walk(String typeName, JsonNode node, JsonNode types) {
        if (node.isArray()) {
            node.forEach(item -> walk(typeName, item, types));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("$ref")) {
                OpenApiSchemas.referencedType(value.isTextual() ? value.asText() : value.toString(), types);
            } else if (key.equals("properties")) {
                checkProperties(typeName, value, types);
            } else if (!DATA_KEYWORDS.contains(key)) {
                walk(typeName, value, types);
            }
        }
    }

    private static void checkProperties(String typeName, JsonNode properties, JsonNode types) {
        if (!properties.isObject()) {
            throw fail("properties of type '" + typeName + "' must be a mapping");
        }
        properties.fields().forEachRemaining(property -> {
            String name = property.getKey();
            if (name.length() > MAX_PROPERTY_NAME) {
                throw fail("property '" + name + "' of type '" + typeName + "' is longer than "
                        + MAX_PROPERTY_NAME + " characters");
            }
            if (!PROPERTY_NAME.matcher(name).matches()) {
                throw fail("property '" + name + "' of type '" + typeName + "' must match " + PROPERTY_NAME.pattern());
            }
            if (!property.getValue().isObject()) {
                throw fail("property '" + name + "' of type '" + typeName + "' must be a mapping");
            }
            walk(typeName, property.getValue(), types);
        });
    }

    static BundleException fail(String problem) {
        return new BundleException(FILE + ": " + problem);
    }
}
