package dev.pave.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pave.error.ValidationException;
import dev.pave.web.forms.InputForm;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the environment and service create and edit forms share: the posted form split into the page's own fields
 * and its generated inputs, Proton's resource-name rule, the spec document written as YAML, and a service's
 * {@code spec.…} refusal placed next to the input it is about.
 */
final class SpecForms {

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private SpecForms() {
    }

    /** The page's own fields as posted (last value of each): everything but generated inputs and the CSRF token. */
    static Form pageFields(MultivaluedMap<String, String> body) {
        Form form = Form.empty();
        body.forEach((k, v) -> {
            if (InputForm.prefixOf(k) == null && !k.equals("csrf-token") && !v.isEmpty()) {
                form.with(k, v.get(v.size() - 1));
            }
        });
        return form;
    }

    /** Proton's rule for resource names, the message next to {@code field}; true when the name is fine. */
    static boolean checkName(Form f, String field) {
        String name = f.valueOf(field).strip();
        if (name.isEmpty()) {
            f.reject(field, "Enter a name.");
            return false;
        }
        if (!name.matches("[0-9A-Za-z]+[0-9A-Za-z_\\-]*") || name.length() > 100) {
            f.reject(field, "Use letters, digits, - and _, starting with a letter or digit (at most 100).");
            return false;
        }
        return true;
    }

    /** A spec document ({@code proton: …} first) as the YAML users keep in their repositories. */
    static String yaml(ObjectNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A service's ValidationException about a spec: each {@code spec.x: …} part goes to the input form whose spec
     * path it starts with ({@code spec.} for an environment, {@code spec.pipeline.} or {@code spec.instances[1].spec.}
     * for a service; the longest wins), the rest above the page's form.
     */
    static void placeError(Form form, ValidationException e, Map<String, InputForm> formsBySpecPath) {
        List<String> unplaced = new ArrayList<>();
        for (String problem : e.getMessage().split("; ")) {
            formsBySpecPath.keySet().stream().filter(problem::startsWith).max(Comparator.comparingInt(String::length))
                    .ifPresentOrElse(path -> formsBySpecPath.get(path).placeError("spec." + problem.substring(path.length())),
                            () -> unplaced.add(problem));
        }
        if (!unplaced.isEmpty()) {
            form.reject(Form.WHOLE_FORM, String.join("; ", unplaced));
        }
    }
}
