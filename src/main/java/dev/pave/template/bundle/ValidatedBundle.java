package dev.pave.template.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A bundle that passed {@link BundleValidator}.
 *
 * @param schema                  the parsed schema/schema.yaml
 * @param inputTypeName           the environment or service input type
 * @param pipelineInputTypeName   the pipeline input type; null when the bundle has no pipeline in use or
 *                                the schema declares none
 * @param inputSchema             the input type as a JSON Schema, local $refs inlined (see {@link OpenApiSchemas})
 * @param pipelineInputSchema     likewise for the pipeline; an empty object schema when the pipeline is used
 *                                without a pipeline_input_type, null when no pipeline is used
 * @param manifests               checked manifests by folder, in layout order
 * @param warnings                what Pave ignores in the bundle, for the registering user to see
 */
public record ValidatedBundle(Bundle bundle, JsonNode schema, String inputTypeName, String pipelineInputTypeName,
        JsonNode inputSchema, JsonNode pipelineInputSchema, Map<String, Manifest> manifests, List<String> warnings) {

    public ValidatedBundle {
        manifests = Collections.unmodifiableMap(new LinkedHashMap<>(manifests));
        warnings = List.copyOf(warnings);
    }

    /** The engine of the environment's or instances' infrastructure; null when the bundle provisions none. */
    public Manifest.Engine engine() {
        return manifests.entrySet().stream().filter(m -> !m.getKey().equals(BundleValidator.PIPELINE_FOLDER))
                .map(m -> m.getValue().engine()).findFirst().orElse(null);
    }

    /** The pipeline's engine; null when no pipeline is provisioned from this bundle. */
    public Manifest.Engine pipelineEngine() {
        Manifest pipeline = manifests.get(BundleValidator.PIPELINE_FOLDER);
        return pipeline == null ? null : pipeline.engine();
    }
}
