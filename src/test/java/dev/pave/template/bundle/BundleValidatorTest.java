package dev.pave.template.bundle;

import static dev.pave.template.TemplateType.ENVIRONMENT;
import static dev.pave.template.TemplateType.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import dev.pave.template.TemplateType;

class BundleValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acceptsCloudFormationBundles() {
        ValidatedBundle environment = validate(SampleBundles.cloudFormationEnvironment(), ENVIRONMENT, false);
        assertEquals("VpcInput", environment.inputTypeName());
        Manifest manifest = environment.manifests().get("infrastructure");
        assertEquals(Manifest.Engine.CLOUDFORMATION, manifest.engine());
        assertEquals(List.of("infrastructure/cloudformation.yaml"), manifest.files());

        ValidatedBundle service = validate(SampleBundles.cloudFormationService(), SERVICE, false);
        assertEquals(List.of("instance_infrastructure", "pipeline_infrastructure"), List.copyOf(service.manifests().keySet()));
        assertEquals("PipelineInputs", service.pipelineInputTypeName());
        assertEquals(List.of(), service.warnings());
    }

    @Test
    void acceptsTerraformServiceWithTenTfFiles() {
        ValidatedBundle service = validate(SampleBundles.terraformService(), SERVICE, false);
        Manifest instance = service.manifests().get("instance_infrastructure");
        assertEquals(Manifest.Engine.TERRAFORM, instance.engine());
        assertEquals(5, instance.files().size());
        assertTrue(instance.files().contains("instance_infrastructure/main.tf"));
    }

    @Test
    void acceptsCodeBuildBundles() {
        Manifest manifest = validate(SampleBundles.codeBuildEnvironment(), ENVIRONMENT, false).manifests().get("infrastructure");
        assertEquals(Manifest.Engine.CODEBUILD, manifest.engine());
        assertEquals(List.of("cat proton-inputs.json", "terraform apply -auto-approve"), manifest.provisionCommands());
        assertEquals(List.of("terraform destroy -auto-approve"), manifest.deprovisionCommands());
        assertEquals(List.of("terraform plan -detailed-exitcode"), manifest.driftCommands());
        assertEquals(List.of("infrastructure/main.tf", "infrastructure/install-terraform.sh"), manifest.files());
    }

    @Test
    void customerManagedEnvironmentIsSchemaOnly() {
        String outputs = """
                schema:
                  format: {openapi: "3.0.0"}
                  environment_input_type: EnvironmentOutput
                  types:
                    EnvironmentOutput:
                      type: object
                      properties:
                        VpcId: {type: string}
                """;
        ValidatedBundle bundle = validate(Archives.files("schema/schema.yaml", outputs), ENVIRONMENT, true);
        assertEquals(Map.of(), bundle.manifests());

        assertRefused("infrastructure/ must be left out: a CUSTOMER_MANAGED environment template bundle holds only schema/",
                SampleBundles.cloudFormationEnvironment(), ENVIRONMENT, true);
        assertRefused("schema/schema.yaml: output 'Port' of type 'EnvironmentOutput' must have type: string",
                Archives.files("schema/schema.yaml", outputs + "        Port: {type: number}\n"), ENVIRONMENT, true);
    }

    @Test
    void customerManagedPipelineIsIgnoredWithAWarning() {
        ValidatedBundle service = validate(SampleBundles.cloudFormationService(), SERVICE, true);
        assertEquals(List.of("instance_infrastructure"), List.copyOf(service.manifests().keySet()));
        assertTrue(service.warnings().contains(
                "pipeline_infrastructure/ is ignored: the template's pipelineProvisioning is CUSTOMER_MANAGED"));
        assertNull(service.pipelineInputTypeName());
        assertNull(service.pipelineInputSchema());
    }

    @Test
    void pipelineWithoutPipelineInputTypeHasNoInputs() {
        Map<String, byte[]> files = SampleBundles.cloudFormationService();
        files.put("schema/schema.yaml", bytes(SampleBundles.SERVICE_SCHEMA.replace("  pipeline_input_type: \"PipelineInputs\"\n", "")));
        ValidatedBundle service = validate(files, SERVICE, false);
        assertNull(service.pipelineInputTypeName());
        assertEquals(0, service.pipelineInputSchema().get("properties").size());
    }

    @Test
    void warnsAboutFilesOutsideTheLayout() {
        Map<String, byte[]> files = SampleBundles.cloudFormationEnvironment();
        files.put("README.md", bytes("# docs"));
        files.put("images/diagram.png", new byte[] {1});
        List<String> warnings = validate(files, ENVIRONMENT, false).warnings();
        assertTrue(warnings.contains("README.md is not part of a Proton bundle and is not used"), warnings.toString());
        assertTrue(warnings.contains("images/ is not part of a Proton bundle and is not used"), warnings.toString());
    }

    @Test
    void refusesTheWrongLayout() {
        assertRefused("schema/schema.yaml is missing", without(SampleBundles.cloudFormationEnvironment(), "schema/schema.yaml"),
                ENVIRONMENT, false);
        assertRefused("infrastructure/manifest.yaml is missing",
                without(SampleBundles.cloudFormationEnvironment(), "infrastructure/manifest.yaml"), ENVIRONMENT, false);
        assertRefused("instance_infrastructure/manifest.yaml is missing",
                Archives.files("schema/schema.yaml", SampleBundles.SERVICE_SCHEMA), SERVICE, false);
        assertRefused("infrastructure/ belongs in an environment template bundle",
                SampleBundles.cloudFormationEnvironment(), SERVICE, false);
        assertRefused("instance_infrastructure/ belongs in a service template bundle",
                SampleBundles.cloudFormationService(), ENVIRONMENT, false);
    }

    @Test
    void refusesCloudFormationManifestsOfTheWrongForm() {
        assertManifestRefused("infrastructure/manifest.yaml: a CloudFormation manifest lists exactly one template, not 2", """
                infrastructure:
                  templates:
                    - {file: cloudformation.yaml, rendering_engine: jinja, template_language: cloudformation}
                    - {file: cloudformation.yaml, rendering_engine: jinja, template_language: cloudformation}
                """);
        assertManifestRefused("infrastructure/manifest.yaml: file 'missing.yaml' does not exist in infrastructure/",
                SampleBundles.CLOUDFORMATION_MANIFEST.replace("cloudformation.yaml", "missing.yaml"));
        assertManifestRefused("infrastructure/manifest.yaml: file '../schema/schema.yaml' is outside infrastructure/",
                SampleBundles.CLOUDFORMATION_MANIFEST.replace("cloudformation.yaml", "../schema/schema.yaml"));
        assertManifestRefused("infrastructure/manifest.yaml: each template needs a file",
                "infrastructure: {templates: [{rendering_engine: jinja, template_language: cloudformation}]}");
        assertManifestRefused("rendering_engine 'jinja' with template_language 'terraform' is not supported",
                "infrastructure: {templates: [{file: a, rendering_engine: jinja, template_language: terraform}]}");
        assertManifestRefused("infrastructure/manifest.yaml: infrastructure.templates must be a non-empty list",
                "infrastructure: {templates: []}");
    }

    @Test
    void refusesTerraformManifestsMatchingNothing() {
        assertManifestRefused("infrastructure/manifest.yaml: file '*' matches no .tf file in infrastructure/",
                SampleBundles.TERRAFORM_MANIFEST);
    }

    @Test
    void refusesCodeBuildManifestsOfTheWrongForm() {
        assertManifestRefused("settings.provision must be a non-empty list of commands",
                "infrastructure: {templates: [{rendering_engine: codebuild, settings: {deprovision: [x]}}]}");
        assertManifestRefused("settings.deprovision must be a non-empty list of commands",
                "infrastructure: {templates: [{rendering_engine: codebuild, settings: {provision: [x], deprovision: []}}]}");
        assertManifestRefused("settings.provision must hold only strings",
                "infrastructure: {templates: [{rendering_engine: codebuild, settings: {provision: [{a: b}], deprovision: [x]}}]}");
        assertManifestRefused("settings.drift must be a non-empty list of commands",
                "infrastructure: {templates: [{rendering_engine: codebuild, settings: {provision: [x], deprovision: [x], drift: terraform plan}}]}");
        assertManifestRefused("settings must be a mapping",
                "infrastructure: {templates: [{rendering_engine: codebuild}]}");
        assertManifestRefused("a CodeBuild manifest lists exactly one template, not 2",
                "infrastructure: {templates: [{rendering_engine: codebuild}, {rendering_engine: codebuild}]}");
    }

    @Test
    void refusesSchemasProtonRefuses() {
        assertSchemaRefused("schema.format.openapi must be \"3.0.0\", found \"3.1.0\"",
                SampleBundles.ENVIRONMENT_SCHEMA.replace("3.0.0", "3.1.0"));
        assertSchemaRefused("schema.environment_input_type is missing",
                SampleBundles.ENVIRONMENT_SCHEMA.replace("environment_input_type", "service_input_type"));
        assertSchemaRefused("schema.environment_input_type names 'Nope', which is not in schema.types",
                SampleBundles.ENVIRONMENT_SCHEMA.replace("environment_input_type: \"VpcInput\"", "environment_input_type: Nope"));
        assertSchemaRefused("type 'VpcInput' (schema.environment_input_type) must have type: object",
                SampleBundles.ENVIRONMENT_SCHEMA.replace("type: object", "type: string"));
        assertSchemaRefused("property 'vpc cidr' of type 'VpcInput' must match",
                SampleBundles.ENVIRONMENT_SCHEMA.replace("vpc_cidr:", "\"vpc cidr\":"));
        assertSchemaRefused("property '" + "v".repeat(101) + "' of type 'VpcInput' is longer than 100 characters",
                SampleBundles.ENVIRONMENT_SCHEMA.replace("vpc_cidr:", "v".repeat(101) + ":"));
    }

    @Test
    void refusesRefsOutsideTheSchema() {
        assertSchemaRefused("$ref 'http://example.com/evil.yaml' points outside the schema file", withRef("http://example.com/evil.yaml"));
        assertSchemaRefused("$ref 'other.yaml#/x' points outside the schema file", withRef("other.yaml#/x"));
        assertSchemaRefused("$ref '#/types/Missing' points to no type in schema.types", withRef("#/types/Missing"));
        assertSchemaRefused("$ref '#/components/schemas/Subnet' points to no type in schema.types",
                withRef("#/components/schemas/Subnet"));
    }

    @Test
    void inlinesLocalRefsIntoAJsonSchemaNetworkntValidates() throws Exception {
        for (String ref : List.of("#/Subnet", "#/types/Subnet")) {
            ValidatedBundle bundle = validate(withSchema(withRef(ref)), ENVIRONMENT, false);
            JsonNode subnet = bundle.inputSchema().get("properties").get("subnet");
            assertEquals("[\"string\",\"null\"]", subnet.get("properties").get("cidr").get("type").toString());

            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                    .getSchema(bundle.inputSchema());
            assertEquals(0, schema.validate(JSON.readTree("{\"subnet\": {\"cidr\": null}}")).size());
            assertEquals(1, schema.validate(JSON.readTree("{\"subnet\": {\"cidr\": 5}}")).size());
            assertEquals(1, schema.validate(JSON.readTree("{\"vpc_cidr\": \"not-an-ip\"}")).size());
        }
    }

    @Test
    void refusesRecursiveRefs() {
        String recursive = withRef("#/Subnet").replace("cidr: {type: string, nullable: true}", "next: {$ref: \"#/Subnet\"}");
        assertSchemaRefused("$ref '#/Subnet' nests deeper than 10 levels", recursive);
    }

    private static String withRef(String ref) {
        return SampleBundles.ENVIRONMENT_SCHEMA + """
                        subnet:
                          $ref: "%s"
                    Subnet:
                      type: object
                      properties:
                        cidr: {type: string, nullable: true}
                """.formatted(ref);
    }

    private static Map<String, byte[]> withSchema(String schema) {
        Map<String, byte[]> files = SampleBundles.cloudFormationEnvironment();
        files.put("schema/schema.yaml", bytes(schema));
        return files;
    }

    private static void assertSchemaRefused(String expected, String schema) {
        assertRefused("schema/schema.yaml: " + expected, withSchema(schema), ENVIRONMENT, false);
    }

    private static void assertManifestRefused(String expected, String manifest) {
        Map<String, byte[]> files = SampleBundles.cloudFormationEnvironment();
        files.put("infrastructure/manifest.yaml", bytes(manifest));
        assertRefused(expected, files, ENVIRONMENT, false);
    }

    private static ValidatedBundle validate(Map<String, byte[]> files, TemplateType type, boolean customerManaged) {
        return BundleValidator.validate(SampleBundles.bundle(files), type, customerManaged);
    }

    private static void assertRefused(String expected, Map<String, byte[]> files, TemplateType type, boolean customerManaged) {
        BundleException refused = assertThrows(BundleException.class, () -> validate(files, type, customerManaged));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    private static Map<String, byte[]> without(Map<String, byte[]> files, String path) {
        files.remove(path);
        return files;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
