package dev.pave.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pave.error.ValidationException;
import dev.pave.error.ValidationException.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A template's input type applied to a spec: the schema's defaults filled in, then the values validated (networknt)
 * with messages that name the input's path, e.g. {@code spec.log_retention_days: must be one of [7, 14, 30]}.
 * Inputs the schema does not declare are refused rather than silently ignored.
 */
public final class Inputs {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09);

    private Inputs() {
    }

    /**
     * @param inputSchema the version's input type as JSON Schema ({@code ValidatedBundle.inputSchema()})
     * @param values the user's values (not modified)
     * @param path how to name the values in messages, e.g. {@code spec} or {@code instances[0].spec}
     * @return the values with defaults applied
     */
    public static ObjectNode resolve(JsonNode inputSchema, ObjectNode values, String path) {
        ObjectNode resolved = values.deepCopy();
        applyDefaults(inputSchema, resolved);
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) resolved::fields) {
            if (!declares(inputSchema, e.getKey())) {
                problems.add(Problem.at(path + "." + e.getKey(), "is not an input of this template"));
            }
        }
        Schema schema = REGISTRY.getSchema(inputSchema);
        List<Error> errors = new ArrayList<>(schema.validate(resolved));
        errors.sort(Comparator.comparing(e -> e.getInstanceLocation().toString()));
        for (Error error : errors) {
            if (!"additionalProperties".equals(error.getKeyword())) {
                problems.add(describe(inputSchema, path, error));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems.stream().distinct().toList());
        }
        return resolved;
    }

    /**
     * Whether two sets of inputs ask for the same: equal, with numbers compared by value, since YAML and stored JSON
     * read {@code 1} into different number types.
     */
    public static boolean same(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1, b);
    }

    private static boolean declares(JsonNode schema, String name) {
        return schema.path("properties").has(name);
    }

    /** Fills in defaults for absent properties, recursing into nested objects that are present or defaulted. */
    private static void applyDefaults(JsonNode schema, ObjectNode values) {
        JsonNode properties = schema.path("properties");
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode current = values.get(property.getKey());
            if (current == null && property.getValue().has("default")) {
                values.set(property.getKey(), property.getValue().get("default").deepCopy());
                current = values.get(property.getKey());
            }
            if (current instanceof ObjectNode nested && property.getValue().has("properties")) {
                applyDefaults(property.getValue(), nested);
            }
        }
    }

    private static Problem describe(JsonNode inputSchema, String path, Error error) {
        String where = path + readable(error.getInstanceLocation().toString());
        JsonNode rule = error.getSchemaNode();
        return switch (error.getKeyword()) {
            case "required" -> Problem.at(where + "." + error.getProperty(), "is required");
            case "enum" -> Problem.at(where, "must be one of " + rule);
            case "type" -> Problem.at(where, "must be " + article(rule.isArray() ? rule.get(0).asText() : rule.asText()));
            case "minimum" -> Problem.at(where, "must be at least " + rule);
            case "maximum" -> Problem.at(where, "must be at most " + rule);
            case "exclusiveMinimum" -> Problem.at(where, "must be more than " + rule);
            case "exclusiveMaximum" -> Problem.at(where, "must be less than " + rule);
            case "minLength" -> Problem.at(where, "must be at least " + rule + " characters long");
            case "maxLength" -> Problem.at(where, "must be at most " + rule + " characters long");
            case "pattern" -> Problem.at(where, example(schemaAt(inputSchema, error.getInstanceLocation().toString()), rule.asText())
                    .map(example -> "must look like " + example).orElse("must match the pattern " + rule.asText()));
            case "minItems" -> Problem.at(where, "must have at least " + rule + " items");
            case "maxItems" -> Problem.at(where, "must have at most " + rule + " items");
            default -> Problem.at(where, error.getMessage().replaceFirst("^[$/][^:]*: ", ""));
        };
    }

    /** Words before an example in a description or title: "e.g. 10.0.0.0/16", "like eu-west-1", "for example main". */
    private static final Pattern EXAMPLE_IN_TEXT = Pattern.compile("(?:e\\.g\\.|eg\\.|for example|such as|like)[:,]?\\s+[\"'`]?([^\\s\"'`,;()]+)",
            Pattern.CASE_INSENSITIVE);

    /**
     * A value a person can copy the shape of, which the pattern accepts: the schema's {@code example}, its
     * {@code default}, or one its description or title gives ("e.g. 10.0.0.0/16").
     */
    private static Optional<String> example(JsonNode property, String pattern) {
        Pattern accepts;
        try {
            accepts = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>();
        for (String keyword : List.of("example", "default")) {
            if (property.path(keyword).isTextual()) {
                candidates.add(property.path(keyword).asText());
            }
        }
        for (String keyword : List.of("description", "title")) {
            Matcher m = EXAMPLE_IN_TEXT.matcher(property.path(keyword).asText(""));
            while (m.find()) {
                candidates.add(m.group(1).replaceFirst("[.:]$", ""));
            }
        }
        return candidates.stream().filter(c -> !c.isEmpty() && accepts.matcher(c).find()).findFirst();
    }

    /** The schema of the value at {@code pointer} (networknt's instance location): properties and array items followed. */
    private static JsonNode schemaAt(JsonNode schema, String pointer) {
        JsonNode at = schema;
        for (String part : pointer.replaceFirst("^[$]", "").split("/")) {
            if (!part.isEmpty()) {
                at = part.matches("\\d+") ? at.path("items") : at.path("properties").path(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return at;
    }

    /** {@code /a/0/b} (a JSON pointer, networknt's instance location) as {@code .a[0].b}. */
    private static String readable(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.replaceFirst("^[$]", "").split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            sb.append(name.matches("\\d+") ? "[" + name + "]" : "." + name);
        }
        return sb.toString();
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "object", "array" -> "an " + type;
            default -> "a " + type;
        };
    }
}
