package dev.pave.template.bundle;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pave.template.TemplateType;

class SchemaCompatibilityTest {

    private static final String BASE = """
            schema:
              format: {openapi: "3.0.0"}
              service_input_type: ServiceInput
              pipeline_input_type: PipelineInputs
              types:
                ServiceInput:
                  type: object
                  required: [image]
                  properties:
                    vpc_cidr: {type: string, pattern: "^10\\\\.", default: "10.0.0.0/16"}
                    image: {type: string, minLength: 1, maxLength: 200}
                    port: {type: integer, minimum: 1, maximum: 65535, default: 80}
                    size: {type: string, enum: [small, large], default: small}
                    network: {$ref: "#/Network"}
                Network:
                  type: object
                  properties:
                    subnet: {type: string}
                PipelineInputs:
                  type: object
                  properties:
                    dockerfile: {type: string, default: Dockerfile}
            """;

    @Test
    void acceptsTheSameSchema() {
        SchemaCompatibility.check(bundle(BASE), bundle(BASE));
    }

    @Test
    void acceptsWidening() {
        String widened = BASE
                .replace("pattern: \"^10\\\\.\", ", "")
                .replace("minLength: 1, maxLength: 200", "minLength: 0, maxLength: 300")
                .replace("type: integer, minimum: 1, maximum: 65535", "type: number, minimum: 0")
                .replace("enum: [small, large]", "enum: [small, medium, large]")
                .replace("subnet: {type: string}", "subnet: {type: string, nullable: true}")
                .replace("required: [image]", "required: [image, region]")
                .replace("    network:", "    region: {type: string, default: eu-west-1}\n        optional: {type: string}\n        network:");
        SchemaCompatibility.check(bundle(BASE), bundle(widened));
    }

    @Test
    void refusesARemovedInput() {
        assertIncompatible("input 'vpc_cidr' was removed", BASE.replace("        vpc_cidr:", "        vpc_cidr_block:"));
        assertIncompatible("input 'network.subnet' was removed", BASE.replace("subnet: {type: string}", "cidr: {type: string}"));
    }

    @Test
    void refusesANewRequiredInputWithoutDefault() {
        assertIncompatible("input 'db_name' is required and has no default", BASE
                .replace("required: [image]", "required: [image, db_name]")
                .replace("    network:", "    db_name: {type: string}\n        network:"));
    }

    @Test
    void refusesAnInputMadeRequiredWithoutDefault() {
        assertIncompatible("input 'network' is now required and has no default",
                BASE.replace("required: [image]", "required: [image, network]"));
        assertIncompatible("input 'image' is now required and has no default",
                bundle(BASE.replace("image: {type: string,", "image: {default: nginx, type: string,")), BASE);
    }

    @Test
    void refusesNarrowing() {
        assertIncompatible("input 'vpc_cidr' changed type from string to integer",
                BASE.replace("vpc_cidr: {type: string, pattern: \"^10\\\\.\",", "vpc_cidr: {type: integer,"));
        assertIncompatible("input 'port' changed type from integer to string",
                BASE.replace("port: {type: integer", "port: {type: string"));
        assertIncompatible("input 'size' no longer allows enum value \"large\"", BASE.replace("enum: [small, large]", "enum: [small]"));
        assertIncompatible("input 'image' is now limited to enum values", BASE.replace("image: {type: string,", "image: {type: string, enum: [nginx],"));
        assertIncompatible("input 'port' raised minimum from 1 to 2", BASE.replace("minimum: 1", "minimum: 2"));
        assertIncompatible("input 'port' lowered maximum from 65535 to 1024", BASE.replace("maximum: 65535", "maximum: 1024"));
        assertIncompatible("input 'image' raised minLength from 1 to 2", BASE.replace("minLength: 1", "minLength: 2"));
        assertIncompatible("input 'image' lowered maxLength from 200 to 100", BASE.replace("maxLength: 200", "maxLength: 100"));
        assertIncompatible("input 'vpc_cidr' changed its pattern", BASE.replace("\"^10\\\\.\"", "\"^172\\\\.\""));
        assertIncompatible("input 'image' gained a pattern", BASE.replace("image: {type: string,", "image: {type: string, pattern: \"^a\","));
        assertIncompatible("input 'network.subnet' is now limited to type string",
                bundle(BASE.replace("subnet: {type: string}", "subnet: {description: anything}")), BASE);
    }

    @Test
    void checksPipelineInputsToo() {
        assertIncompatible("pipeline input 'dockerfile' was removed", BASE.replace("dockerfile:", "docker_file:"));
        assertIncompatible("pipeline input 'dockerfile' raised minLength to 5",
                BASE.replace("dockerfile: {type: string,", "dockerfile: {type: string, minLength: 5,"));
    }

    private static void assertIncompatible(String expected, String candidate) {
        assertIncompatible(expected, bundle(BASE), candidate);
    }

    private static void assertIncompatible(String expected, ValidatedBundle previous, String candidate) {
        BundleException refused = assertThrows(BundleException.class,
                () -> SchemaCompatibility.check(previous, bundle(candidate)));
        assertTrue(refused.getMessage().startsWith(expected), refused.getMessage());
    }

    private static ValidatedBundle bundle(String schema) {
        Map<String, byte[]> files = SampleBundles.cloudFormationService();
        files.put("schema/schema.yaml", schema.getBytes(StandardCharsets.UTF_8));
        return BundleValidator.validate(SampleBundles.bundle(files), TemplateType.SERVICE, false);
    }
}
