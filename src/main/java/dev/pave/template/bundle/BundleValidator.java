package dev.pave.template.bundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pave.provision.cloudformation.StackParameters;
import dev.pave.template.TemplateType;

/**
 * Checks a bundle as Proton does when it registers a template version: layout (ag-wrap-up.md), manifests and
 * schema (ag-schema.md). Files Proton has no use for are kept but reported as warnings.
 */
public final class BundleValidator {

    static final String SCHEMA_FOLDER = "schema";
    static final String ENVIRONMENT_FOLDER = "infrastructure";
    static final String INSTANCE_FOLDER = "instance_infrastructure";
    static final String PIPELINE_FOLDER = "pipeline_infrastructure";
    /** Template-sync registration files that sit beside the folders (create-template-sync.md). */
    static final Set<String> REGISTRATION_FILES = Set.of(".compatible-envs", ".template-registration.yaml");

    private BundleValidator() {
    }

    /**
     * @param customerManaged for an environment template, provisioning CUSTOMER_MANAGED; for a service
     *                        template, pipelineProvisioning CUSTOMER_MANAGED
     */
    public static ValidatedBundle validate(Bundle bundle, TemplateType type, boolean customerManaged) {
        List<String> warnings = new ArrayList<>();
        Set<String> folders = topFolders(bundle);
        List<String> infrastructure = type == TemplateType.ENVIRONMENT
                ? environmentFolders(folders, customerManaged)
                : serviceFolders(folders, customerManaged, warnings);
        warnUnused(bundle, folders, warnings);

        TemplateSchema schema = TemplateSchema.read(bundle);
        Map<String, Manifest> manifests = new LinkedHashMap<>();
        for (String folder : infrastructure) {
            manifests.put(folder, ManifestReader.read(bundle, folder));
        }

        String inputType = schema.inputTypeName(inputKey(type), true);
        if (type == TemplateType.ENVIRONMENT && customerManaged) {
            requireStringOutputs(schema, inputType);
        }
        String pipelineType = schema.inputTypeName("pipeline_input_type", false);
        boolean pipelineUsed = manifests.containsKey(PIPELINE_FOLDER);
        if (pipelineType != null && !pipelineUsed) {
            warnings.add("schema.pipeline_input_type '" + pipelineType + "' is ignored: no pipeline is provisioned"
                    + " from this bundle");
            pipelineType = null;
        }
        JsonNode inputSchema = OpenApiSchemas.toJsonSchema(schema.types.get(inputType), schema.types);
        JsonNode pipelineSchema = pipelineSchema(schema, pipelineType, pipelineUsed);
        for (Manifest m : manifests.values()) {
            requireParameterValues(bundle, m, m.folder().equals(PIPELINE_FOLDER) ? pipelineSchema : inputSchema);
        }
        return new ValidatedBundle(bundle, schema.root, inputType, pipelineType, inputSchema, pipelineSchema, manifests, warnings,
                SpecMigrations.read(bundle));
    }

    /** A stack template's parameter that nothing would fill fails here, not at its first deployment. */
    private static void requireParameterValues(Bundle bundle, Manifest m, JsonNode inputs) {
        if (m.engine() != Manifest.Engine.CLOUDFORMATION) {
            return;
        }
        String targetType = switch (m.folder()) {
            case ENVIRONMENT_FOLDER -> "ENVIRONMENT";
            case PIPELINE_FOLDER -> "SERVICE_PIPELINE";
            default -> "SERVICE_INSTANCE";
        };
        Set<String> inputNames = new HashSet<>();
        inputs.path("properties").fieldNames().forEachRemaining(inputNames::add);
        for (String file : m.files()) {
            List<String> unfilled = StackParameters.unfilled(file, bundle.text(file), targetType, inputNames);
            if (!unfilled.isEmpty()) {
                throw new BundleException(file + ": " + StackParameters.missing(unfilled, targetType, true));
            }
        }
    }

    /** The input types of a registered version as JSON Schemas, read from its stored schema/schema.yaml alone. */
    public record InputSchemas(JsonNode input, JsonNode pipeline) {
    }

    /**
     * The input types a registered version's schema/schema.yaml declares, without the rest of its bundle: for pages
     * that document them. {@code pipelineUsed}: whether the version provisions a pipeline (else pipeline is null).
     */
    public static InputSchemas inputSchemas(String schemaYaml, TemplateType type, boolean pipelineUsed) {
        TemplateSchema schema = TemplateSchema.parse(schemaYaml.getBytes(StandardCharsets.UTF_8));
        String inputType = schema.inputTypeName(inputKey(type), true);
        String pipelineType = pipelineUsed ? schema.inputTypeName("pipeline_input_type", false) : null;
        return new InputSchemas(OpenApiSchemas.toJsonSchema(schema.types.get(inputType), schema.types),
                pipelineSchema(schema, pipelineType, pipelineUsed));
    }

    private static String inputKey(TemplateType type) {
        return type == TemplateType.ENVIRONMENT ? "environment_input_type" : "service_input_type";
    }

    /** A used pipeline without a pipeline_input_type takes no inputs: an empty object schema. */
    private static JsonNode pipelineSchema(TemplateSchema schema, String pipelineType, boolean pipelineUsed) {
        if (pipelineType != null) {
            return OpenApiSchemas.toJsonSchema(schema.types.get(pipelineType), schema.types);
        }
        return pipelineUsed ? emptyInputs() : null;
    }

    private static List<String> environmentFolders(Set<String> folders, boolean customerManaged) {
        for (String serviceFolder : List.of(INSTANCE_FOLDER, PIPELINE_FOLDER)) {
            if (folders.contains(serviceFolder)) {
                throw new BundleException(serviceFolder + "/ belongs in a service template bundle, not an"
                        + " environment template bundle");
            }
        }
        if (customerManaged) {
            if (folders.contains(ENVIRONMENT_FOLDER)) {
                throw new BundleException(ENVIRONMENT_FOLDER + "/ must be left out: a CUSTOMER_MANAGED environment"
                        + " template bundle holds only schema/");
            }
            return List.of();
        }
        return List.of(ENVIRONMENT_FOLDER);
    }

    private static List<String> serviceFolders(Set<String> folders, boolean customerManaged, List<String> warnings) {
        if (folders.contains(ENVIRONMENT_FOLDER)) {
            throw new BundleException(ENVIRONMENT_FOLDER + "/ belongs in an environment template bundle, not a"
                    + " service template bundle");
        }
        if (!folders.contains(PIPELINE_FOLDER)) {
            return List.of(INSTANCE_FOLDER);
        }
        if (customerManaged) {
            warnings.add(PIPELINE_FOLDER + "/ is ignored: the template's pipelineProvisioning is CUSTOMER_MANAGED");
            return List.of(INSTANCE_FOLDER);
        }
        return List.of(INSTANCE_FOLDER, PIPELINE_FOLDER);
    }

    /** Root files and folders outside the layout (README.md, images/, __MACOSX/) are kept but not used. */
    private static void warnUnused(Bundle bundle, Set<String> folders, List<String> warnings) {
        Set<String> layout = Set.of(SCHEMA_FOLDER, ENVIRONMENT_FOLDER, INSTANCE_FOLDER, PIPELINE_FOLDER);
        for (String folder : folders) {
            if (!layout.contains(folder)) {
                warnings.add(folder + "/ is not part of a Proton bundle and is not used");
            }
        }
        for (String path : bundle.paths()) {
            boolean atRoot = path.indexOf('/') < 0;
            if (atRoot && !REGISTRATION_FILES.contains(path)) {
                warnings.add(path + " is not part of a Proton bundle and is not used");
            } else if (path.startsWith(SCHEMA_FOLDER + "/") && !path.equals(TemplateSchema.FILE) && !path.equals(SpecMigrations.FILE)) {
                warnings.add(path + " is not used: schema/ holds only schema.yaml and migrations.yaml");
            }
        }
    }

    /** A CUSTOMER_MANAGED environment's schema lists the outputs of infrastructure made elsewhere: strings only. */
    private static void requireStringOutputs(TemplateSchema schema, String inputType) {
        schema.types.get(inputType).path("properties").fields().forEachRemaining(output -> {
            if (!output.getValue().path("type").asText("").equals("string")) {
                throw TemplateSchema.fail("output '" + output.getKey() + "' of type '" + inputType
                        + "' must have type: string, as a CUSTOMER_MANAGED environment lists only string outputs");
            }
        });
    }

    private static Set<String> topFolders(Bundle bundle) {
        Set<String> folders = new LinkedHashSet<>();
        for (String path : bundle.paths()) {
            int slash = path.indexOf('/');
            if (slash > 0) {
                folders.add(path.substring(0, slash));
            }
        }
        return folders;
    }

    private static ObjectNode emptyInputs() {
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        empty.put("$schema", OpenApiSchemas.DIALECT);
        empty.put("type", "object");
        empty.putObject("properties");
        return empty;
    }
}
