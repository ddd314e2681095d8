package dev.pave.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.SafeYaml;
import java.nio.charset.StandardCharsets;

/**
 * A Proton spec document as users write it, YAML or JSON: {@code proton: EnvironmentSpec} with {@code spec:},
 * {@code proton: ServiceSpec} with {@code pipeline:} and {@code instances:}, or {@code proton: ServiceInstanceSpec}
 * with {@code spec:}. Parsed with the same limits as bundle YAML (aliases, nesting, size).
 */
public final class Spec {

    public enum Kind {
        EnvironmentSpec,
        ServiceSpec,
        ServiceInstanceSpec
    }

    private Spec() {
    }

    /** The document's root, after checking it declares {@code kind}. */
    public static ObjectNode parse(String text, Kind kind) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("spec is empty: it must start with 'proton: " + kind + "'");
        }
        JsonNode root;
        try {
            root = SafeYaml.parse("spec", text.getBytes(StandardCharsets.UTF_8));
        } catch (BundleException e) {
            throw new ValidationException("spec is not valid YAML or JSON: " + e.getMessage().replaceFirst("^spec: ", ""));
        }
        if (!(root instanceof ObjectNode object)) {
            throw new ValidationException("spec must be a mapping that starts with 'proton: " + kind + "'");
        }
        String declared = object.path("proton").asText(null);
        if (declared == null) {
            throw new ValidationException("spec must declare 'proton: " + kind + "'");
        }
        if (!declared.equals(kind.name())) {
            throw new ValidationException("spec declares 'proton: " + declared + "' where a " + kind + " is expected");
        }
        return object;
    }

    /** The {@code spec:} mapping of an EnvironmentSpec or ServiceInstanceSpec (empty when absent). */
    public static ObjectNode inputs(ObjectNode document) {
        JsonNode spec = document.get("spec");
        if (spec == null || spec.isNull()) {
            return document.objectNode();
        }
        if (!(spec instanceof ObjectNode object)) {
            throw new ValidationException("spec.spec must be a mapping of input names to values");
        }
        return object;
    }
}
