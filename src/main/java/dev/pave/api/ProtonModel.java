package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.GZIPInputStream;

/**
 * botocore's Proton API model, used as the contract: which operations exist and what their inputs must look
 * like. Validation messages follow AWS's wording ("1 validation error detected: Value … at 'name' failed to
 * satisfy constraint: …") and never echo members the model marks sensitive.
 */
@ApplicationScoped
public class ProtonModel {

    private final JsonNode operations;
    private final JsonNode shapes;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    public ProtonModel() {
        try (InputStream in = new GZIPInputStream(ProtonModel.class.getResourceAsStream("proton-2020-07-20.json.gz"))) {
            JsonNode model = new ObjectMapper().readTree(in);
            operations = model.get("operations");
            shapes = model.get("shapes");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Proton API model", e);
        }
    }

    public boolean hasOperation(String name) {
        return operations.has(name);
    }

    public Iterator<String> operationNames() {
        return operations.fieldNames();
    }

    /** Every constraint the input breaks, in AWS's wording; empty when valid. */
    public List<String> validateInput(String operation, JsonNode input) {
        List<String> errors = new ArrayList<>();
        JsonNode inputRef = operations.get(operation).get("input");
        if (inputRef != null) {
            validate(inputRef.get("shape").asText(), input, "", false, errors);
        }
        return errors;
    }

    private void validate(String shapeName, JsonNode value, String path, boolean sensitive, List<String> errors) {
        JsonNode shape = shapes.get(shapeName);
        sensitive = sensitive || shape.path("sensitive").asBoolean(false);
        String type = shape.get("type").asText();
        switch (type) {
            case "structure" -> validateStructure(shape, value, path, sensitive, errors);
            case "list" -> {
                if (!value.isArray()) {
                    errors.add(failure(value, path, sensitive, "Member must be a list"));
                    return;
                }
                checkLength(shape, value.size(), value, path, sensitive, errors);
                String member = shape.get("member").get("shape").asText();
                for (int i = 0; i < value.size(); i++) {
                    validate(member, value.get(i), path + "." + (i + 1) + ".member", sensitive, errors);
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    errors.add(failure(value, path, sensitive, "Member must be a map"));
                    return;
                }
                checkLength(shape, value.size(), value, path, sensitive, errors);
                String valueShape = shape.get("value").get("shape").asText();
                value.fields().forEachRemaining(e -> validate(valueShape, e.getValue(), path + "." + e.getKey(), true, errors));
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(failure(value, path, sensitive, "Member must be a string"));
                    return;
                }
                String s = value.asText();
                checkLength(shape, s.codePointCount(0, s.length()), value, path, sensitive, errors);
                if (s.indexOf('\u0000') >= 0) { // PostgreSQL text cannot hold it; Proton's members never need it
                    errors.add(failure(value, path, sensitive, "Member must not contain NUL characters"));
                }
                if (shape.has("enum")) {
                    List<String> allowed = new ArrayList<>();
                    shape.get("enum").forEach(v -> allowed.add(v.asText()));
                    if (!allowed.contains(s)) {
                        errors.add(failure(value, path, sensitive, "Member must satisfy enum value set: " + allowed));
                    }
                }
                if (shape.has("pattern")) {
                    Pattern p = pattern(shape.get("pattern").asText());
                    if (p != null && !p.matcher(s).find()) {
                        errors.add(failure(value, path, sensitive, "Member must satisfy regular expression pattern: " + p.pattern()));
                    }
                }
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(failure(value, path, sensitive, "Member must be an integer"));
                    return;
                }
                if (shape.has("min") && value.asLong() < shape.get("min").asLong()) {
                    errors.add(failure(value, path, sensitive, "Member must have value greater than or equal to " + shape.get("min").asLong()));
                }
                if (shape.has("max") && value.asLong() > shape.get("max").asLong()) {
                    errors.add(failure(value, path, sensitive, "Member must have value less than or equal to " + shape.get("max").asLong()));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(failure(value, path, sensitive, "Member must be a boolean"));
                }
            }
            case "timestamp", "double", "float" -> {
                if (!value.isNumber()) {
                    errors.add(failure(value, path, sensitive, "Member must be a number"));
                }
            }
            case "blob" -> {
                if (!value.isTextual()) {
                    errors.add(failure(value, path, sensitive, "Member must be base64 text"));
                }
            }
            default -> {
                // no constraints of ours on other types
            }
        }
    }

    private void validateStructure(JsonNode shape, JsonNode value, String path, boolean sensitive, List<String> errors) {
        if (!value.isObject()) {
            errors.add(failure(value, path, sensitive, "Member must be a structure"));
            return;
        }
        JsonNode members = shape.get("members");
        for (JsonNode required : shape.path("required")) {
            JsonNode v = value.get(required.asText());
            if (v == null || v.isNull()) {
                errors.add("Value null at '" + join(path, required.asText()) + "' failed to satisfy constraint: Member must not be null");
            }
        }
        int set = 0;
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode member = members.get(field.getKey());
            if (member == null || field.getValue().isNull()) {
                continue; // AWS ignores members it does not know
            }
            set++;
            boolean memberSensitive = sensitive || member.path("sensitive").asBoolean(false);
            validate(member.get("shape").asText(), field.getValue(), join(path, field.getKey()), memberSensitive, errors);
        }
        if (shape.path("union").asBoolean(false) && set != 1) {
            errors.add("Value at '" + (path.isEmpty() ? "input" : path) + "' failed to satisfy constraint: Member must have exactly one of "
                    + iterable(members.fieldNames()) + " set");
        }
    }

    private void checkLength(JsonNode shape, int length, JsonNode value, String path, boolean sensitive, List<String> errors) {
        if (shape.has("min") && length < shape.get("min").asInt()) {
            errors.add(failure(value, path, sensitive, "Member must have length greater than or equal to " + shape.get("min").asInt()));
        }
        if (shape.has("max") && length > shape.get("max").asInt()) {
            errors.add(failure(value, path, sensitive, "Member must have length less than or equal to " + shape.get("max").asInt()));
        }
    }

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, r -> {
            try {
                return Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                return null; // a pattern Java cannot read is not checked rather than refusing valid input
            }
        });
    }

    private static String failure(JsonNode value, String path, boolean sensitive, String constraint) {
        String shown = sensitive ? "Value" : "Value '" + (value.isTextual() ? value.asText() : value.toString()) + "'";
        return shown + " at '" + path + "' failed to satisfy constraint: " + constraint;
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
