package dev.pave.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/**
 * Spec documents as users write them, built from a form's inputs or a resource's stored inputs (JSON): what create
 * and edit pages send to the services, what resource pages show, and what the API answers for a service instance's
 * or pipeline's spec.
 */
public final class SpecDocuments {

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));
    private static final YAMLMapper READABLE = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecDocuments() {
    }

    /** {@code proton: EnvironmentSpec} with the inputs under {@code spec}. */
    public static String environment(JsonNode inputs) {
        return document("EnvironmentSpec", "spec", inputs);
    }

    /** {@code proton: ServiceInstanceSpec} with the inputs under {@code spec}. */
    public static String instance(JsonNode inputs) {
        return document("ServiceInstanceSpec", "spec", inputs);
    }

    /** {@code proton: ServiceSpec} with the pipeline's inputs under {@code pipeline}. */
    public static String pipeline(JsonNode inputs) {
        return document("ServiceSpec", "pipeline", inputs);
    }

    /** Stored inputs (a JSON object, or null) as a tree. */
    public static JsonNode read(String json) {
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An empty {@code proton: <kind>} document, for a spec with more than one part (a ServiceSpec's pipeline and instances). */
    public static ObjectNode start(String kind) {
        return JsonNodeFactory.instance.objectNode().put("proton", kind);
    }

    /** A spec document ({@code proton: …} first) as the YAML users keep in their repositories. */
    public static String yaml(ObjectNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service instance's stored inputs as the {@code proton: ServiceInstanceSpec} a user writes; null stays null. */
    public static String instanceSpec(String storedJson) {
        return storedJson == null ? null : instance(read(storedJson));
    }

    /** A pipeline's stored inputs as the {@code proton: ServiceSpec} with its {@code pipeline}; null stays null. */
    public static String pipelineSpec(String storedJson) {
        return storedJson == null ? null : pipeline(read(storedJson));
    }

    /**
     * A deployment state (Proton's DeploymentState union, as stored) with a service instance's or pipeline's inputs
     * written as spec documents; environments' and components' specs are stored as their users wrote them already.
     */
    public static JsonNode asWritten(JsonNode state) {
        if (state == null || !state.isObject()) {
            return state;
        }
        ObjectNode copy = state.deepCopy();
        if (copy.path("serviceInstance").path("spec").isTextual()) {
            ((ObjectNode) copy.get("serviceInstance")).put("spec", instanceSpec(copy.get("serviceInstance").get("spec").asText()));
        }
        if (copy.path("servicePipeline").path("spec").isTextual()) {
            ((ObjectNode) copy.get("servicePipeline")).put("spec", pipelineSpec(copy.get("servicePipeline").get("spec").asText()));
        }
        return copy;
    }

    /** Any document as YAML for reading on a page, multi-line strings (specs) as literal blocks. */
    public static String readable(JsonNode document) {
        try {
            return READABLE.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String document(String kind, String key, JsonNode inputs) {
        ObjectNode doc = start(kind);
        doc.set(key, inputs);
        return yaml(doc);
    }
}
