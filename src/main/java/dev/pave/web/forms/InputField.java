package dev.pave.web.forms;

import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One input of a template as a form control: what kind of control, its label ({@code title}, else the input's
 * name) and help ({@code description}), whether it is required, its default and the schema's limits, which pages
 * repeat as HTML attributes. Nested objects contribute a FIELDSET_START and a FIELDSET_END around their fields.
 *
 * @param path the input's dotted path inside {@code spec:}, e.g. {@code network.cidr}
 * @param type the JSON type: string, integer, number, boolean, array, object
 * @param itemType for arrays, the type of their items
 * @param prefix what the posted parameter's name starts with: {@code input.}, or e.g. {@code instance.2.input.} where
 *        one page holds several forms
 */
@TemplateData
public record InputField(Kind kind, String path, String name, String label, String help, boolean required, String type,
        String itemType, List<String> options, List<String> defaults, String minimum, String maximum, Integer minLength,
        Integer maxLength, String pattern, Integer minItems, Integer maxItems, int depth, String prefix) {

    public enum Kind {
        TEXT, NUMBER, BOOLEAN, SELECT, RADIOS, ARRAY, FIELDSET_START, FIELDSET_END
    }

    static InputField fieldset(Kind kind, String path, String name, String label, String help, int depth, String prefix) {
        return new InputField(kind, path, name, label, help, false, "object", null, List.of(), null, null, null, null, null,
                null, null, null, depth, prefix);
    }

    /** The posted parameter's name. */
    public String param() {
        return prefix + path;
    }

    /** An HTML id, unique on a page with several forms: {@code in-network-cidr}, {@code instance-2-in-network-cidr}. */
    public String id() {
        return InputForm.idPrefix(prefix) + "in-" + path.replace('.', '-');
    }

    public String defaultValue() {
        return defaults == null || defaults.isEmpty() ? null : defaults.get(0);
    }

    public List<String> defaultValues() {
        return defaults;
    }

    /** The HTML {@code step} for a number input: whole numbers for integers. */
    public String step() {
        return "integer".equals(type) || "integer".equals(itemType) ? "1" : "any";
    }

    public String inputType() {
        String t = kind == Kind.ARRAY ? itemType : type;
        return "integer".equals(t) || "number".equals(t) ? "number" : "text";
    }

    public String kindName() {
        return kind.name();
    }

    /**
     * The URL that fetches a new, empty row of this array input (see {@code InputForms.row}), every parameter
     * URL-encoded: a title such as {@code a&param=x} or a pattern with {@code +} arrives as it was written.
     *
     * @param validate the URL the row's field posts to as the user types
     */
    public String rowUrl(String validate) {
        return "/forms/row?param=" + encode(param()) + "&type=" + encode(inputType()) + "&label=" + encode(label)
                + "&validate=" + encode(validate) + (pattern == null ? "" : "&pattern=" + encode(pattern));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
