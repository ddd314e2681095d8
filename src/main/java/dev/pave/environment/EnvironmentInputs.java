package dev.pave.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pave.error.ValidationException;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An environment's inputs: the {@code spec} section of its spec file, with the defaults of the template version's
 * {@code environment_input_type} filled in, validated against that type. The type is OpenAPI 3.0; it is turned into
 * a JSON Schema (draft 2019-09) for networknt's validator.
 */
public final class EnvironmentInputs {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09);
    /** OpenAPI keywords JSON Schema doesn't know or treats differently. */
    private static final Set<String> OPENAPI_ONLY = Set.of("nullable", "example", "externalDocs", "xml", "discriminator", "deprecated");
    private static final int MAX_REF_DEPTH = 10;

    private EnvironmentInputs() {
    }

    /** The {@code spec} mapping of a spec file (YAML or JSON, {@code proton: EnvironmentSpec}); empty when it has none. */
    public static ObjectNode specSection(String specText) {
        JsonNode doc;
        try {
            doc = YAML.readTree(specText);
        } catch (IOException e) {
            throw new ValidationException("The spec is not valid YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (doc == null || !doc.isObject()) {
            throw new ValidationException("The spec must be a mapping with 'proton: EnvironmentSpec' and a 'spec' section");
        }
        JsonNode kind = doc.get("proton");
        if (kind != null && !"EnvironmentSpec".equals(kind.asText())) {
            throw new ValidationException("The spec says 'proton: " + kind.asText() + "'; an environment needs 'proton: EnvironmentSpec'");
        }
        JsonNode spec = doc.get("spec");
        if (spec == null || spec.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!spec.isObject()) {
            throw new ValidationException("The spec's 'spec' section must be a mapping of input names to values");
        }
        return (ObjectNode) spec;
    }

    /** The inputs for {@code spec} under the version's schema ({@code schema/schema.yaml}), defaults applied. */
    public static ObjectNode resolve(String schemaYaml, ObjectNode spec) {
        JsonNode schema;
        try {
            schema = YAML.readTree(schemaYaml).path("schema");
        } catch (IOException e) {
            throw new IllegalStateException("a registered schema does not parse", e);
        }
        String typeName = schema.path("environment_input_type").asText(null);
        JsonNode types = schema.path("types");
        if (typeName == null || !types.path(typeName).isObject()) {
            throw new ValidationException("The template version's schema names no environment_input_type");
        }
        ObjectNode jsonSchema = convert(types.get(typeName), types, 0);
        ObjectNode inputs = spec.deepCopy();
        applyDefaults(jsonSchema, inputs);
        jsonSchema.put("$schema", SpecificationVersion.DRAFT_2019_09.getDialectId());
        List<Error> errors = SCHEMAS.getSchema(jsonSchema).validate(inputs);
        if (!errors.isEmpty()) {
            throw new ValidationException("The spec does not match input type " + typeName + " of the template: "
                    + errors.stream().map(EnvironmentInputs::describe).collect(Collectors.joining("; ")));
        }
        return inputs;
    }

    /** "vpc_name: does not match …"; errors about the whole spec (a missing required input) name no input. */
    private static String describe(Error error) {
        String at = String.valueOf(error.getInstanceLocation()).replaceFirst("^\\$\\.?", "");
        return at.isEmpty() ? error.getMessage() : at + ": " + error.getMessage();
    }

    private static void applyDefaults(JsonNode schema, ObjectNode value) {
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!value.has(p.getKey()) && p.getValue().has("default")) {
                value.set(p.getKey(), p.getValue().get("default").deepCopy());
            }
            if (value.get(p.getKey()) instanceof ObjectNode nested) {
                applyDefaults(p.getValue(), nested);
            }
        }
    }

    /** OpenAPI 3.0 Schema Object → JSON Schema: local {@code $ref}s inlined, {@code nullable} as a null type. */
    private static ObjectNode convert(JsonNode node, JsonNode types, int depth) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            String name = ref.startsWith("#/types/") ? ref.substring(8) : ref.startsWith("#/") ? ref.substring(2) : ref;
            if (depth >= MAX_REF_DEPTH || !types.path(name).isObject()) {
                throw new ValidationException("The template's schema has a $ref Pave can't follow: " + ref);
            }
            return convert(types.get(name), types, depth + 1);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = f.getKey();
            JsonNode v = f.getValue();
            if (OPENAPI_ONLY.contains(key) || key.startsWith("x-")) {
                continue;
            }
            if ((key.equals("properties") || key.equals("patternProperties")) && v.isObject()) {
                ObjectNode props = out.putObject(key);
                v.fields().forEachRemaining(p -> props.set(p.getKey(), convert(p.getValue(), types, depth)));
            } else if ((key.equals("items") || key.equals("additionalProperties") || key.equals("not")) && v.isObject()) {
                out.set(key, convert(v, types, depth));
            } else if ((key.equals("allOf") || key.equals("anyOf") || key.equals("oneOf")) && v.isArray()) {
                ArrayNode list = out.putArray(key);
                v.forEach(s -> list.add(convert(s, types, depth)));
            } else if ((key.equals("exclusiveMinimum") || key.equals("exclusiveMaximum")) && v.isBoolean()) {
                String bound = key.equals("exclusiveMinimum") ? "minimum" : "maximum";
                if (v.asBoolean() && node.has(bound)) {
                    out.set(key, node.get(bound));
                }
            } else if ((key.equals("minimum") || key.equals("maximum")) && node.path("exclusive" + Character.toUpperCase(key.charAt(0)) + key.substring(1)).asBoolean(false)) {
                continue; // became the exclusive bound above
            } else {
                out.set(key, v.deepCopy());
            }
        }
        if (node.path("nullable").asBoolean(false) && out.has("type") && out.get("type").isTextual()) {
            out.putArray("type").add(node.get("type").asText()).add("null");
        }
        return out;
    }
}
