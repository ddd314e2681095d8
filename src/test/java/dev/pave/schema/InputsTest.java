package dev.pave.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import dev.pave.template.TemplateType;
import dev.pave.template.bundle.BundleArchive;
import dev.pave.template.bundle.BundleValidator;
import dev.pave.template.bundle.ValidatedBundle;
import dev.pave.testing.TestBundles;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** Specs against the walkthrough's real schemas (shared/seeds/001). */
class InputsTest {

    private static JsonNode schema(String bundle, TemplateType type) {
        ValidatedBundle v = BundleValidator.validate(
                BundleArchive.read(new ByteArrayInputStream(TestBundles.fromResources(bundle).tarGz())), type, false);
        return v.inputSchema();
    }

    private static final JsonNode ENV = schema("bundles/seed/ecs-shared-env", TemplateType.ENVIRONMENT);
    private static final JsonNode SERVICE = schema("bundles/seed/ecs-fargate-service", TemplateType.SERVICE);

    @Test
    void theWalkthroughsEnvironmentSpecIsAcceptedAsJsonAndYaml() {
        String json = "{\"proton\": \"EnvironmentSpec\", \"spec\": {\"vpc_cidr\": \"10.10.0.0/16\", \"container_insights\": false,"
                + " \"log_retention_days\": 7, \"nat_gateway_count\": 1}}";
        ObjectNode inputs = Inputs.resolve(ENV, Spec.inputs(Spec.parse(json, Spec.Kind.EnvironmentSpec)), "spec");
        assertEquals(7, inputs.get("log_retention_days").asInt());

        String yaml = "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.20.0.0/16\n  log_retention_days: 90\n";
        ObjectNode defaulted = Inputs.resolve(ENV, Spec.inputs(Spec.parse(yaml, Spec.Kind.EnvironmentSpec)), "spec");
        assertEquals(false, defaulted.get("container_insights").asBoolean(), "defaults come from the schema");
        assertEquals(1, defaulted.get("nat_gateway_count").asInt());
    }

    @Test
    void theSameInputsWrittenInYamlOrStoredAsJsonAreTheSame() throws Exception {
        String yaml = "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.20.0.0/16\n  log_retention_days: 7\n  nat_gateway_count: 1\n";
        ObjectNode fromGit = Inputs.resolve(ENV, Spec.inputs(Spec.parse(yaml, Spec.Kind.EnvironmentSpec)), "spec");
        JsonNode stored = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fromGit.toString());
        assertTrue(Inputs.same(fromGit, stored), fromGit + " and " + stored);
        ObjectNode other = fromGit.deepCopy().put("log_retention_days", 8);
        assertFalse(Inputs.same(other, stored));
        assertFalse(Inputs.same(fromGit.deepCopy().put("vpc_cidr", "7"), stored));
    }

    @Test
    void errorsNameThePathAndTheRule() {
        ValidationException e = assertThrows(ValidationException.class, () -> Inputs.resolve(ENV,
                Spec.inputs(Spec.parse("proton: EnvironmentSpec\nspec:\n  log_retention_days: 5\n  vpc_cidr: nope\n", Spec.Kind.EnvironmentSpec)), "spec"));
        assertTrue(e.getMessage().contains("spec.log_retention_days: must be one of [7,14,30,60,90,180,365]"), e.getMessage());
        // the seed's vpc_cidr defaults to a CIDR, which makes a better message than its regex
        assertTrue(e.getMessage().contains("spec.vpc_cidr: must look like 10.0.0.0/16"), e.getMessage());
    }

    @Test
    void aPatternErrorShowsAnExampleTheSchemaGivesOrElseThePattern() throws Exception {
        JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type": "object", "properties": {
                  "region": {"type": "string", "pattern": "^[a-z]+-[a-z]+-[0-9]$", "description": "Where it runs, e.g. eu-west-1."},
                  "zones": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+-[0-9]+$", "example": "eu-1"}},
                  "branch": {"type": "string", "pattern": "^[a-z]+$", "title": "Branch, like Main"}}}""");
        ObjectNode values = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"region": "Ireland", "zones": ["eu-1", "EU 2"], "branch": "Main"}""");
        ValidationException e = assertThrows(ValidationException.class, () -> Inputs.resolve(schema, values, "spec"));
        assertEquals(java.util.List.of("spec.branch: must match the pattern ^[a-z]+$", "spec.region: must look like eu-west-1",
                "spec.zones[1]: must look like eu-1"), e.problems().stream().map(ValidationException.Problem::message).toList(),
                "an example the pattern refuses (Main) is no example");
    }

    @Test
    void aTaskCpuOutsideTheEnumIsRefusedNamingIt() {
        ValidationException e = assertThrows(ValidationException.class, () -> Inputs.resolve(SERVICE,
                Spec.inputs(Spec.parse("{\"proton\":\"ServiceInstanceSpec\",\"spec\":{\"task_cpu\":300}}", Spec.Kind.ServiceInstanceSpec)),
                "spec"));
        assertEquals("spec.task_cpu: must be one of [256,512,1024,2048,4096]", e.getMessage());
    }

    @Test
    void wrongTypesMissingRequiredAndUndeclaredInputsAreRefused() {
        JsonNode strict = schema("bundles/seed/ecs-fargate-service", TemplateType.SERVICE);
        ValidationException e = assertThrows(ValidationException.class, () -> Inputs.resolve(strict,
                Spec.inputs(Spec.parse("proton: ServiceInstanceSpec\nspec:\n  desired_count: many\n  colour: blue\n", Spec.Kind.ServiceInstanceSpec)),
                "instances[0].spec"));
        assertTrue(e.getMessage().contains("instances[0].spec.desired_count: must be an integer"), e.getMessage());
        assertTrue(e.getMessage().contains("instances[0].spec.colour: is not an input of this template"), e.getMessage());
    }

    @Test
    void theDocumentMustDeclareItsKind() {
        assertTrue(assertThrows(ValidationException.class, () -> Spec.parse("spec: {}", Spec.Kind.EnvironmentSpec))
                .getMessage().contains("must declare 'proton: EnvironmentSpec'"));
        assertTrue(assertThrows(ValidationException.class, () -> Spec.parse("proton: ServiceSpec", Spec.Kind.EnvironmentSpec))
                .getMessage().contains("where a EnvironmentSpec is expected"));
        assertTrue(assertThrows(ValidationException.class, () -> Spec.parse("proton: [", Spec.Kind.EnvironmentSpec))
                .getMessage().startsWith("spec is not valid YAML or JSON"));
    }
}
