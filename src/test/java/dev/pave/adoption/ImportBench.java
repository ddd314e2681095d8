package dev.pave.adoption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.api.SignedHttpAccess;
import dev.pave.identity.Caller;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * How long adopting a Proton estate takes: ENVIRONMENTS environment stacks, each with one service's instance stack
 * reading its outputs, made on moto as Proton made them; then the dry run (what every visit to the import page does),
 * the import, and an import again (all skipped), each through the REST API.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench.import", matches = "true", disabledReason = "a benchmark: bench/import/run.sh runs it")
class ImportBench {

    static final int ENVIRONMENTS = Integer.getInteger("bench.environments", 50);
    static final String INSTANCE = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            Outputs:
              EnvQueue:
                Value: "{{ environment.outputs.QueueUrl }}"
            """;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    TemplateService templates;

    @Inject
    CloudFormationClient cloudFormation;

    @Test
    void adoptAnEstate() throws Exception {
        EnvironmentTemplates environments = new EnvironmentTemplates(pave);
        environments.cloudformation("bench-imp-env", ProtonImportTests.ENV_TEMPLATE, "1.0");
        templates.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate("bench-imp-svc", null, null, null, null), Map.of());
        ServiceTestFixtures.publish(templates, TemplateType.SERVICE, "bench-imp-svc", null, TestBundles.of(Map.of(
                "schema/schema.yaml", "schema:\n  format:\n    openapi: \"3.0.0\"\n  service_input_type: \"In\"\n  types:\n    In:\n      type: object\n"
                        + "      properties:\n        size:\n          type: number\n          default: 1\n",
                "instance_infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
                "instance_infrastructure/cloudformation.yaml", INSTANCE)),
                List.of(new TemplateService.CompatibleEnvironment("bench-imp-env", 1)), null);

        long made = System.nanoTime();
        ObjectNode specs = ProtonImportTests.JSON.createObjectNode();
        for (int n = 0; n < ENVIRONMENTS; n++) {
            String env = "bench-imp-e" + n;
            specs.put(env, "proton: EnvironmentSpec\nspec:\n  vpc_name: net\n");
            String envArn = ProtonImportTests.ACCOUNT + "environment/" + env;
            create("AWSProton-" + env + "-cloudformation-BENCH", ProtonImportTests.ENV_TEMPLATE.replace(
                    "{{ environment.name }}-{{ environment.inputs.vpc_name }}", env + "-net"),
                    tag("aws:proton:environment", envArn), tag("aws:proton:template", ProtonImportTests.ACCOUNT + "environment-template/bench-imp-env"));
            String service = ProtonImportTests.ACCOUNT + "service/bench-imp-s" + n;
            create("AWSProton-bench-imp-s" + n + "-dev-cloudformation-BENCH", INSTANCE.replace("{{ environment.outputs.QueueUrl }}", env),
                    tag("aws:proton:environment", envArn), tag("aws:proton:service", service),
                    tag("aws:proton:service-instance", service + "/service-instance/dev"),
                    tag("aws:proton:template", ProtonImportTests.ACCOUNT + "service-template/bench-imp-svc"));
        }
        System.out.printf("bench: %d environment and %d instance stacks made on moto in %.1f s%n", ENVIRONMENTS, ENVIRONMENTS,
                (System.nanoTime() - made) / 1e9);

        String body = "{\"specs\": " + specs + "}";
        time("dry run", body.replace("{\"specs\"", "{\"dryRun\": true, \"specs\""), "ADOPTABLE");
        time("import", body, "ADOPTED");
        time("import again", body, "ALREADY_ADOPTED");
    }

    private void time(String what, String body, String outcome) throws Exception {
        long start = System.nanoTime();
        SignedHttpAccess.Response r = SignedHttpAccess.post(URI.create(pave.toString()), "/api/v1/imports", body);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(200, r.status(), r.body());
        long matched = 0;
        for (JsonNode item : ProtonImportTests.JSON.readTree(r.body()).path("items")) {
            if (item.path("stackName").asText().contains("bench-imp-") && item.path("outcome").asText().equals(outcome)) {
                matched++;
            }
        }
        assertEquals(2L * ENVIRONMENTS, matched, what + ": every stack " + outcome + "\n" + r.body());
        System.out.printf("bench: %-12s %d stacks %s in %.2f s (%.1f ms a stack)%n", what, matched, outcome, seconds, seconds * 1000 / matched);
    }

    private void create(String stack, String template, Tag... tags) {
        cloudFormation.createStack(r -> r.stackName(stack).templateBody(template).roleARN(ProtonImportTests.ROLE).tags(tags));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
