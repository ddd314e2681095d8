package dev.pave.provision.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.SafeYaml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values Pave gives a stack template's {@code Parameters} (Proton passed none; templates written for it, such as
 * the seed's {@code ProtonEnvironmentName}, declared some anyway). A declared parameter gets, in this order: the
 * Proton name of the resource ({@link #PROTON_NAMES}, where it applies), or the resource's own input of the same
 * name. One with neither a value nor a {@code Default} is refused here, with its name, before anything reaches the
 * cloud; undeclared names are never passed (CloudFormation refuses them). Drift checks read the same values.
 */
public final class StackParameters {

    /** Parameter name to where its value sits in the Proton input document, by resource kind. */
    static final Map<String, Map<String, String>> PROTON_NAMES = Map.of(
            "ENVIRONMENT", Map.of("ProtonEnvironmentName", "/environment/name"),
            "SERVICE_INSTANCE", Map.of("ProtonEnvironmentName", "/environment/name", "ProtonServiceName", "/service/name",
                    "ProtonServiceInstanceName", "/service_instance/name"),
            "SERVICE_PIPELINE", Map.of("ProtonServiceName", "/service/name"),
            "COMPONENT", Map.of("ProtonEnvironmentName", "/environment/name", "ProtonServiceName", "/service/name",
                    "ProtonServiceInstanceName", "/service_instance/name", "ProtonComponentName", "/component/name"));

    /** Where the resource's own inputs sit in the Proton input document. */
    private static final Map<String, String> INPUTS = Map.of("ENVIRONMENT", "/environment/inputs",
            "SERVICE_INSTANCE", "/service_instance/inputs", "SERVICE_PIPELINE", "/pipeline/inputs");

    private StackParameters() {
    }

    /** A declared parameter: its name and whether it has a default. */
    record Declared(String name, boolean hasDefault) {
    }

    /**
     * The values to pass for a rendered template, by parameter name.
     *
     * @throws IllegalArgumentException naming every parameter that has no default and no value
     */
    public static Map<String, String> values(String template, String targetType, JsonNode inputDocument) {
        JsonNode protonInputs = inputDocument == null ? MissingNode.getInstance() : inputDocument;
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<Declared> declared;
        try {
            declared = declared("the template", template);
        } catch (BundleException notReadableHere) {
            return values; // CloudFormation's parser has the last word, and its message
        }
        for (Declared p : declared) {
            String pointer = PROTON_NAMES.getOrDefault(targetType, Map.of()).get(p.name());
            JsonNode value = pointer != null ? protonInputs.at(pointer)
                    : INPUTS.containsKey(targetType) ? protonInputs.at(INPUTS.get(targetType)).path(p.name()) : null;
            if (value != null && !value.isMissingNode() && !value.isNull()) {
                values.put(p.name(), text(value));
            } else if (!p.hasDefault()) {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing(missing, targetType, INPUTS.containsKey(targetType)));
        }
        return values;
    }

    /**
     * What registration can tell before anything is rendered: the parameters of a bundle's template file, serving
     * {@code targetType}, that have no default and that neither a Proton name nor a schema input would fill. Empty
     * where the unrendered file does not read as a template (Jinja blocks): the deployment then tells.
     */
    public static List<String> unfilled(String file, String template, String targetType, Set<String> inputs) {
        List<Declared> declared;
        try {
            declared = declared(file, template);
        } catch (BundleException unreadableBeforeRendering) {
            return List.of();
        }
        Set<String> named = PROTON_NAMES.getOrDefault(targetType, Map.of()).keySet();
        return declared.stream().filter(p -> !p.hasDefault() && !named.contains(p.name()) && !inputs.contains(p.name()))
                .map(Declared::name).toList();
    }

    /** The message for parameters left without a value. */
    public static String missing(List<String> names, String targetType, boolean hasInputs) {
        Set<String> proton = new TreeSet<>(PROTON_NAMES.getOrDefault(targetType, Map.of()).keySet());
        return "Missing value for stack parameter" + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
                + ": give " + (names.size() == 1 ? "it" : "each") + " a Default" + (hasInputs ? ", or name it after an input of the schema" : "")
                + (proton.isEmpty() ? "" : " (Pave fills " + String.join(", ", proton) + ")");
    }

    private static List<Declared> declared(String file, String template) {
        JsonNode parameters = SafeYaml.parseCloudFormation(file, template.getBytes(StandardCharsets.UTF_8)).path("Parameters");
        List<Declared> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            out.add(new Declared(p.getKey(), p.getValue().has("Default")));
        }
        return out;
    }

    /** CloudFormation takes text: lists (CommaDelimitedList, List&lt;…&gt;) comma-joined, objects as JSON. */
    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.isValueNode() ? v.asText() : v.toString()));
            return String.join(",", items);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
