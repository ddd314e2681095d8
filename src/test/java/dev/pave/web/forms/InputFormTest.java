package dev.pave.web.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pave.template.TemplateType;
import dev.pave.template.bundle.BundleArchive;
import dev.pave.template.bundle.BundleValidator;
import dev.pave.template.bundle.OpenApiSchemas;
import dev.pave.testing.TestBundles;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The form model against the walkthrough's seed schema, the shipped samples and a schema using every control. */
class InputFormTest {

    private static final JsonNode SEED = BundleValidator.validate(BundleArchive.read(new ByteArrayInputStream(
            TestBundles.fromResources("bundles/seed/ecs-shared-env").tarGz())), TemplateType.ENVIRONMENT, false).inputSchema();

    private static JsonNode sample(String folder, String type) throws Exception {
        try (InputStream in = InputFormTest.class.getResourceAsStream("/samples/" + folder + "/schema/schema.yaml")) {
            JsonNode doc = new YAMLMapper().readTree(in).get("schema");
            return OpenApiSchemas.toJsonSchema(doc.get("types").get(doc.get(type).asText()), doc.get("types"));
        }
    }

    private static final String EVERY_CONTROL = """
            {"type": "object", "required": ["name"], "properties": {
              "name": {"type": "string", "title": "Name", "description": "What to call it", "minLength": 3, "maxLength": 20, "pattern": "^[a-z-]+$"},
              "replicas": {"type": "integer", "minimum": 1, "maximum": 10, "default": 2},
              "ratio": {"type": "number"},
              "public": {"type": "boolean", "default": true},
              "tier": {"type": "string", "enum": ["a", "b", "c", "d", "e"]},
              "zones": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9-]+$"}, "default": ["eu-1a", "eu-1b"]},
              "network": {"type": "object", "title": "Network", "properties": {
                 "cidr": {"type": "string", "default": "10.0.0.0/16"}, "ports": {"type": "array", "items": {"type": "integer"}}}}
            }}""";

    @Test
    void theSeedSchemaBecomesFieldsWithDefaultsAndChoices() {
        InputForm form = InputForm.of(SEED);
        assertEquals(List.of("vpc_cidr", "container_insights", "log_retention_days", "nat_gateway_count"),
                form.leaves().stream().map(InputField::path).toList());
        InputField cidr = form.field("vpc_cidr");
        assertEquals(InputField.Kind.TEXT, cidr.kind());
        assertTrue(cidr.required());
        assertEquals("CIDR block for the VPC", cidr.help());
        assertEquals("^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$", cidr.pattern());
        assertEquals("10.0.0.0/16", form.valueOf("vpc_cidr"));
        assertEquals(InputField.Kind.BOOLEAN, form.field("container_insights").kind());
        assertFalse(form.isChecked("container_insights"));
        assertEquals(InputField.Kind.SELECT, form.field("log_retention_days").kind(), "seven options: a select");
        assertEquals(List.of("7", "14", "30", "60", "90", "180", "365"), form.field("log_retention_days").options());
        assertEquals(InputField.Kind.RADIOS, form.field("nat_gateway_count").kind(), "three options: radios");
        assertEquals("30", form.valueOf("log_retention_days"));
        assertTrue(form.validate(), "the defaults are valid: " + form.getFormErrors());
    }

    @Test
    void seedErrorsGoBackToTheirFieldsAndValuesAreKept() {
        InputForm form = InputForm.posted(SEED, Map.of("input.vpc_cidr", List.of("10.0.0.0/99x"), "input.log_retention_days", List.of("8"),
                "input.container_insights", List.of("false", "true"), "input.nat_gateway_count", List.of("2")));
        assertFalse(form.validate());
        assertEquals("Must look like 10.0.0.0/16.", form.errorOf("vpc_cidr"), "the seed's default shows the shape");
        assertEquals("Must be one of [7,14,30,60,90,180,365].", form.errorOf("log_retention_days"));
        assertNull(form.errorOf("nat_gateway_count"));
        assertEquals("10.0.0.0/99x", form.valueOf("vpc_cidr"), "a failed submit keeps the value");
        assertTrue(form.isChecked("container_insights"), "the checkbox's hidden false is overridden by the checked true");
        assertEquals(2, form.inputs().get("nat_gateway_count").asInt());
    }

    @Test
    void undeclaredInputIsRefused() {
        InputForm form = InputForm.posted(SEED, Map.of("input.vpc_cidr", List.of("10.0.0.0/16"), "input.sneaky", List.of("x")));
        assertFalse(form.validate());
        assertEquals(List.of("spec.sneaky: is not an input of this template"), form.getFormErrors());
    }

    @Test
    void theSamplesSchemasBecomeForms() throws Exception {
        InputForm sandbox = InputForm.of(sample("sandbox-env", "environment_input_type"));
        assertEquals("Network CIDR", sandbox.field("network_cidr").label());
        assertEquals(InputField.Kind.RADIOS, sandbox.field("size").kind());
        assertEquals("small", sandbox.valueOf("size"));
        assertTrue(sandbox.validate());
        InputForm hello = InputForm.of(sample("hello-service", "service_input_type"));
        assertFalse(hello.isEmpty());
    }

    @Test
    void everyControlNestedObjectsAndArrays() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(EVERY_CONTROL);
        InputForm form = InputForm.of(schema);
        assertEquals(List.of("TEXT", "NUMBER", "NUMBER", "BOOLEAN", "SELECT", "ARRAY", "FIELDSET_START", "TEXT", "ARRAY", "FIELDSET_END"),
                form.getFields().stream().map(InputField::kindName).toList());
        InputField name = form.field("name");
        assertEquals(3, name.minLength());
        assertEquals(20, name.maxLength());
        assertEquals("1", form.field("replicas").minimum());
        assertEquals("10", form.field("replicas").maximum());
        assertEquals("1", form.field("replicas").step());
        assertEquals("any", form.field("ratio").step());
        assertEquals(List.of("eu-1a", "eu-1b"), form.rowsOf("zones"));
        assertEquals("in-network-cidr", form.field("network.cidr").id());
        assertEquals("10.0.0.0/16", form.valueOf("network.cidr"));

        Map<String, List<String>> posted = new LinkedHashMap<>();
        posted.put("input.name", List.of("ok-name"));
        posted.put("input.replicas", List.of("11"));
        posted.put("input.zones", List.of("a", "", "B!"));
        posted.put("input.network.cidr", List.of("10.1.0.0/16"));
        posted.put("input.network.ports", List.of("80", "x"));
        InputForm sent = InputForm.posted(schema, posted);
        assertFalse(sent.validate());
        assertEquals("Must be at most 10.", sent.errorOf("replicas"));
        assertTrue(sent.errorOf("zones").startsWith("Must match the pattern"), sent.errorOf("zones"));
        assertEquals("Must be an integer.", sent.errorOf("network.ports"));
        assertEquals("{\"name\":\"ok-name\",\"replicas\":11,\"zones\":[\"a\",\"B!\"],\"network\":{\"cidr\":\"10.1.0.0/16\",\"ports\":[80,\"x\"]}}",
                sent.inputs().toString());
        assertEquals(List.of("a", "B!"), sent.rowsOf("zones"));

        InputForm missing = InputForm.posted(schema, Map.of("input.name", List.of("")));
        assertFalse(missing.validate());
        assertEquals("Is required.", missing.errorOf("name"));

        InputForm existing = InputForm.of(schema, new ObjectMapper().readTree("{\"name\": \"prod\", \"network\": {\"ports\": [443]}, \"public\": false}"));
        assertEquals("prod", existing.valueOf("name"));
        assertEquals(List.of("443"), existing.rowsOf("network.ports"));
        assertFalse(existing.isChecked("public"));
        assertEquals("2", existing.valueOf("replicas"), "defaults where the spec has no value");
    }
}
