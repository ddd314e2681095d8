package dev.pave.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.ServiceTestFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A directly defined component (an SNS topic, CloudFormation on moto) attached to a service instance of the
 * command-runner sample: its outputs reach the instance, which re-renders; attached components and instances with
 * components can't be deleted; detached, the component goes.
 */
@QuarkusTest
class ComponentLifecycleTests {

    static final String MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    static final String QUEUE = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: "{{ service.name }}-{{ service_instance.name }}-{{ component.name }}"
            Outputs:
              TopicArn:
                Value: !Ref Topic
            """;

    /** The sample instance's commands, reporting what the instance sees of its attached component. */
    static final String INSTANCE_MANIFEST = """
            infrastructure:
              templates:
                - rendering_engine: codebuild
                  settings:
                    image: aws/codebuild/amazonlinux2-x86_64-standard:4.0
                    provision:
                      - python3 outputs.py
                    deprovision:
                      - echo gone
            """;

    static final String INSTANCE_SCRIPT = """
            import json
            inputs = json.load(open("proton-inputs.json"))
            component = inputs["service_instance"].get("components", {}).get("default", {})
            json.dump({"Component": component.get("name", "none"),
                       "Topic": component.get("outputs", {}).get("TopicArn", "none"),
                       "Greeting": inputs["service_instance"]["inputs"]["greeting"]}, open("proton-outputs.json", "w"))
            """;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @Inject
    dev.pave.deploy.DeploymentService deployments;

    @Test
    void attachedComponentFeedsItsInstanceAndIsDeletedOnlyWhenDetached() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.helloTemplate("cmp-hello", Map.of("instance_infrastructure/manifest.yaml", INSTANCE_MANIFEST, "instance_infrastructure/outputs.py", INSTANCE_SCRIPT), List.of("DIRECTLY_DEFINED"));
        f.helloTemplate("cmp-plain", Map.of(), null);
        f.sandbox("cmp-env", "--component-role-arn", "arn:aws:iam::123456789012:role/pave-components");
        f.sandbox("cmp-norole");
        f.createService("cmp-svc", "cmp-hello", "cmp-env").ok();
        f.createService("cmp-plain-svc", "cmp-plain", "cmp-env").ok();
        f.createService("cmp-norole-svc", "cmp-hello", "cmp-norole").ok();
        f.awaitService("cmp-svc", "ACTIVE");
        f.awaitService("cmp-plain-svc", "ACTIVE");
        f.awaitService("cmp-norole-svc", "ACTIVE");
        assertEquals("none", outputs(f.cli.proton("list-service-instance-outputs", "--service-name", "cmp-svc",
                "--service-instance-name", "dev").ok().json()).get("Component"));

        AwsCli.Result unsupported = createComponent(f, "cmp-x", "cmp-plain-svc");
        assertTrue(unsupported.stderr().contains("DIRECTLY_DEFINED"), unsupported.stderr());
        AwsCli.Result noRole = createComponent(f, "cmp-y", "cmp-norole-svc");
        assertTrue(noRole.stderr().contains("componentRoleArn"), noRole.stderr());

        JsonNode created = createComponent(f, "cmp-queue", "cmp-svc").ok().json().path("component");
        assertEquals("cmp-env", created.path("environmentName").asText());
        JsonNode deployed = awaitComponent(f, "SUCCEEDED");
        assertEquals("SUCCEEDED", deployed.path("deploymentStatus").asText(), deployed.toString());
        String resources = f.cli.proton("list-component-provisioned-resources", "--component-name", "cmp-queue").ok().json().toString();
        assertTrue(resources.contains("cmp-svc-dev-cmp-queue") && resources.contains("CLOUDFORMATION"), resources);
        // moto reports no stack outputs for stacks made through change sets, so the topic's ARN may not come back here
        String topic = outputs(f.cli.proton("list-component-outputs", "--component-name", "cmp-queue").ok().json()).getOrDefault("TopicArn", "none");
        ServiceTestFixtures.awaitJson(() -> f.cli.proton("list-service-instance-outputs", "--service-name", "cmp-svc",
                "--service-instance-name", "dev").ok().json(), o -> "cmp-queue".equals(outputs(o).get("Component"))
                        && topic.equals(outputs(o).get("Topic")), "the instance re-rendered with its component");
        String deployments = f.cli.proton("list-deployments", "--component-name", "cmp-queue").ok().json().toString();
        assertTrue(deployments.contains("COMPONENT"), deployments);

        AwsCli.Result attachedDelete = f.cli.proton("delete-component", "--name", "cmp-queue");
        assertTrue(attachedDelete.stderr().contains("detach"), attachedDelete.stderr());
        AwsCli.Result serviceDelete = f.cli.proton("delete-service", "--name", "cmp-svc");
        assertTrue(serviceDelete.stderr().contains("cmp-queue"), serviceDelete.stderr());

        f.cli.proton("update-component", "--name", "cmp-queue", "--deployment-type", "CURRENT_VERSION", "--service-name", "",
                "--service-instance-name", "", "--template-file", QUEUE.replace("{{ service.name }}-{{ service_instance.name }}", "{{ environment.name }}")).ok();
        JsonNode detached = awaitComponent(f, "SUCCEEDED");
        assertTrue(detached.path("serviceName").isMissingNode(), detached.toString());
        ServiceTestFixtures.awaitJson(() -> f.cli.proton("list-service-instance-outputs", "--service-name", "cmp-svc",
                "--service-instance-name", "dev").ok().json(), o -> "none".equals(outputs(o).get("Component")), "the instance re-rendered without it");

        f.cli.proton("delete-component", "--name", "cmp-queue").ok();
        ServiceTestFixtures.await(() -> f.cli.proton("get-component", "--name", "cmp-queue").exitCode() != 0, "component deleted");
        for (String service : List.of("cmp-svc", "cmp-plain-svc", "cmp-norole-svc")) {
            f.cli.proton("delete-service", "--name", service).ok();
        }
    }

    /** A width that once made Pave allocate two billion characters is refused as a render error, and nothing is created. */
    @Test
    void aTemplateFileThatWouldExhaustMemoryIsARenderError() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.sandbox("cmp-oom-env", "--component-role-arn", "arn:aws:iam::123456789012:role/pave-components");
        AwsCli.Result refused = f.cli.proton("create-component", "--name", "cmp-oom", "--environment-name", "cmp-oom-env",
                "--manifest", MANIFEST, "--template-file", "Description: \"{{ 'x' | center(2000000000) }}\"\nResources: {}\n");
        assertTrue(refused.exitCode() != 0 && refused.stderr().contains("ValidationException")
                && refused.stderr().contains("center's result would exceed 1000000 characters"), refused.stderr());
        AwsCli.Result missing = f.cli.proton("get-component", "--name", "cmp-oom");
        assertTrue(missing.stderr().contains("ResourceNotFoundException"), missing.stderr());
    }

    private static AwsCli.Result createComponent(ServiceTestFixtures f, String name, String service) {
        return f.cli.proton("create-component", "--name", name, "--service-name", service, "--service-instance-name", "dev",
                "--manifest", MANIFEST, "--template-file", QUEUE);
    }

    private static JsonNode awaitComponent(ServiceTestFixtures f, String status) {
        return ServiceTestFixtures.awaitJson(() -> f.cli.proton("get-component", "--name", "cmp-queue").ok().json().path("component"),
                c -> !c.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "component deployed");
    }

    static Map<String, String> outputs(JsonNode json) {
        Map<String, String> map = new HashMap<>();
        json.path("outputs").forEach(o -> map.put(o.path("key").asText(), o.path("valueString").asText()));
        return map;
    }
}
