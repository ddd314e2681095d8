package dev.pave.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
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
 * The walkthrough's service steps through the aws CLI, on the command-runner samples: real deployments of the
 * instances and the pipeline (whose stages list the instances), an added instance re-deploying the pipeline, a
 * minor-version update and deletion.
 */
@QuarkusTest
class ServiceLifecycleTests {

    static final String SPEC = """
            proton: ServiceSpec
            pipeline:
              branch: release
            instances:
              - name: dev
                environment: life-dev
                spec:
                  greeting: hello dev
            """;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @Test
    void serviceWithPipelineAndInstancesDeploysUpdatesAndDeletes() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.helloTemplate("life-hello", Map.of(), null);
        f.sandbox("life-dev");
        f.sandbox("life-prod");

        JsonNode created = f.cli.proton("create-service", "--name", "life-svc", "--template-name", "life-hello",
                "--template-major-version", "1", "--spec", SPEC, "--repository-connection-arn",
                "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc", "--repository-id", "acme/life", "--branch-name", "main")
                .ok().json().path("service");
        assertEquals("CREATE_IN_PROGRESS", created.path("status").asText());
        JsonNode active = f.awaitService("life-svc", "ACTIVE");
        assertEquals("ACTIVE", active.path("status").asText(), active.toString());
        assertEquals("SUCCEEDED", active.path("pipeline").path("deploymentStatus").asText());
        assertEquals(Map.of("PipelineBranch", "release"), Map.of("PipelineBranch", pipelineOutputs(f).get("PipelineBranch")));
        assertTrue(pipelineOutputs(f).get("Stages").contains("dev"));

        Map<String, String> dev = outputs(f.cli.proton("list-service-instance-outputs", "--service-name", "life-svc",
                "--service-instance-name", "dev").ok().json());
        assertEquals("hello dev", dev.get("Greeting"));
        assertTrue(dev.get("ServiceUrl").startsWith("https://sbx-"), "the instance read its environment's outputs: " + dev);

        String firstPipelineDeployment = active.path("pipeline").path("lastAttemptedDeploymentId").asText();
        f.cli.proton("create-service-instance", "--service-name", "life-svc", "--name", "prod", "--spec",
                "proton: ServiceInstanceSpec\nenvironment: life-prod\nspec:\n  greeting: hello prod\n  replicas: 3\n").ok();
        ServiceTestFixtures.awaitJson(() -> f.instance("life-svc", "prod"), i -> !i.path("deploymentStatus").asText().endsWith("IN_PROGRESS"),
                "prod deployed");
        JsonNode pipeline = ServiceTestFixtures.awaitJson(() -> f.service("life-svc").path("pipeline"),
                p -> !p.path("lastAttemptedDeploymentId").asText().equals(firstPipelineDeployment)
                        && "SUCCEEDED".equals(p.path("deploymentStatus").asText()), "pipeline re-deployed");
        String stages = pipelineOutputs(f).get("Stages");
        assertTrue(stages.contains("dev") && stages.contains("prod"), stages);
        String redeploy = pipeline.path("lastAttemptedDeploymentId").asText();
        String files = f.cli.proton("get-deployment", "--id", redeploy).ok().json().path("deployment").path("targetState").toString();
        assertTrue(files.contains("servicePipeline"), files);

        JsonNode list = f.cli.proton("list-service-instances", "--service-name", "life-svc").ok().json().path("serviceInstances");
        assertEquals(List.of("dev", "prod"), List.of(list.get(0).path("name").asText(), list.get(1).path("name").asText()));
        assertEquals("life-prod", list.get(1).path("environmentName").asText());

        assertEquals(1, f.publish("life-hello", 1, Map.of(), null).minorVersion);
        f.cli.proton("update-service-instance", "--service-name", "life-svc", "--name", "prod", "--deployment-type", "MINOR_VERSION").ok();
        JsonNode prod = ServiceTestFixtures.awaitJson(() -> f.instance("life-svc", "prod"),
                i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText()) && "1".equals(i.path("templateMinorVersion").asText()),
                "prod on 1.1");
        assertEquals("1", prod.path("templateMinorVersion").asText());
        assertEquals("3", outputs(f.cli.proton("list-service-instance-outputs", "--service-name", "life-svc",
                "--service-instance-name", "prod").ok().json()).get("Replicas"), "the spec is kept across the update");
        String deployments = f.cli.proton("list-deployments", "--service-name", "life-svc", "--service-instance-name", "prod").ok().json().toString();
        assertTrue(deployments.contains("SERVICE_INSTANCE"), deployments);

        f.cli.proton("delete-service", "--name", "life-svc").ok();
        ServiceTestFixtures.await(() -> f.cli.proton("get-service", "--name", "life-svc").exitCode() != 0, "service deleted");
        assertTrue(f.cli.proton("get-service", "--name", "life-svc").stderr().contains("ResourceNotFoundException"));
        assertNotEquals(0, f.cli.proton("get-service-instance", "--service-name", "life-svc", "--name", "dev").exitCode());
        // its environments are free again
        f.cli.proton("delete-environment", "--name", "life-prod").ok();
    }

    private static Map<String, String> pipelineOutputs(ServiceTestFixtures f) {
        return outputs(f.cli.proton("list-service-pipeline-outputs", "--service-name", "life-svc").ok().json());
    }

    static Map<String, String> outputs(JsonNode json) {
        Map<String, String> map = new HashMap<>();
        json.path("outputs").forEach(o -> map.put(o.path("key").asText(), o.path("valueString").asText()));
        return map;
    }
}
