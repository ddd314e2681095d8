package dev.pave.web.forms;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * One input of a template's schema as its documentation shows it: read through the same model as the generated
 * forms, so the page documents exactly what the forms ask for.
 *
 * @param path        dotted inside {@code spec:}, e.g. {@code network.cidr}; {@code depth} says how far it is nested
 * @param title       the schema's {@code title}, when it has one
 * @param type        {@code string}, {@code integer}, {@code array of string}, {@code object}…
 * @param constraints enum values, bounds, lengths and patterns, as short phrases
 */
@TemplateData
public record InputDoc(String path, String title, String type, boolean required, String defaultValue, List<String> constraints,
        String description, int depth) {

    /** Every input of an input type (a JSON Schema), nested objects before their members. */
    public static List<InputDoc> of(JsonNode inputSchema) {
        return InputForm.of(inputSchema).getFields().stream().filter(f -> f.kind() != InputField.Kind.FIELDSET_END).map(InputDoc::of).toList();
    }

    private static InputDoc of(InputField f) {
        String type = switch (f.kind()) {
            case FIELDSET_START -> "object";
            case ARRAY -> "array of " + f.itemType();
            default -> f.type();
        };
        List<String> constraints = new ArrayList<>();
        if (!f.options().isEmpty()) {
            constraints.add("one of " + String.join(", ", f.options()));
        }
        add(constraints, "minimum ", f.minimum());
        add(constraints, "maximum ", f.maximum());
        add(constraints, "minimum length ", f.minLength());
        add(constraints, "maximum length ", f.maxLength());
        add(constraints, "pattern ", f.pattern());
        add(constraints, "minimum items ", f.minItems());
        add(constraints, "maximum items ", f.maxItems());
        return new InputDoc(f.path(), f.label().equals(f.name()) ? null : f.label(), type, f.required(),
                f.defaults() == null ? null : String.join(", ", f.defaults()), constraints, f.help(), f.depth());
    }

    private static void add(List<String> constraints, String what, Object value) {
        if (value != null) {
            constraints.add(what + value);
        }
    }
}
