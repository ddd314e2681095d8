package dev.pave.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.drift.DriftChecks;
import dev.pave.drift.DriftFinding;
import dev.pave.identity.Caller;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Stack templates that declare {@code Parameters} (Proton passed none; its users' templates declared them anyway, and
 * Proton's roadmap #35 asks for them), on CloudFormation in moto through the real aws CLI: Pave passes the resource's
 * Proton name and its inputs by name, passes them again on an update, refuses a parameter nothing fills when the
 * version is registered or, where Jinja hides it until rendering, when the deployment is asked for, and a value
 * changed on the stack by hand is drift.
 */
@QuarkusTest
class StackParametersTests {

    static final String ROLE = "arn:aws:iam::123456789012:role/pave-proton";
    static final String SCHEMA = """
            schema:
              format:
                openapi: "3.0.0"
              environment_input_type: "EnvInput"
              types:
                EnvInput:
                  type: object
                  properties:
                    retention:
                      type: number
                      default: 7
                    zones:
                      type: array
                      items:
                        type: string
                      default: ["a", "b"]
            """;
    static final String TEMPLATE = """
            Parameters:
              ProtonEnvironmentName:
                Type: String
              retention:
                Type: Number
              zones:
                Type: CommaDelimitedList
              Suffix:
                Type: String
                Default: queue
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub "${ProtonEnvironmentName}-${Suffix}"
            Outputs:
              Name:
                Value: !Ref ProtonEnvironmentName
              Retention:
                Value: !Ref retention
              Zones:
                Value: !Join [",", !Ref zones]
              QueueName:
                Value: !GetAtt Queue.QueueName
            """;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    DriftChecks drift;

    @Test
    void theProtonNameAndSameNamedInputsFillTheParametersOnCreateAndUpdate() {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.publish("params-env", Map.of("schema/schema.yaml", SCHEMA, "infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
                "infrastructure/cloudformation.yaml", TEMPLATE), "1.0");

        cli.proton("create-environment", "--name", "params-a", "--template-name", "params-env", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  zones: [eu-1a, eu-1b, eu-1c]\n", "--proton-service-role-arn", ROLE).ok();
        JsonNode env = deployed(cli, "params-a");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        assertEquals(Map.of("Name", "params-a", "Retention", "7", "Zones", "eu-1a,eu-1b,eu-1c", "QueueName", "params-a-queue"), outputs(cli, "params-a"));
        Map<String, String> passed = stackParameters(templates, "params-a");
        assertEquals("params-a", passed.get("ProtonEnvironmentName"), passed.toString());
        assertEquals("7", passed.get("retention"), passed.toString());
        assertEquals("queue", passed.get("Suffix"), "a parameter with a default and no value keeps its default: " + passed);
        // what Pave passed is not drift; moto alone reports a CommaDelimitedList parameter as a Python list
        // ("['eu-1a', 'eu-1b']") where CloudFormation reports "eu-1a,eu-1b", so only that line may show here
        String evidence = String.join("", drift.check(Caller.system(), env.path("arn").asText()).open().stream()
                .filter(f -> f.kind == DriftFinding.Kind.TEMPLATE).map(f -> f.evidence).toList());
        assertTrue(evidence.lines().allMatch(line -> line.startsWith("Parameter zones = ['eu-1a', 'eu-1b', 'eu-1c']: Pave passed eu-1a,eu-1b,eu-1c")),
                evidence);

        // an update through a change set passes the new input
        cli.proton("update-environment", "--name", "params-a", "--deployment-type", "CURRENT_VERSION",
                "--spec", "proton: EnvironmentSpec\nspec:\n  retention: 30\n  zones: [eu-1a]\n").ok();
        env = deployed(cli, "params-a");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        // moto keeps a stack's outputs when a change set changes only parameters: the parameters tell what Pave passed
        assertEquals("30", stackParameters(templates, "params-a").get("retention"));

        // a value changed on the stack by hand is drift, naming what Pave passed
        String template = templates.moto("cloudformation", "get-template", "--stack-name", StackNames.environment("params-a")).ok().json()
                .path("TemplateBody").asText();
        templates.moto("cloudformation", "update-stack", "--stack-name", StackNames.environment("params-a"), "--template-body", template,
                "--parameters", "ParameterKey=ProtonEnvironmentName,UsePreviousValue=true", "ParameterKey=retention,ParameterValue=90",
                "ParameterKey=zones,UsePreviousValue=true").ok();
        DriftChecks.Panel panel = drift.check(Caller.system(), env.path("arn").asText());
        DriftFinding finding = panel.open().stream().filter(f -> f.kind == DriftFinding.Kind.TEMPLATE).findFirst()
                .orElseThrow(() -> new AssertionError("no template drift: " + panel.open()));
        assertTrue(finding.evidence.contains("Parameter retention = 90: Pave passed 30"), finding.evidence);
    }

    @Test
    void aParameterNothingFillsIsRefusedAtRegistrationOrWhenTheDeploymentIsAskedFor() {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        String unfilled = TEMPLATE.replace("Parameters:\n", "Parameters:\n  VpcId:\n    Type: AWS::EC2::VPC::Id\n");
        templates.cli().proton("create-environment-template", "--name", "params-unfilled").ok();
        JsonNode registered = registered(templates, "params-unfilled", unfilled);
        assertEquals("REGISTRATION_FAILED", registered.path("status").asText(), registered.toString());
        assertTrue(registered.path("statusMessage").asText().contains("infrastructure/cloudformation.yaml: Missing value for stack parameter VpcId"),
                registered.toString());

        // Jinja hides the parameter until rendering: registration cannot tell, the create is refused with its name
        String hidden = TEMPLATE.replace("Parameters:\n", "Parameters:\n{% if environment.inputs.retention > 10 %}\n  VpcId:\n    Type: String\n{% endif %}\n");
        templates.publish("params-hidden", Map.of("schema/schema.yaml", SCHEMA, "infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
                "infrastructure/cloudformation.yaml", hidden), "1.0");
        AwsCli.Result refused = cli.proton("create-environment", "--name", "params-hidden-a", "--template-name", "params-hidden",
                "--template-major-version", "1", "--spec", "proton: EnvironmentSpec\nspec:\n  retention: 30\n", "--proton-service-role-arn", ROLE);
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("ValidationException") && refused.stderr().contains("Missing value for stack parameter VpcId: give it a Default"),
                refused.stderr());
        assertNotEquals(0, cli.proton("get-environment", "--name", "params-hidden-a").exitCode(), "nothing was recorded");
        // rendered without it, the same template deploys
        cli.proton("create-environment", "--name", "params-hidden-b", "--template-name", "params-hidden", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec: {}\n", "--proton-service-role-arn", ROLE).ok();
        assertEquals("SUCCEEDED", deployed(cli, "params-hidden-b").path("deploymentStatus").asText());
    }

    private static JsonNode registered(EnvironmentTemplates templates, String name, String cloudformation) {
        String key = name + "-bundle.tar.gz";
        Path file = templates.cli().home().resolve(key);
        TestBundles.write(file, TestBundles.of(Map.of("schema/schema.yaml", SCHEMA,
                "infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST, "infrastructure/cloudformation.yaml", cloudformation)).tarGz());
        templates.moto("s3", "mb", "s3://pave-test-bundles");
        templates.moto("s3", "cp", file.toString(), "s3://pave-test-bundles/" + key).ok();
        templates.cli().proton("create-environment-template-version", "--template-name", name,
                "--source", "s3={bucket=pave-test-bundles,key=" + key + "}").ok();
        return ServiceTestFixtures.awaitJson(() -> templates.cli().proton("get-environment-template-version", "--template-name", name,
                "--major-version", "1", "--minor-version", "0").ok().json().path("environmentTemplateVersion"),
                v -> !v.path("status").asText().endsWith("IN_PROGRESS"), name + " 1.0 registered");
    }

    private static JsonNode deployed(AwsCli cli, String name) {
        return ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", name).ok().json().path("environment"),
                e -> !e.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), name + " deployed");
    }

    private static Map<String, String> stackParameters(EnvironmentTemplates templates, String environment) {
        Map<String, String> out = new TreeMap<>();
        templates.moto("cloudformation", "describe-stacks", "--stack-name", StackNames.environment(environment)).ok().json()
                .path("Stacks").get(0).path("Parameters").forEach(p -> out.put(p.path("ParameterKey").asText(), p.path("ParameterValue").asText()));
        return out;
    }

    private static Map<String, String> outputs(AwsCli cli, String name) {
        Map<String, String> out = new TreeMap<>();
        cli.proton("list-environment-outputs", "--environment-name", name).ok().json().path("outputs")
                .forEach(o -> out.put(o.path("key").asText(), o.path("valueString").asText()));
        return out;
    }
}
