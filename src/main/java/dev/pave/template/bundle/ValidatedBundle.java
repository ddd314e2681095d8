package dev.pave.template.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        JsonNode inputSchema, JsonNode pipelineInputSchema, Map<String, Manifest> manifests, List<String> warnings, SpecMigrations migrations) {

    public ValidatedBundle {
        manifests = Collections.unmodifiableMap(new LinkedHashMap<>(manifests));
        warnings = List.copyOf(warnings);
    }

    /**
     * Inputs of a resource moving to this bundle's version from major {@code fromMajor}: migrated by the bundle's
     * {@code schema/migrations.yaml} when the major changes, else as they are.
     */
    public ObjectNode migrate(int fromMajor, int toMajor, ObjectNode inputs) {
        return fromMajor == toMajor ? inputs : migrations.apply(fromMajor, inputs);
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
