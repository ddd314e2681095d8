package dev.pave.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.deploy.DeploymentService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough's "Deploying Services and Instances" and "Custom Components" steps (shared/seeds/001) with the real
 * aws CLI and CloudFormation on moto_server. The CLI commands are the walkthrough's; what differs is only what moto
 * or Proton needs: the environment template is the moto-compatible variant of WalkthroughEnvironmentCliTests, the
 * service gets the repository fields Proton requires for a pipeline, and the component is a small SQS queue.
 */
@QuarkusTest
class WalkthroughServiceCliTests {

    static final Map<String, String> MOTO_CREDENTIALS = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
            "AWS_DEFAULT_REGION", "us-east-1");

    @TestHTTPResource("/")
    URI pave;

    @Inject
    DeploymentService deployments;

    AwsCli cli;
    String moto;

    @Test
    void paymentApiGoesToDevAndProdThroughItsPipelineAndTakesAComponent() throws Exception {
        cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        moto = ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String bucket = "my-proton-templates-" + suffix;
        motoCli("s3", "mb", "s3://" + bucket);

        String envTemplate = "ecs-shared-env-" + suffix;
        registerEnvironmentTemplate(envTemplate, bucket);
        createEnvironment("dev", envTemplate, "10.10.0.0/16", false, 7, 1);
        createEnvironment("prod", envTemplate, "10.20.0.0/16", true, 90, 2);

        // A pipeline on CloudFormation needs the account's pipeline role.
        cli.proton("update-account-settings", "--pipeline-service-role-arn", "arn:aws:iam::123456789012:role/PipelineRole").ok();

        // The seed bundle as is: moto skips AWS::CodePipeline::Pipeline (no CloudFormation model) and creates the rest.
        String svcTemplate = "ecs-fargate-service-" + suffix;
        Path svcZip = TestBundles.write(cli.home().resolve("ecs-svc-bundle.zip"),
                TestBundles.fromResources("bundles/seed/ecs-fargate-service").zip());
        motoCli("s3", "cp", svcZip.toString(), "s3://" + bucket + "/ecs-svc/bundle.zip");
        cli.proton("create-service-template", "--name", svcTemplate, "--display-name", "ECS Fargate Service").ok();
        publishServiceTemplateVersion(svcTemplate, bucket, envTemplate, "0");

        // The walkthrough's create-service, with the repository Proton requires of a service with a pipeline.
        String serviceSpec = "{\n\"proton\": \"ServiceSpec\",\n\"pipeline\": {\n\"source_repo\": \"myorg/payment-api\",\n"
                + "\"source_branch\": \"main\",\n\"buildspec_path\": \"buildspec.yml\"\n},\n\"instances\": [\n{\n\"name\": \"dev\",\n"
                + "\"environment\": \"dev\",\n\"spec\": {\n\"task_cpu\": 256,\n\"task_memory\": 512,\n\"desired_count\": 1,\n"
                + "\"container_port\": 8080,\n\"health_check_path\": \"/health\"\n}\n}\n]\n}";
        cli.proton("create-service", "--name", "payment-api", "--template-name", svcTemplate, "--template-major-version", "1",
                "--spec", serviceSpec,
                "--repository-connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc123",
                "--repository-id", "myorg/payment-api", "--branch-name", "main").ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-service", "--name", "payment-api", "--query", "service.status").ok().json(),
                s -> !s.asText().endsWith("IN_PROGRESS"), "payment-api created");
        JsonNode service = service();
        assertEquals("ACTIVE", service.path("status").asText(), service.toString());
        assertEquals("SUCCEEDED", service.path("pipeline").path("deploymentStatus").asText(), service.toString());
        String firstPipelineDeployment = service.path("pipeline").path("lastAttemptedDeploymentId").asText();

        // The walkthrough's --environment-name is no option of the real CLI ("Unknown options"): as in Proton, the
        // instance's environment goes in its spec.
        cli.proton("create-service-instance", "--name", "prod", "--service-name", "payment-api",
                "--spec", "{\n\"proton\": \"ServiceInstanceSpec\",\n\"environment\": \"prod\",\n\"spec\": {\n\"task_cpu\": 512,\n\"task_memory\": 1024,\n"
                        + "\"desired_count\": 2,\n\"container_port\": 8080,\n\"health_check_path\": \"/health\"\n}\n}").ok();
        JsonNode prod = ServiceTestFixtures.awaitJson(() -> instance("prod"), i -> !i.path("deploymentStatus").asText().endsWith("IN_PROGRESS"),
                "prod deployed");
        assertEquals("SUCCEEDED", prod.path("deploymentStatus").asText(), prod.toString());
        // the spec comes back as a spec document in YAML, whatever the caller sent, and goes back in unchanged
        String spec = prod.path("spec").asText();
        assertTrue(spec.startsWith("proton: ServiceInstanceSpec\nspec:\n") && spec.contains("  task_cpu: 512\n"), spec);
        String targetState = cli.proton("get-deployment", "--id", prod.path("lastSucceededDeploymentId").asText()).ok().json()
                .path("deployment").path("targetState").path("serviceInstance").path("spec").asText();
        assertEquals(spec, targetState, "the deployment's target state holds the same document");

        // Adding an instance re-deploys the pipeline, whose template loops over the instances: it now has a prod stage.
        JsonNode pipeline = ServiceTestFixtures.awaitJson(() -> service().path("pipeline"),
                p -> !p.path("lastAttemptedDeploymentId").asText().equals(firstPipelineDeployment)
                        && !p.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "pipeline re-deployed");
        assertEquals("SUCCEEDED", pipeline.path("deploymentStatus").asText(), pipeline.toString());
        String redeploy = pipeline.path("lastAttemptedDeploymentId").asText();
        assertEquals("SERVICE_PIPELINE", cli.proton("get-deployment", "--id", redeploy).ok().json().path("deployment").path("targetResourceType").asText());
        String rendered = String.join("\n", deployments.files(redeploy).values());
        assertTrue(rendered.contains("Deploy-dev") && rendered.contains("Deploy-prod"), rendered);

        JsonNode listed = cli.proton("list-service-instances", "--service-name", "payment-api",
                "--query", "serviceInstances[*].{name:name,env:environmentName,status:deploymentStatus}").ok().json();
        Map<String, String> envByInstance = new TreeMap<>();
        listed.forEach(i -> envByInstance.put(i.path("name").asText(), i.path("env").asText() + "/" + i.path("status").asText()));
        assertEquals(Map.of("dev", "dev/SUCCEEDED", "prod", "prod/SUCCEEDED"), envByInstance);

        // A 1.1 of the service template, and dev moved onto it.
        publishServiceTemplateVersion(svcTemplate, bucket, envTemplate, "1");
        cli.proton("update-service-instance", "--service-name", "payment-api", "--name", "dev", "--deployment-type", "MINOR_VERSION",
                "--spec", "{\n\"proton\": \"ServiceInstanceSpec\",\n\"spec\": {\n\"task_cpu\": 256,\n\"task_memory\": 512,\n"
                        + "\"desired_count\": 2,\n\"container_port\": 8080,\n\"health_check_path\": \"/health\"\n}\n}").ok();
        JsonNode dev = ServiceTestFixtures.awaitJson(() -> instance("dev"),
                i -> !i.path("deploymentStatus").asText().endsWith("IN_PROGRESS") && "1".equals(i.path("templateMinorVersion").asText()),
                "dev on 1.1");
        assertEquals("SUCCEEDED", dev.path("deploymentStatus").asText(), dev.toString());

        // The component: an SQS queue (the walkthrough's reads a TaskRoleArn output the seed service doesn't have).
        Files.writeString(cli.home().resolve("cloudformation.yaml"), """
                AWSTemplateFormatVersion: "2010-09-09"
                Description: "Proton component - SQS queue attached to ECS service"
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: "{{ service.name }}-{{ service_instance.name }}-jobs"
                      VisibilityTimeoutSeconds: 300
                Outputs:
                  QueueUrl:
                    Value: !Ref Queue
                  QueueArn:
                    Value: !GetAtt Queue.Arn
                """);
        Files.writeString(cli.home().resolve("manifest.yaml"), """
                infrastructure:
                  templates:
                    - file: cloudformation.yaml
                      rendering_engine: jinja
                      template_language: cloudformation
                """);
        // The CLI runs outside the files' folder, hence file:// with the absolute path.
        cli.proton("create-component", "--name", "payment-api-job-queue", "--service-name", "payment-api",
                "--service-instance-name", "dev", "--template-file", "file://" + cli.home().resolve("cloudformation.yaml"),
                "--manifest", "file://" + cli.home().resolve("manifest.yaml")).ok();
        JsonNode component = ServiceTestFixtures.awaitJson(() -> component(),
                c -> !c.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "component deployed");
        assertEquals("SUCCEEDED", component.path("deploymentStatus").asText(), component.toString());
        assertEquals("dev", component.path("environmentName").asText(), component.toString());

        Map<String, String> paveOutputs = new TreeMap<>();
        cli.proton("list-component-outputs", "--component-name", "payment-api-job-queue").ok().json().get("outputs")
                .forEach(o -> paveOutputs.put(o.get("key").asText(), o.get("valueString").asText()));
        Map<String, String> stackOutputs = new TreeMap<>();
        JsonNode stacks = motoCli("cloudformation", "describe-stacks").json().get("Stacks");
        List<String> seen = new ArrayList<>();
        stacks.forEach(s -> {
            seen.add(s.path("StackName").asText());
            if (s.path("StackName").asText().contains("payment-api-job-queue") && !"DELETE_COMPLETE".equals(s.path("StackStatus").asText())) {
                s.path("Outputs").forEach(o -> stackOutputs.put(o.get("OutputKey").asText(), o.get("OutputValue").asText()));
            }
        });
        assertFalse(stackOutputs.isEmpty(), "no component stack among " + seen);
        assertEquals(stackOutputs, paveOutputs, "the component's outputs are its stack's");
        assertTrue(paveOutputs.get("QueueArn").endsWith(":payment-api-dev-jobs"), paveOutputs.toString());

        // Detach (a component attached to an instance can't be deleted), then delete. Detached, the template has no
        // service or service_instance to render, so the detach brings a template that names the queue by environment.
        Files.writeString(cli.home().resolve("cloudformation.yaml"), Files.readString(cli.home().resolve("cloudformation.yaml"))
                .replace("{{ service.name }}-{{ service_instance.name }}", "{{ environment.name }}"));
        cli.proton("update-component", "--name", "payment-api-job-queue", "--deployment-type", "CURRENT_VERSION",
                "--service-name", "", "--service-instance-name", "",
                "--template-file", "file://" + cli.home().resolve("cloudformation.yaml")).ok();
        ServiceTestFixtures.awaitJson(() -> component(),
                c -> !c.path("deploymentStatus").asText().endsWith("IN_PROGRESS") && !c.has("serviceName"), "component detached");
        assertEquals("SUCCEEDED", component().path("deploymentStatus").asText(), component().toString());
        cli.proton("delete-component", "--name", "payment-api-job-queue").ok();
        ServiceTestFixtures.await(() -> cli.proton("get-component", "--name", "payment-api-job-queue").exitCode() != 0, "component deleted");
    }

    /** The environment template as WalkthroughEnvironmentCliTests registers it: moto lacks Fn::Cidr. */
    private void registerEnvironmentTemplate(String template, String bucket) {
        TestBundles seed = TestBundles.fromResources("bundles/seed/ecs-shared-env");
        String cfn = seed.text("infrastructure/cloudformation.yaml");
        for (int i = 0; i < 4; i++) {
            cfn = cfn.replace("!Select [" + i + ", !Cidr [!GetAtt VPC.CidrBlock, 6, 8]]",
                    "\"{{ environment.inputs.vpc_cidr | replace('0.0/16', '" + (i + 1) + ".0/24') }}\"");
        }
        Path zip = TestBundles.write(cli.home().resolve("ecs-env-bundle.zip"), seed.with("infrastructure/cloudformation.yaml", cfn).zip());
        motoCli("s3", "cp", zip.toString(), "s3://" + bucket + "/ecs-env/v1.0/bundle.zip");
        cli.proton("create-environment-template", "--name", template, "--display-name", "Shared ECS Environment").ok();
        cli.proton("create-environment-template-version", "--template-name", template,
                "--source", "s3={bucket=" + bucket + ",key=ecs-env/v1.0/bundle.zip}", "--major-version", "1").ok();
        cli.proton("update-environment-template-version", "--template-name", template, "--major-version", "1", "--minor-version", "0",
                "--status", "PUBLISHED").ok();
    }

    private void createEnvironment(String name, String template, String cidr, boolean insights, int retention, int nats) {
        List<String> args = new ArrayList<>(List.of("create-environment", "--name", name, "--template-name", template,
                "--template-major-version", "1", "--template-minor-version", "0", "--spec",
                "{\n\"proton\": \"EnvironmentSpec\",\n\"spec\": {\n\"vpc_cidr\": \"" + cidr + "\",\n\"container_insights\": " + insights
                        + ",\n\"log_retention_days\": " + retention + ",\n\"nat_gateway_count\": " + nats + "\n}\n}",
                "--proton-service-role-arn", "arn:aws:iam::123456789012:role/ProtonServiceRole"));
        if (name.equals("dev")) {
            args.addAll(List.of("--component-role-arn", "arn:aws:iam::123456789012:role/ProtonComponentRole")); // components need it
        }
        cli.proton(args.toArray(String[]::new)).ok();
        AwsCli.Result waited = cli.proton("wait", "environment-deployed", "--name", name);
        assertEquals(0, waited.exitCode(), cli.proton("get-environment", "--name", name).stdout() + waited.stderr());
    }

    private void publishServiceTemplateVersion(String template, String bucket, String envTemplate, String minor) {
        cli.proton("create-service-template-version", "--template-name", template, "--major-version", "1",
                "--source", "s3={bucket=" + bucket + ",key=ecs-svc/bundle.zip}",
                "--compatible-environment-templates", "templateName=" + envTemplate + ",majorVersion=1",
                "--supported-component-sources", "DIRECTLY_DEFINED").ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-service-template-version", "--template-name", template, "--major-version", "1",
                "--minor-version", minor).ok().json().path("serviceTemplateVersion"),
                v -> !"REGISTRATION_IN_PROGRESS".equals(v.path("status").asText()), "1." + minor + " registered");
        cli.proton("update-service-template-version", "--template-name", template, "--major-version", "1", "--minor-version", minor,
                "--status", "PUBLISHED").ok();
    }

    private JsonNode service() {
        return cli.proton("get-service", "--name", "payment-api").ok().json().path("service");
    }

    private JsonNode instance(String name) {
        return cli.proton("get-service-instance", "--service-name", "payment-api", "--name", name).ok().json().path("serviceInstance");
    }

    private JsonNode component() {
        return cli.proton("get-component", "--name", "payment-api-job-queue").ok().json().path("component");
    }

    private AwsCli.Result motoCli(String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", moto, "--output", "json"));
        command.addAll(List.of(args));
        return cli.run(command, MOTO_CREDENTIALS).ok();
    }
}
