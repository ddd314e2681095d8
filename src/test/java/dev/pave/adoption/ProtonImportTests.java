package dev.pave.adoption;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.api.SignedHttpAccess;
import dev.pave.identity.Caller;
import dev.pave.sync.PushedRepository;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TestBundles;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Adopting what AWS Proton left running, on moto's CloudFormation: stacks made as Proton made them (its tags, its
 * stack names, a service instance whose template reads the environment's outputs), found, matched, dry-run, adopted
 * without touching the stacks (their events are counted), skipped when imported again, and updated afterwards through
 * a change set on the same stack. The API and the admin page both.
 */
@QuarkusTest
class ProtonImportTests {

    static final String ACCOUNT = "arn:aws:proton:us-east-1:123456789012:";
    static final String ROLE = "arn:aws:iam::123456789012:role/proton-service";
    static final String ENV_TEMPLATE = """
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: "{{ environment.name }}-{{ environment.inputs.vpc_name }}"
            Outputs:
              QueueUrl:
                Value: !Ref Queue
            """;
    static final String PIPELINE_ROLE = "arn:aws:iam::123456789012:role/proton-pipeline";
    static final String COMPONENT_ROLE = "arn:aws:iam::123456789012:role/proton-component";
    static final String INSTANCE_TEMPLATE = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: "{{ service.name }}-{{ service_instance.name }}-{{ service_instance.inputs.port }}"
            Outputs:
              EnvQueue:
                Value: "{{ environment.outputs.QueueUrl }}"
            """;
    static final String PIPELINE_TEMPLATE = """
            Resources:
              Artifacts:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: "{{ service.name }}-artifacts"
            Outputs:
              Repository:
                Value: "{{ service.repository_id }}"
            """;
    static final Map<String, String> WEB_BUNDLE = Map.of(
            "schema/schema.yaml", """
                    schema:
                      format:
                        openapi: "3.0.0"
                      service_input_type: "WebInput"
                      pipeline_input_type: "PipelineInput"
                      types:
                        WebInput:
                          type: object
                          properties:
                            port:
                              type: number
                          required: [port]
                        PipelineInput:
                          type: object
                          properties:
                            stages:
                              type: number
                              default: 1
                    """,
            "instance_infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
            "instance_infrastructure/cloudformation.yaml", INSTANCE_TEMPLATE,
            "pipeline_infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
            "pipeline_infrastructure/cloudformation.yaml", PIPELINE_TEMPLATE);
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL pave;

    @Inject
    PortalFixtures fixtures;

    @Inject
    TemplateService templateService;

    @Test
    void protonsStacksAreFoundMatchedAdoptedUntouchedAndUpdatedInPlaceLater() throws Exception {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.cloudformation("imp-env", ENV_TEMPLATE, "1.0");
        // the stacks as Proton deployed them: its stack names, its tags, the environment's template rendered by Proton
        String envStack = "AWSProton-imp-dev-cloudformation-ABCDEFGH";
        templates.moto("cloudformation", "create-stack", "--stack-name", envStack, "--role-arn", ROLE,
                "--template-body", ENV_TEMPLATE.replace("{{ environment.name }}-{{ environment.inputs.vpc_name }}", "imp-dev-net"),
                "--tags", "Key=aws:proton:environment,Value=" + ACCOUNT + "environment/imp-dev",
                "Key=aws:proton:template,Value=" + ACCOUNT + "environment-template/imp-env", "Key=cost-center,Value=42").ok();
        String queueUrl = stackOutputs(templates, envStack).get("QueueUrl");
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-imp-api-dev-cloudformation-ABCDEFGH", "--role-arn", ROLE,
                "--template-body", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n  EnvQueue:\n    Value: " + queueUrl + "\n",
                "--tags", "Key=aws:proton:environment,Value=" + ACCOUNT + "environment/imp-dev",
                "Key=aws:proton:service,Value=" + ACCOUNT + "service/imp-api",
                "Key=aws:proton:service-instance,Value=" + ACCOUNT + "service/imp-api/service-instance/dev",
                "Key=aws:proton:template,Value=" + ACCOUNT + "service-template/imp-svc").ok();
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-imp-orphan-cloudformation-ABCDEFGH", "--role-arn", ROLE,
                "--template-body", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
                "--tags", "Key=aws:proton:environment,Value=" + ACCOUNT + "environment/imp-orphan",
                "Key=aws:proton:template,Value=" + ACCOUNT + "environment-template/imp-not-registered").ok();
        int eventsBefore = stackEvents(templates, envStack);

        // a dry run without a spec: the template's defaults lack the required vpc_name
        Map<String, JsonNode> dry = items(imports("{\"dryRun\": true}"));
        assertEquals("NEEDS_SPEC", dry.get("imp-dev").path("outcome").asText(), dry.toString());
        assertTrue(dry.get("imp-dev").path("message").asText().contains("vpc_name"), dry.get("imp-dev").toString());
        assertEquals("REFUSED", dry.get("imp-api/dev").path("outcome").asText(), dry.toString());
        assertEquals("Environment imp-dev is not in Pave: adopt it first", dry.get("imp-api/dev").path("message").asText());
        assertEquals("SERVICE_INSTANCE", dry.get("imp-api/dev").path("kind").asText());
        assertEquals("NO_TEMPLATE", dry.get("imp-orphan").path("outcome").asText());
        assertTrue(dry.get("imp-orphan").path("message").asText().contains("imp-not-registered"));

        String specs = "\"specs\": {\"imp-dev\": \"proton: EnvironmentSpec\\nspec:\\n  vpc_name: net\\n\"}";
        dry = items(imports("{\"dryRun\": true, " + specs + "}"));
        assertEquals("ADOPTABLE", dry.get("imp-dev").path("outcome").asText(), dry.toString());
        assertEquals("Would adopt as imp-env:1.0", dry.get("imp-dev").path("message").asText());
        assertEquals("NO_TEMPLATE", dry.get("imp-api/dev").path("outcome").asText(), "its environment would be adopted first: " + dry);
        assertNotEquals(0, cli.proton("get-environment", "--name", "imp-dev").exitCode(), "a dry run creates nothing");

        Map<String, JsonNode> done = items(imports("{" + specs + "}"));
        assertEquals("ADOPTED", done.get("imp-dev").path("outcome").asText(), done.toString());
        JsonNode env = cli.proton("get-environment", "--name", "imp-dev").ok().json().path("environment");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        assertEquals("imp-env", env.path("templateName").asText());
        assertEquals(ROLE, env.path("protonServiceRoleArn").asText());
        assertTrue(env.path("spec").asText().contains("vpc_name: net"), env.toString());
        assertEquals(stackOutputs(templates, envStack), outputs(cli, "imp-dev"), "the outputs are the stack's");
        assertEquals(eventsBefore, stackEvents(templates, envStack), "nothing in the stack changed");
        JsonNode history = cli.proton("list-deployments", "--environment-name", "imp-dev").ok().json().path("deployments");
        assertEquals(1, history.size(), history.toString());
        String imported = history.get(0).path("id").asText();
        assertTrue(cli.proton("list-environment-provisioned-resources", "--environment-name", "imp-dev").ok().stdout().contains("imp-dev-net"));
        assertTrue(cli.proton("list-tags-for-resource", "--resource-arn", env.path("arn").asText()).ok().stdout().contains("cost-center"),
                "the stack's own tags come along");

        // again: skipped
        assertEquals("ALREADY_ADOPTED", items(imports("{" + specs + "}")).get("imp-dev").path("outcome").asText());

        // the next update is a change set on the same stack
        env = updatedToMinor1(templates, "imp-env", "imp-dev");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        assertEquals("1", env.path("templateMinorVersion").asText());
        String stackTemplate = templates.moto("cloudformation", "get-template", "--stack-name", envStack).ok().json().path("TemplateBody").asText();
        assertTrue(stackTemplate.contains("QueueName") && stackTemplate.contains("imp-dev-net"), "Pave's 1.1 applied to Proton's stack: " + stackTemplate);
        assertTrue(stackEvents(templates, envStack) > eventsBefore, "the update went to the adopted stack");
        String log = cli.proton("get-deployment", "--id", imported).ok().stdout();
        assertTrue(log.contains("SUCCEEDED"), log);

        // a plain CloudFormation stack, adopted by name
        templates.moto("cloudformation", "create-stack", "--stack-name", "imp-plain-stack", "--role-arn", ROLE,
                "--template-body", ENV_TEMPLATE.replace("{{ environment.name }}-{{ environment.inputs.vpc_name }}", "imp-plain-q")).ok();
        Map<String, JsonNode> plain = items(imports("{\"specs\": {\"imp-plain\": \"proton: EnvironmentSpec\\nspec:\\n  vpc_name: q\\n\"},"
                + " \"stacks\": [{\"stackName\": \"imp-plain-stack\", \"environmentName\": \"imp-plain\", \"templateName\": \"imp-env\", \"version\": \"1.0\"}]}"));
        assertEquals("ADOPTED", plain.get("imp-plain").path("outcome").asText(), plain.toString());
        assertEquals("0", cli.proton("get-environment", "--name", "imp-plain").ok().json().path("environment").path("templateMinorVersion").asText());
    }

    @Test
    void protonsServicesAndComponentsAreAdoptedWithTheirPipelineAndNothingIsRedeployed() throws Exception {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.cloudformation("imp-base", ENV_TEMPLATE, "1.0");
        TemplateService.CompatibleEnvironment base = new TemplateService.CompatibleEnvironment("imp-base", 1);
        templateService.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate("imp-web", null, null, null, null), Map.of());
        ServiceTestFixtures.publish(templateService, TemplateType.SERVICE, "imp-web", null, TestBundles.of(WEB_BUNDLE), List.of(base),
                List.of("DIRECTLY_DEFINED"));
        cli.proton("update-account-settings", "--pipeline-service-role-arn", PIPELINE_ROLE).ok();

        // Proton's stacks: the environment, the service's instance (reading the environment's output) and pipeline,
        // and a component attached to the instance
        String env = ACCOUNT + "environment/imp-stage";
        String service = ACCOUNT + "service/imp-shop";
        String instance = service + "/service-instance/dev";
        String template = ACCOUNT + "service-template/imp-web";
        String envStack = "AWSProton-imp-stage-cloudformation-ABCDEFGH";
        templates.moto("cloudformation", "create-stack", "--stack-name", envStack, "--role-arn", ROLE,
                "--template-body", ENV_TEMPLATE.replace("{{ environment.name }}-{{ environment.inputs.vpc_name }}", "imp-stage-net"),
                "--tags", "Key=aws:proton:environment,Value=" + env, "Key=aws:proton:template,Value=" + ACCOUNT + "environment-template/imp-base").ok();
        String queueUrl = stackOutputs(templates, envStack).get("QueueUrl");
        Map<String, String> stacks = new TreeMap<>(Map.of(
                "instance", "AWSProton-imp-shop-dev-cloudformation-ABCDEFGH",
                "pipeline", "AWSProton-imp-shop-cloudformation-ABCDEFGH",
                "component", "AWSProton-imp-cache-cloudformation-ABCDEFGH"));
        templates.moto("cloudformation", "create-stack", "--stack-name", stacks.get("instance"), "--role-arn", ROLE,
                "--template-body", INSTANCE_TEMPLATE.replace("{{ service.name }}-{{ service_instance.name }}-{{ service_instance.inputs.port }}",
                        "imp-shop-dev-8080").replace("{{ environment.outputs.QueueUrl }}", queueUrl),
                "--tags", "Key=aws:proton:environment,Value=" + env, "Key=aws:proton:service,Value=" + service,
                "Key=aws:proton:service-instance,Value=" + instance, "Key=aws:proton:template,Value=" + template, "Key=team-cost,Value=7").ok();
        templates.moto("cloudformation", "create-stack", "--stack-name", stacks.get("pipeline"), "--role-arn", PIPELINE_ROLE,
                "--template-body", PIPELINE_TEMPLATE.replace("{{ service.name }}", "imp-shop").replace("{{ service.repository_id }}", "acme/shop"),
                "--tags", "Key=aws:proton:service,Value=" + service, "Key=aws:proton:template,Value=" + template).ok();
        templates.moto("cloudformation", "create-stack", "--stack-name", stacks.get("component"), "--role-arn", COMPONENT_ROLE,
                "--template-body", "Resources:\n  Cache:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: imp-cache-q\n"
                        + "Outputs:\n  CacheQueue:\n    Value: !Ref Cache\n",
                "--tags", "Key=aws:proton:component,Value=" + ACCOUNT + "component/imp-cache", "Key=aws:proton:environment,Value=" + env,
                "Key=aws:proton:service,Value=" + service, "Key=aws:proton:service-instance,Value=" + instance).ok();
        Map<String, Integer> eventsBefore = new TreeMap<>();
        stacks.forEach((what, stack) -> eventsBefore.put(what, stackEvents(templates, stack)));

        String envSpec = "\"specs\": {\"imp-stage\": \"proton: EnvironmentSpec\\nspec:\\n  vpc_name: net\\n\"}";
        Map<String, JsonNode> dry = items(imports("{\"dryRun\": true, " + envSpec + "}"));
        assertEquals("ADOPTABLE", dry.get("imp-stage").path("outcome").asText(), dry.toString());
        assertEquals("NEEDS_SPEC", dry.get("imp-shop/dev").path("outcome").asText(), dry.toString());
        assertTrue(dry.get("imp-shop/dev").path("message").asText().contains("port"), "the defaults lack the required port: " + dry);
        assertEquals("SERVICE_PIPELINE", dry.get("imp-shop").path("kind").asText());
        assertEquals("REFUSED", dry.get("imp-cache").path("outcome").asText(), "its instance is not adoptable yet: " + dry);

        String serviceSpec = "\"serviceSpecs\": {\"imp-shop\": \"proton: ServiceSpec\\ninstances:\\n  - name: dev\\n    environment: imp-stage\\n"
                + "    spec:\\n      port: 8080\\npipeline:\\n  stages: 2\\n\"}";
        dry = items(imports("{\"dryRun\": true, " + envSpec + ", " + serviceSpec + "}"));
        assertEquals("NEEDS_SPEC", dry.get("imp-shop").path("outcome").asText(), dry.toString());
        assertTrue(dry.get("imp-shop").path("message").asText().contains("repositoryId"), "the pipeline needs its repository: " + dry);
        String repository = "\"repositories\": {\"imp-shop\": {\"repositoryConnectionArn\": \"arn:aws:codestar-connections:us-east-1:123456789012:"
                + "connection/imp\", \"repositoryId\": \"acme/shop\", \"branchName\": \"main\"}}";
        String all = "{" + envSpec + ", " + serviceSpec + ", " + repository + "}";
        dry = items(imports(all.replace("{\"specs", "{\"dryRun\": true, \"specs")));
        for (String name : List.of("imp-stage", "imp-shop/dev", "imp-shop", "imp-cache")) {
            assertEquals("ADOPTABLE", dry.get(name).path("outcome").asText(), name + ": " + dry);
        }
        assertNotEquals(0, cli.proton("get-service", "--name", "imp-shop").exitCode(), "a dry run creates nothing");

        Map<String, JsonNode> done = items(imports(all));
        for (String name : List.of("imp-stage", "imp-shop/dev", "imp-shop", "imp-cache")) {
            assertEquals("ADOPTED", done.get(name).path("outcome").asText(), name + ": " + done);
        }
        JsonNode svc = cli.proton("get-service", "--name", "imp-shop").ok().json().path("service");
        assertEquals("ACTIVE", svc.path("status").asText(), svc.toString());
        assertEquals("acme/shop", svc.path("repositoryId").asText());
        assertEquals("SUCCEEDED", svc.path("pipeline").path("deploymentStatus").asText(), svc.toString());
        JsonNode dev = cli.proton("get-service-instance", "--service-name", "imp-shop", "--name", "dev").ok().json().path("serviceInstance");
        assertEquals("SUCCEEDED", dev.path("deploymentStatus").asText(), dev.toString());
        assertEquals("imp-stage", dev.path("environmentName").asText());
        assertTrue(dev.path("spec").asText().contains("8080"), dev.toString());
        assertEquals(stackOutputs(templates, stacks.get("instance")), outputs(cli, "list-service-instance-outputs", "--service-name", "imp-shop",
                "--service-instance-name", "dev"), "the instance's outputs are its stack's, the environment's queue among them");
        assertEquals(queueUrl, stackOutputs(templates, stacks.get("instance")).get("EnvQueue"));
        assertEquals(stackOutputs(templates, stacks.get("pipeline")), outputs(cli, "list-service-pipeline-outputs", "--service-name", "imp-shop"));
        JsonNode cache = cli.proton("get-component", "--name", "imp-cache").ok().json().path("component");
        assertEquals("SUCCEEDED", cache.path("deploymentStatus").asText(), cache.toString());
        assertEquals("imp-shop", cache.path("serviceName").asText());
        assertEquals("dev", cache.path("serviceInstanceName").asText());
        assertEquals(stackOutputs(templates, stacks.get("component")), outputs(cli, "list-component-outputs", "--component-name", "imp-cache"));
        assertEquals(COMPONENT_ROLE, cli.proton("get-environment", "--name", "imp-stage").ok().json().path("environment").path("componentRoleArn").asText(),
                "the environment's component role is the one its components' stacks run with");
        List<String> history = new ArrayList<>();
        cli.proton("list-deployments", "--service-name", "imp-shop").ok().json().path("deployments")
                .forEach(d -> history.add(d.path("targetResourceType").asText()));
        assertEquals(List.of("COMPONENT", "SERVICE_INSTANCE", "SERVICE_PIPELINE"), history.stream().sorted().toList(),
                "the instance's, the pipeline's and the component's imports, nothing more: attaching the component did not deploy the instance again");
        stacks.forEach((what, stack) -> assertEquals(eventsBefore.get(what), stackEvents(templates, stack), "nothing in the " + what + "'s stack changed"));

        // again: skipped
        Map<String, JsonNode> again = items(imports(all));
        for (String name : List.of("imp-stage", "imp-shop/dev", "imp-shop", "imp-cache")) {
            assertEquals("ALREADY_ADOPTED", again.get(name).path("outcome").asText(), name + ": " + again);
        }

        // the instance's next update is a change set on Proton's stack, rendered with the environment's adopted outputs
        ServiceTestFixtures.publish(templateService, TemplateType.SERVICE, "imp-web", 1, TestBundles.of(WEB_BUNDLE).with(
                "instance_infrastructure/cloudformation.yaml", INSTANCE_TEMPLATE + "  Port:\n    Value: \"{{ service_instance.inputs.port }}\"\n"),
                List.of(base), List.of("DIRECTLY_DEFINED"));
        cli.proton("update-service-instance", "--service-name", "imp-shop", "--name", "dev", "--deployment-type", "MINOR_VERSION",
                "--template-major-version", "1", "--template-minor-version", "1").ok();
        dev = ServiceTestFixtures.awaitJson(() -> cli.proton("get-service-instance", "--service-name", "imp-shop", "--name", "dev").ok().json()
                .path("serviceInstance"), i -> !i.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "imp-shop/dev updated");
        assertEquals("SUCCEEDED", dev.path("deploymentStatus").asText(), dev.toString());
        assertEquals("1", dev.path("templateMinorVersion").asText());
        String applied = templates.moto("cloudformation", "get-template", "--stack-name", stacks.get("instance")).ok().json().path("TemplateBody").asText();
        assertTrue(applied.contains("Port:\n    Value: \"8080\"") && applied.contains(queueUrl) && applied.contains("imp-shop-dev-8080"),
                "Pave's 1.1 applied to Proton's instance stack, with the environment's adopted outputs: " + applied);
        assertTrue(stackEvents(templates, stacks.get("instance")) > eventsBefore.get("instance"), "the update went to the adopted stack");
    }

    @Test
    void aServiceThatSyncedFromGitIsAdoptedWithItsSpecsThereAndGoesOnSyncingFromThem() throws Exception {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.cloudformation("imp-gbase", ENV_TEMPLATE, "1.0");
        templateService.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate("imp-gweb", null, null, null, null), Map.of());
        ServiceTestFixtures.publish(templateService, TemplateType.SERVICE, "imp-gweb", null, TestBundles.of(WEB_BUNDLE),
                List.of(new TemplateService.CompatibleEnvironment("imp-gbase", 1)), null);
        cli.proton("update-account-settings", "--pipeline-service-role-arn", PIPELINE_ROLE).ok();
        String env = ACCOUNT + "environment/imp-gstage";
        String service = ACCOUNT + "service/imp-gshop";
        String template = ACCOUNT + "service-template/imp-gweb";
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-imp-gstage-cloudformation-ABCDEFGH", "--role-arn", ROLE,
                "--template-body", ENV_TEMPLATE.replace("{{ environment.name }}-{{ environment.inputs.vpc_name }}", "imp-gstage-net"),
                "--tags", "Key=aws:proton:environment,Value=" + env, "Key=aws:proton:template,Value=" + ACCOUNT + "environment-template/imp-gbase").ok();
        String queueUrl = stackOutputs(templates, "AWSProton-imp-gstage-cloudformation-ABCDEFGH").get("QueueUrl");
        for (String instance : List.of("a", "b")) {
            templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-imp-gshop-" + instance + "-cloudformation-ABCDEFGH",
                    "--role-arn", ROLE, "--template-body", INSTANCE_TEMPLATE.replace("{{ service.name }}-{{ service_instance.name }}-"
                            + "{{ service_instance.inputs.port }}", "imp-gshop-" + instance).replace("{{ environment.outputs.QueueUrl }}", queueUrl),
                    "--tags", "Key=aws:proton:environment,Value=" + env, "Key=aws:proton:service,Value=" + service,
                    "Key=aws:proton:service-instance,Value=" + service + "/service-instance/" + instance, "Key=aws:proton:template,Value=" + template).ok();
        }
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-imp-gshop-cloudformation-ABCDEFGH", "--role-arn", PIPELINE_ROLE,
                "--template-body", PIPELINE_TEMPLATE.replace("{{ service.name }}", "imp-gshop").replace("{{ service.repository_id }}", "acme/gshop"),
                "--tags", "Key=aws:proton:service,Value=" + service, "Key=aws:proton:template,Value=" + template).ok();
        // the service's proton-ops and spec files, as its team kept them for Proton's service sync
        PushedRepository git = PushedRepository.linked(cli, URI.create(pave.toString()), "acme/imp-ops-" + System.nanoTime(), "");
        String first = git.commit("Proton's service sync files", Map.of(
                "proton-ops.yaml", "sync:\n  services:\n    imp-gshop:\n      a:\n        branch: main\n        spec: ./imp-gshop/spec.yaml\n"
                        + "      b:\n        branch: main\n        spec: ./imp-gshop/spec.yaml\n",
                "imp-gshop/spec.yaml", gitSpec(81)));

        String body = "{\"specs\": {\"imp-gstage\": \"proton: EnvironmentSpec\\nspec:\\n  vpc_name: net\\n\"},"
                + " \"repositories\": {\"imp-gshop\": {\"repositoryConnectionArn\": \"arn:aws:codestar-connections:us-east-1:123456789012:connection/imp\","
                + " \"repositoryId\": \"acme/gshop\", \"branchName\": \"main\"}},"
                + " \"serviceSync\": {\"repositoryProvider\": \"GITHUB\", \"repositoryName\": \"" + git.name + "\", \"branch\": \"main\","
                + " \"filePath\": \"proton-ops.yaml\"}}";
        Map<String, JsonNode> dry = items(imports(body.replace("{\"specs", "{\"dryRun\": true, \"specs")));
        assertEquals("ADOPTABLE", dry.get("imp-gshop/a").path("outcome").asText(), dry.toString());
        assertTrue(dry.get("imp-gshop/a").path("message").asText().contains("its spec from proton-ops.yaml"), dry.toString());
        Map<String, JsonNode> done = items(imports(body));
        for (String name : List.of("imp-gstage", "imp-gshop/a", "imp-gshop/b", "imp-gshop")) {
            assertEquals("ADOPTED", done.get(name).path("outcome").asText(), name + ": " + done);
        }
        assertTrue(instance(cli, "a").path("spec").asText().contains("81"), "a's inputs are Git's: " + instance(cli, "a"));
        assertTrue(instance(cli, "b").path("spec").asText().contains("82"), "b's inputs are Git's: " + instance(cli, "b"));
        JsonNode pipeline = cli.proton("get-service", "--name", "imp-gshop").ok().json().path("service").path("pipeline");
        assertTrue(pipeline.path("spec").asText().contains("3"), "the pipeline's inputs are Git's: " + pipeline);
        assertEquals("proton-ops.yaml", cli.proton("get-service-sync-config", "--service-name", "imp-gshop").ok().json()
                .path("serviceSyncConfig").path("filePath").asText());

        // its sync, linked by the import, finds each instance runs what Git says: nothing is deployed again
        JsonNode status = PushedRepository.await(() -> syncStatus(cli, "a"), j -> first.equals(j.at("/latestSuccessfulSync/targetRevision/sha").asText())
                || "FAILED".equals(j.at("/latestSync/status").asText()), 60);
        assertTrue(status.at("/latestSuccessfulSync/events").toString().contains("a already runs this spec"), status.toString());
        assertEquals(3, cli.proton("list-deployments", "--service-name", "imp-gshop").ok().json().path("deployments").size(),
                "the imports only");

        // and a push goes on deploying, to Proton's stack
        int events = stackEvents(templates, "AWSProton-imp-gshop-a-cloudformation-ABCDEFGH");
        String second = git.commit("a listens on 91", Map.of("imp-gshop/spec.yaml", gitSpec(91)));
        status = PushedRepository.await(() -> syncStatus(cli, "a"), j -> second.equals(j.at("/latestSuccessfulSync/targetRevision/sha").asText())
                || "FAILED".equals(j.at("/latestSync/status").asText()), 60);
        assertEquals(second, status.at("/latestSuccessfulSync/targetRevision/sha").asText(), status.toString());
        JsonNode a = ServiceTestFixtures.awaitJson(() -> instance(cli, "a"), i -> !i.path("deploymentStatus").asText().endsWith("IN_PROGRESS"),
                "a deployed from Git");
        assertEquals("SUCCEEDED", a.path("deploymentStatus").asText(), a.toString());
        assertTrue(a.path("spec").asText().contains("91"), a.toString());
        assertTrue(stackEvents(templates, "AWSProton-imp-gshop-a-cloudformation-ABCDEFGH") > events, "the sync updated Proton's stack");
    }

    /** Publishes 1.1 of the environment template (a QueueName output more) and updates the environment to it. */
    private static JsonNode updatedToMinor1(EnvironmentTemplates templates, String template, String environment) {
        templates.addVersions(template, Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA,
                "infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
                "infrastructure/cloudformation.yaml", ENV_TEMPLATE.replace("Outputs:\n", "Outputs:\n  QueueName:\n    Value: !GetAtt Queue.QueueName\n")),
                "1.1");
        templates.cli().proton("update-environment", "--name", environment, "--deployment-type", "MINOR_VERSION", "--template-major-version", "1",
                "--template-minor-version", "1").ok();
        return ServiceTestFixtures.awaitJson(() -> templates.cli().proton("get-environment", "--name", environment).ok().json().path("environment"),
                e -> !e.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), environment + " updated");
    }

    private static String gitSpec(int portOfA) {
        return "proton: ServiceSpec\npipeline:\n  stages: 3\ninstances:\n  - name: a\n    environment: imp-gstage\n    spec:\n      port: " + portOfA
                + "\n  - name: b\n    environment: imp-gstage\n    spec:\n      port: 82\n";
    }

    private static JsonNode instance(AwsCli cli, String name) {
        return cli.proton("get-service-instance", "--service-name", "imp-gshop", "--name", name).ok().json().path("serviceInstance");
    }

    private static JsonNode syncStatus(AwsCli cli, String instance) {
        return cli.proton("get-service-instance-sync-status", "--service-name", "imp-gshop", "--service-instance-name", instance).ok().json();
    }

    @Test
    void anEnvironmentProtonDeployedInAnotherAccountIsAdoptedThroughItsConnectionAndStaysThere() throws Exception {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.cloudformation("imp-far-env", ENV_TEMPLATE, "1.0");
        String farAccount = "333333333333";
        Map<String, String> far = templates.credentialsIn(farAccount);
        String stack = "AWSProton-imp-far-cloudformation-ABCDEFGH";
        templates.motoAs(far, "cloudformation", "create-stack", "--stack-name", stack, "--role-arn", "arn:aws:iam::" + farAccount + ":role/proton-env",
                "--template-body", ENV_TEMPLATE.replace("{{ environment.name }}-{{ environment.inputs.vpc_name }}", "imp-far-net"),
                "--tags", "Key=aws:proton:environment,Value=" + ACCOUNT + "environment/imp-far",
                "Key=aws:proton:template,Value=" + ACCOUNT + "environment-template/imp-far-env").ok();
        String specs = "\"specs\": {\"imp-far\": \"proton: EnvironmentSpec\\nspec:\\n  vpc_name: net\\n\"}";
        assertFalse(items(imports("{\"dryRun\": true, " + specs + "}")).containsKey("imp-far"), "no connection: the account is not scanned");

        String id = cli.proton("create-environment-account-connection", "--environment-name", "imp-far", "--management-account-id", "123456789012",
                "--role-arn", "arn:aws:iam::" + farAccount + ":role/pave-environment").ok().json().path("environmentAccountConnection").path("id").asText();
        cli.proton("accept-environment-account-connection", "--id", id).ok();
        Map<String, JsonNode> dry = items(imports("{\"dryRun\": true, " + specs + "}"));
        assertEquals("ADOPTABLE", dry.get("imp-far").path("outcome").asText(), dry.toString());
        assertEquals("Would adopt as imp-far-env:1.0 in account " + farAccount + " through connection " + id, dry.get("imp-far").path("message").asText());
        int events = templates.motoAs(far, "cloudformation", "describe-stack-events", "--stack-name", stack).ok().json().path("StackEvents").size();

        assertEquals("ADOPTED", items(imports("{" + specs + "}")).get("imp-far").path("outcome").asText());
        JsonNode env = cli.proton("get-environment", "--name", "imp-far").ok().json().path("environment");
        assertEquals(id, env.path("environmentAccountConnectionId").asText(), env.toString());
        assertEquals(farAccount, env.path("environmentAccountId").asText());
        Map<String, String> farOutputs = new TreeMap<>();
        templates.motoAs(far, "cloudformation", "describe-stacks", "--stack-name", stack).ok().json().path("Stacks").get(0).path("Outputs")
                .forEach(o -> farOutputs.put(o.path("OutputKey").asText(), o.path("OutputValue").asText()));
        assertEquals(farOutputs, outputs(cli, "imp-far"));
        assertTrue(farOutputs.get("QueueUrl").contains(farAccount), "the queue is the environment account's: " + farOutputs);
        assertEquals(events, templates.motoAs(far, "cloudformation", "describe-stack-events", "--stack-name", stack).ok().json().path("StackEvents").size(),
                "nothing in the stack changed");

        // its next update goes to the same stack, in its account, as the connection's role
        env = updatedToMinor1(templates, "imp-far-env", "imp-far");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        String applied = templates.motoAs(far, "cloudformation", "get-template", "--stack-name", stack).ok().json().path("TemplateBody").asText();
        assertTrue(applied.contains("QueueName") && applied.contains("imp-far-net"), "1.1 applied to the stack in the environment account: " + applied);
        assertNotEquals(0, templates.moto("cloudformation", "describe-stacks", "--stack-name", stack).exitCode(), "nothing was made in Pave's account");
    }

    @Test
    void theAdminPageShowsTheDryRunAndImports() {
        fixtures.load(); // the portal's users
        WebUser admin = WebUser.admin();
        admin.request().get("/admin/imports").then().statusCode(200)
                .body(containsString("<h1>Import from Proton</h1>"), containsString("aria-label=\"Import\""), containsString("Adopt another stack"));
        admin.form().formParam("action", "import").formParam("stackName", "no-such-stack-anywhere").formParam("environmentName", "imp-none")
                .formParam("templateName", "imp-env").post("/admin/imports").then().statusCode(200)
                .body(containsString("No stack no-such-stack-anywhere in this account and region"));
        WebUser.developer().request().get("/admin/imports").then().statusCode(403);
    }

    private JsonNode imports(String body) throws Exception {
        SignedHttpAccess.Response r = SignedHttpAccess.post(URI.create(pave.toString()), "/api/v1/imports", body);
        assertEquals(200, r.status(), r.body());
        return JSON.readTree(r.body());
    }

    /** The report's items by resource name (this test's only: other tests' stacks share moto). */
    private static Map<String, JsonNode> items(JsonNode report) {
        Map<String, JsonNode> out = new HashMap<>();
        report.path("items").forEach(i -> {
            if (i.path("name").asText().startsWith("imp-")) {
                out.put(i.path("name").asText(), i);
            }
        });
        return out;
    }

    private static Map<String, String> stackOutputs(EnvironmentTemplates templates, String stack) {
        Map<String, String> out = new TreeMap<>();
        templates.moto("cloudformation", "describe-stacks", "--stack-name", stack).ok().json().path("Stacks").get(0).path("Outputs")
                .forEach(o -> out.put(o.path("OutputKey").asText(), o.path("OutputValue").asText()));
        return out;
    }

    private static int stackEvents(EnvironmentTemplates templates, String stack) {
        return templates.moto("cloudformation", "describe-stack-events", "--stack-name", stack).ok().json().path("StackEvents").size();
    }

    private static Map<String, String> outputs(AwsCli cli, String environment) {
        return outputs(cli, "list-environment-outputs", "--environment-name", environment);
    }

    private static Map<String, String> outputs(AwsCli cli, String... listOutputs) {
        Map<String, String> out = new TreeMap<>();
        cli.proton(listOutputs).ok().json().path("outputs").forEach(o -> out.put(o.path("key").asText(), o.path("valueString").asText()));
        return out;
    }
}
