package dev.pave.web.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import dev.pave.schema.Inputs;
import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template's input type (the JSON Schema a bundle's OpenAPI type becomes) as a page form: one {@link InputField}
 * per input, nested objects as fieldsets, in the schema's order. It reads the values a form posts ({@code input.<path>}
 * names, repeated for array rows) back into a spec's {@code spec:} mapping, validates them with {@link Inputs#resolve}
 * and hands each message back to the field it is about, so errors sit next to their fields and a failed submit keeps
 * every value the user typed.
 */
@TemplateData
public final class InputForm {

    /** Posted parameter names start with this, so inputs never collide with the page's own fields. */
    public static final String PREFIX = "input.";

    private final JsonNode schema;
    private final String prefix;
    private final List<InputField> fields;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final List<String> formErrors = new ArrayList<>();

    private InputForm(JsonNode schema, String prefix) {
        this.schema = schema;
        this.prefix = prefix;
        this.fields = new ArrayList<>();
        collect(schema, "", 0, prefix, fields);
    }

    /**
     * The parameter prefix of a form in a named part of a page, so one page can hold several: {@code input.} for
     * none, {@code pipeline.input.}, {@code instance.2.input.}.
     */
    public static String prefix(String scope) {
        return scope == null || scope.isEmpty() ? PREFIX : scope + "." + PREFIX;
    }

    /** The prefix a posted parameter's name carries when it is an input ({@link #prefix}), else null. */
    public static String prefixOf(String param) {
        if (param.startsWith(PREFIX)) {
            return PREFIX;
        }
        int at = param.indexOf("." + PREFIX);
        return at < 0 ? null : param.substring(0, at + 1 + PREFIX.length());
    }

    /** What the HTML ids of a form's fields start with: empty for {@code input.}, {@code instance-2-} for {@code instance.2.input.}. */
    public static String idPrefix(String prefix) {
        return prefix.substring(0, prefix.length() - PREFIX.length()).replace('.', '-');
    }

    /** The form for an input type, prefilled with the schema's defaults. */
    public static InputForm of(JsonNode inputSchema) {
        return of(inputSchema, null, PREFIX);
    }

    /** The form prefilled with existing inputs (an environment's spec), defaults where an input is absent. */
    public static InputForm of(JsonNode inputSchema, JsonNode inputs) {
        return of(inputSchema, inputs, PREFIX);
    }

    /** The form, its parameters named with {@code prefix}, prefilled with the inputs (may be null) or the schema's defaults. */
    public static InputForm of(JsonNode inputSchema, JsonNode inputs, String prefix) {
        InputForm form = new InputForm(inputSchema, prefix);
        for (InputField f : form.leaves()) {
            JsonNode v = inputs != null && inputs.isObject() ? at(inputs, f.path()) : null;
            if (v != null && !v.isNull()) {
                form.values.put(f.path(), v.isArray() ? texts(v) : List.of(v.asText()));
            } else if (f.defaultValue() != null) {
                form.values.put(f.path(), f.defaults());
            }
        }
        return form;
    }

    /** The form as the user posted it: every parameter named {@code input.*}; undeclared ones are kept to be refused. */
    public static InputForm posted(JsonNode inputSchema, Map<String, List<String>> params) {
        return posted(inputSchema, params, PREFIX);
    }

    /** The form as posted under {@code prefix}; parameters of other prefixes belong to other forms of the page. */
    public static InputForm posted(JsonNode inputSchema, Map<String, List<String>> params, String prefix) {
        InputForm form = new InputForm(inputSchema, prefix);
        Set<String> declared = new HashSet<>();
        form.leaves().forEach(f -> declared.add(f.path()));
        params.forEach((name, list) -> {
            if (name.startsWith(prefix)) {
                String path = name.substring(prefix.length());
                form.values.put(path, list);
                if (!declared.contains(path)) {
                    form.formErrors.add("spec." + path + ": is not an input of this template");
                }
            }
        });
        return form;
    }

    /** Forgets posted values this schema doesn't declare, so a version switch carries the rest over; returns their paths. */
    public List<String> dropUndeclared() {
        Set<String> declared = new HashSet<>();
        leaves().forEach(f -> declared.add(f.path()));
        List<String> dropped = values.keySet().stream().filter(p -> !declared.contains(p)).toList();
        dropped.forEach(p -> {
            values.remove(p);
            formErrors.remove("spec." + p + ": is not an input of this template");
        });
        return dropped;
    }

    // --- what pages show -------------------------------------------------------------------------------------

    /** Fields in page order: fieldset starts and ends around nested objects' fields. */
    public List<InputField> getFields() {
        return fields;
    }

    public boolean isEmpty() {
        return leaves().isEmpty();
    }

    /** The HTML id of the form's container, unique among the page's forms. */
    public String getId() {
        return idPrefix(prefix) + "inputs";
    }

    /** The single value of a scalar field, as typed. */
    public String valueOf(String path) {
        List<String> v = values.get(path);
        return v == null || v.isEmpty() ? "" : v.get(v.size() - 1);
    }

    /** The rows of an array field. */
    public List<String> rowsOf(String path) {
        List<String> v = values.get(path);
        return v == null ? List.of() : v.stream().filter(s -> !s.isEmpty()).toList();
    }

    public boolean isChecked(String path) {
        return "true".equals(valueOf(path));
    }

    public String errorOf(String path) {
        return errors.get(path);
    }

    public List<String> getFormErrors() {
        return formErrors;
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || !formErrors.isEmpty();
    }

    /** Every posted value as hidden fields carry it from a review page to the create request: name, value. */
    public List<Map.Entry<String, String>> getHiddenValues() {
        List<Map.Entry<String, String>> hidden = new ArrayList<>();
        values.forEach((path, list) -> list.forEach(v -> hidden.add(Map.entry(prefix + path, v))));
        return hidden;
    }

    // --- reading and checking values --------------------------------------------------------------------------

    /**
     * The values as a spec's inputs: empty text leaves an input out (its default applies), numbers and booleans are
     * typed as the schema declares (text that isn't one stays text, for validation to name).
     */
    public ObjectNode inputs() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (InputField f : leaves()) {
            List<String> v = values.get(f.path());
            if (v == null) {
                continue;
            }
            ObjectNode parent = parentOf(root, f.path());
            String key = f.name();
            if (f.kind() == InputField.Kind.ARRAY) {
                ArrayNode array = parent.putArray(key);
                v.stream().filter(s -> !s.isEmpty()).forEach(s -> array.add(typed(f.itemType(), s)));
            } else if (f.kind() == InputField.Kind.BOOLEAN) {
                parent.put(key, "true".equals(v.get(v.size() - 1)));
            } else {
                String s = v.get(v.size() - 1);
                if (!s.isEmpty()) {
                    parent.set(key, typed(f.type(), s));
                }
            }
        }
        // undeclared inputs reach validation, which refuses them by name
        values.forEach((path, v) -> {
            if (!path.contains(".") && !root.has(path) && leaves().stream().noneMatch(f -> f.path().equals(path))
                    && !v.isEmpty()) {
                root.put(path, v.get(v.size() - 1));
            }
        });
        return root;
    }

    /** Validates the values, records an error per field; true when they are valid. */
    public boolean validate() {
        errors.clear();
        ObjectNode inputs = inputs();
        try {
            Inputs.resolve(schema, inputs, "spec");
        } catch (ValidationException e) {
            e.problems().forEach(this::placeError);
        }
        return !hasErrors();
    }

    /** The values with the schema's defaults applied, once valid. */
    public ObjectNode resolved() {
        return Inputs.resolve(schema, inputs(), "spec");
    }

    /** Adds an error to the field an input's path names ({@code spec.<path>}); any other problem goes above the form. */
    public void placeError(ValidationException.Problem problem) {
        String path = problem.path();
        if (path != null && path.startsWith("spec.")) {
            String field = fieldFor(path.substring("spec.".length()).replaceAll("\\[\\d+]", ""));
            if (field != null) {
                errors.putIfAbsent(field, capitalized(problem.detail()));
                return;
            }
        }
        if (!formErrors.contains(problem.message())) {
            formErrors.add(problem.message());
        }
    }

    /** The field a path names, or the nearest enclosing one (a nested object's missing member names the member). */
    private String fieldFor(String path) {
        String p = path;
        while (true) {
            String candidate = p;
            if (leaves().stream().anyMatch(f -> f.path().equals(candidate))) {
                return candidate;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            p = p.substring(0, dot);
        }
    }

    public List<InputField> leaves() {
        return fields.stream().filter(f -> f.kind() != InputField.Kind.FIELDSET_START && f.kind() != InputField.Kind.FIELDSET_END).toList();
    }

    public InputField field(String path) {
        return leaves().stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
    }

    // --- building the model ---------------------------------------------------------------------------------

    private static void collect(JsonNode object, String pathPrefix, int depth, String prefix, List<InputField> out) {
        Set<String> required = new HashSet<>();
        object.path("required").forEach(r -> required.add(r.asText()));
        Iterator<Map.Entry<String, JsonNode>> it = object.path("properties").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> p = it.next();
            String path = pathPrefix + p.getKey();
            JsonNode s = p.getValue();
            String type = type(s);
            String label = s.hasNonNull("title") ? s.get("title").asText() : p.getKey();
            String help = s.hasNonNull("description") ? s.get("description").asText() : null;
            boolean req = required.contains(p.getKey());
            if ("object".equals(type) && s.has("properties")) {
                out.add(InputField.fieldset(InputField.Kind.FIELDSET_START, path, p.getKey(), label, help, depth, prefix));
                collect(s, path + ".", depth + 1, prefix, out);
                out.add(InputField.fieldset(InputField.Kind.FIELDSET_END, path, p.getKey(), label, help, depth, prefix));
                continue;
            }
            List<String> options = new ArrayList<>();
            s.path("enum").forEach(o -> { if (!o.isNull()) options.add(o.asText()); });
            JsonNode items = s.path("items");
            InputField.Kind kind = switch (type) {
                case "boolean" -> InputField.Kind.BOOLEAN;
                case "array" -> InputField.Kind.ARRAY;
                case "integer", "number" -> options.isEmpty() ? InputField.Kind.NUMBER : choice(options);
                default -> options.isEmpty() ? InputField.Kind.TEXT : choice(options);
            };
            if (kind == InputField.Kind.ARRAY) {
                items.path("enum").forEach(o -> { if (!o.isNull()) options.add(o.asText()); });
            }
            JsonNode bounds = kind == InputField.Kind.ARRAY ? items : s;
            List<String> defaults = null;
            if (s.has("default") && !s.get("default").isNull()) {
                defaults = s.get("default").isArray() ? texts(s.get("default")) : List.of(s.get("default").asText());
            }
            out.add(new InputField(kind, path, p.getKey(), label, help, req, type, kind == InputField.Kind.ARRAY ? type(items) : null,
                    options, defaults, number(bounds, "minimum"), number(bounds, "maximum"), integer(bounds, "minLength"),
                    integer(bounds, "maxLength"), bounds.hasNonNull("pattern") ? bounds.get("pattern").asText() : null,
                    integer(s, "minItems"), integer(s, "maxItems"), depth, prefix));
        }
    }

    private static InputField.Kind choice(List<String> options) {
        return options.size() <= 4 ? InputField.Kind.RADIOS : InputField.Kind.SELECT;
    }

    private static String type(JsonNode s) {
        JsonNode t = s.path("type");
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (!"null".equals(x.asText())) {
                    return x.asText();
                }
            }
        }
        if (t.isTextual()) {
            return t.asText();
        }
        return s.has("properties") ? "object" : "string";
    }

    private static String number(JsonNode s, String key) {
        return s.hasNonNull(key) ? s.get(key).asText() : null;
    }

    private static Integer integer(JsonNode s, String key) {
        return s.hasNonNull(key) ? s.get(key).asInt() : null;
    }

    private static JsonNode typed(String type, String text) {
        try {
            if ("integer".equals(type)) {
                return JsonNodeFactory.instance.numberNode(new BigDecimal(text.strip()).toBigIntegerExact());
            }
            if ("number".equals(type)) {
                return JsonNodeFactory.instance.numberNode(new BigDecimal(text.strip()));
            }
            if ("boolean".equals(type)) {
                if ("true".equals(text) || "false".equals(text)) {
                    return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // left as text: validation says what it must be
        }
        return JsonNodeFactory.instance.textNode(text);
    }

    private static ObjectNode parentOf(ObjectNode root, String path) {
        ObjectNode node = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
        }
        return node;
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node.isMissingNode() ? null : node;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }
}
