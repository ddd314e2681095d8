package dev.pave.web.forms;

import dev.pave.error.ValidationException;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A form as a page shows it: the values the user sent (so a failed submit keeps them) and an error per field,
 * or for the form as a whole under {@link #WHOLE_FORM}.
 */
@TemplateData
public final class Form {

    public static final String WHOLE_FORM = "form";

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Set<String>> chosen = new HashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    public static Form empty() {
        return new Form();
    }

    /**
     * The page's own fields of a posted form (the last value of each): generated inputs, whatever form of the page they
     * belong to ({@code input.x}, {@code instance.2.input.x}), and the CSRF token are not among them.
     */
    public static Form posted(MultivaluedMap<String, String> body) {
        Form form = new Form();
        body.forEach((k, v) -> {
            if (InputForm.prefixOf(k) == null && !k.equals("csrf-token") && !v.isEmpty()) {
                form.with(k, v.get(v.size() - 1));
            }
        });
        return form;
    }

    public Form with(String field, Object value) {
        if (value != null) {
            values.put(field, value.toString());
        }
        return this;
    }

    public Form reject(String field, String message) {
        errors.putIfAbsent(field, message);
        return this;
    }

    /** A service's refusal, shown above the form: its messages are written for the person asking. */
    public Form reject(RuntimeException e) {
        return reject(WHOLE_FORM, e.getMessage());
    }

    /**
     * A service's refusal placed by the structure of its problems: each problem about one of {@code fields} beside
     * that field, the rest together above the form.
     */
    public Form reject(ValidationException e, String... fields) {
        Set<String> own = Set.of(fields);
        List<String> rest = new ArrayList<>();
        for (ValidationException.Problem problem : e.problems()) {
            if (problem.path() != null && own.contains(problem.path())) {
                reject(problem.path(), problem.message());
            } else {
                rest.add(problem.message());
            }
        }
        return rest.isEmpty() ? this : reject(WHOLE_FORM, String.join("; ", rest));
    }

    /** Rejects a value longer than Proton allows for the field. */
    public Form limit(String field, int max) {
        if (valueOf(field).strip().length() > max) {
            reject(field, "Use at most " + max + " characters.");
        }
        return this;
    }

    /**
     * Proton's rule for a new resource's name (letters, digits, - and _, starting with a letter or digit, at most
     * 100), the message next to {@code field}; true when the name is fine, so a caller can go on to check it is free.
     */
    /** Names the portal's addresses use beside resource names ({@code /environments/new}, {@code /environments/check}). */
    private static final Set<String> RESERVED_NAMES = Set.of("new", "review", "check");

    public boolean requireName(String field) {
        String name = valueOf(field).strip();
        if (name.isEmpty()) {
            reject(field, "Enter a name.");
            return false;
        }
        if (!name.matches("[0-9A-Za-z]+[0-9A-Za-z_\\-]*") || name.length() > 100) {
            reject(field, "Use letters, digits, - and _, starting with a letter or digit (at most 100).");
            return false;
        }
        if (RESERVED_NAMES.contains(name)) {
            reject(field, "\"" + name + "\" names one of the portal's own pages; choose another name.");
            return false;
        }
        return true;
    }

    public String valueOf(String field) {
        return values.getOrDefault(field, "");
    }

    public boolean isChecked(String field) {
        String v = values.get(field);
        return "true".equals(v) || "on".equals(v);
    }

    /** For a group of checkboxes sharing one name: whether {@code option} was among the values sent. */
    public boolean isChosen(String field, String option) {
        return chosen.getOrDefault(field, Set.of()).contains(option);
    }

    public Form choose(String field, String option) {
        chosen.computeIfAbsent(field, f -> new HashSet<>()).add(option);
        return this;
    }

    /** The fields sent, e.g. to carry them as hidden fields to the next step. */
    public java.util.List<String> getFieldNames() {
        return values.keySet().stream().sorted().toList();
    }

    public String errorOf(String field) {
        return errors.get(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
