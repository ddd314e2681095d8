package dev.pave.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.testing.AwsCli;
import dev.pave.testing.ServiceTestFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Proton refuses about services, each refused through the aws CLI with a message naming the cause. */
@QuarkusTest
class ServiceRefusalsTests {

    static final String REPO = "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc";

    @TestHTTPResource("/")
    URL pave;

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @Test
    void badInputsIncompatibleEnvironmentsUsedEnvironmentsAndTheLastInstanceAreRefused() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.cli.proton("update-account-settings", "--pipeline-service-role-arn", "arn:aws:iam::123456789012:role/pave-pipeline").ok();
        f.template(TemplateType.SERVICE, "refuse-fargate", "bundles/seed/ecs-fargate-service");
        f.helloTemplate("refuse-hello", Map.of(), null);
        f.template(TemplateType.ENVIRONMENT, "refuse-other-env", "samples/sandbox-env");
        f.sandbox("refuse-dev");
        f.environment("refuse-other", "refuse-other-env");

        // task_cpu outside the schema's enum: named in the refusal
        AwsCli.Result cpu = f.cli.proton("create-service", "--name", "refuse-fargate-svc", "--template-name", "refuse-fargate",
                "--template-major-version", "1", "--repository-connection-arn", REPO, "--repository-id", "acme/api", "--branch-name", "main",
                "--spec", """
                        proton: ServiceSpec
                        pipeline:
                          source_repo: acme/api
                        instances:
                          - name: dev
                            environment: refuse-dev
                            spec:
                              task_cpu: 300
                        """);
        assertNotEquals(0, cpu.exitCode(), cpu.stderr());
        assertTrue(cpu.stderr().contains("ValidationException") && cpu.stderr().contains("task_cpu"), cpu.stderr());
        assertTrue(f.cli.proton("get-service", "--name", "refuse-fargate-svc").stderr().contains("ResourceNotFoundException"), "nothing was created");

        // an environment whose template the service template doesn't list
        AwsCli.Result incompatible = createHello(f, "refuse-svc", "refuse-other");
        assertTrue(incompatible.stderr().contains("ValidationException") && incompatible.stderr().contains("refuse-other-env")
                && incompatible.stderr().contains("refuse-hello"), incompatible.stderr());

        createHello(f, "refuse-svc", "refuse-dev").ok();
        f.awaitService("refuse-svc", "ACTIVE");

        // an environment with instances can't be deleted
        AwsCli.Result envDelete = f.cli.proton("delete-environment", "--name", "refuse-dev");
        assertTrue(envDelete.stderr().contains("ValidationException") && envDelete.stderr().contains("refuse-svc/dev"), envDelete.stderr());

        // the last instance stays (Proton's API removes instances only by editing the service's spec)
        AwsCli.Result none = f.cli.proton("update-service", "--name", "refuse-svc", "--spec", "proton: ServiceSpec\ninstances: []\n");
        assertTrue(none.stderr().contains("at least one instance"), none.stderr());

        // an instance in use by a busy service: a second update while one runs is a conflict
        f.cli.proton("update-service-instance", "--service-name", "refuse-svc", "--name", "dev", "--deployment-type", "CURRENT_VERSION").ok();
        AwsCli.Result busy = f.cli.proton("update-service-instance", "--service-name", "refuse-svc", "--name", "dev",
                "--deployment-type", "CURRENT_VERSION");
        if (busy.exitCode() != 0) {
            assertTrue(busy.stderr().contains("ConflictException"), busy.stderr());
        }
        ServiceTestFixtures.awaitJson(() -> f.instance("refuse-svc", "dev"), i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText()),
                "update finished");
        f.cli.proton("delete-service", "--name", "refuse-svc").ok();
        ServiceTestFixtures.await(() -> f.cli.proton("get-service", "--name", "refuse-svc").exitCode() != 0, "service deleted");
        f.cli.proton("delete-environment", "--name", "refuse-dev").ok();
    }

    @Test
    void aFailedCreateDeprovisionsItsNewInstancesAndSaysWhy() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.helloTemplate("failing-hello", Map.of("instance_infrastructure/provision.sh", "#!/usr/bin/env bash\necho 'no capacity' >&2\nexit 3\n"), null);
        f.sandbox("failing-env");
        f.createService("failing-svc", "failing-hello", "failing-env").ok();
        com.fasterxml.jackson.databind.JsonNode failed = ServiceTestFixtures.awaitJson(() -> f.service("failing-svc"),
                s -> s.path("status").asText().startsWith("CREATE_FAILED_CLEANUP_") && !s.path("status").asText().endsWith("IN_PROGRESS"),
                "cleanup finished");
        assertTrue(failed.path("status").asText().equals("CREATE_FAILED_CLEANUP_COMPLETE"), failed.toString());
        assertTrue(failed.path("statusMessage").asText().contains("dev"), failed.toString());
        assertTrue(f.cli.proton("list-service-instances", "--service-name", "failing-svc").ok().json().path("serviceInstances").isEmpty(),
                "the new instance was deprovisioned");
        f.cli.proton("delete-service", "--name", "failing-svc").ok();
        ServiceTestFixtures.await(() -> f.cli.proton("get-service", "--name", "failing-svc").exitCode() != 0, "service deleted");
        f.cli.proton("delete-environment", "--name", "failing-env").ok();
    }

    @Test
    void aFailedUpdateDeprovisionsTheInstancesItAddedAndRestoresTheSpec() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        // provisioning fails for an instance greeting "fail": the first instance deploys, the one the update adds doesn't
        f.helloTemplate("picky-hello", Map.of("instance_infrastructure/provision.sh",
                "#!/usr/bin/env bash\nif grep -q '\"fail\"' proton-inputs.json; then echo 'refused' >&2; exit 4; fi\n"), null);
        f.sandbox("picky-env");
        f.createService("picky-svc", "picky-hello", "picky-env").ok();
        String before = f.awaitService("picky-svc", "ACTIVE").path("spec").asText();

        f.cli.proton("update-service", "--name", "picky-svc", "--spec", "proton: ServiceSpec\npipeline:\n  branch: main\ninstances:\n"
                + "  - name: dev\n    environment: picky-env\n    spec:\n      greeting: hi\n"
                + "  - name: extra\n    environment: picky-env\n    spec:\n      greeting: fail\n").ok();
        com.fasterxml.jackson.databind.JsonNode failed = ServiceTestFixtures.awaitJson(() -> f.service("picky-svc"),
                s -> s.path("status").asText().startsWith("UPDATE_FAILED_CLEANUP_") && !s.path("status").asText().endsWith("IN_PROGRESS"),
                "cleanup finished");
        assertEquals("UPDATE_FAILED_CLEANUP_COMPLETE", failed.path("status").asText(), failed.toString());
        assertTrue(failed.path("statusMessage").asText().contains("extra") && failed.path("statusMessage").asText().contains("refused"),
                failed.toString());
        assertEquals(before, failed.path("spec").asText(), "the spec is the one before the failed update");
        com.fasterxml.jackson.databind.JsonNode left = f.cli.proton("list-service-instances", "--service-name", "picky-svc").ok().json()
                .path("serviceInstances");
        assertEquals(1, left.size(), left.toString());
        assertEquals("dev", left.get(0).path("name").asText(), "the instance the update added was deprovisioned, the other stays");
        assertEquals("SUCCEEDED", f.instance("picky-svc", "dev").path("deploymentStatus").asText());

        // settled: the next update is accepted
        f.cli.proton("update-service", "--name", "picky-svc", "--description", "still here").ok();
        f.cli.proton("delete-service", "--name", "picky-svc").ok();
        ServiceTestFixtures.await(() -> f.cli.proton("get-service", "--name", "picky-svc").exitCode() != 0, "service deleted");
        f.cli.proton("delete-environment", "--name", "picky-env").ok();
    }

    private static AwsCli.Result createHello(ServiceTestFixtures f, String name, String environment) {
        return f.cli.proton("create-service", "--name", name, "--template-name", "refuse-hello", "--template-major-version", "1",
                "--repository-connection-arn", REPO, "--repository-id", "acme/hello", "--branch-name", "main", "--spec",
                "proton: ServiceSpec\npipeline:\n  branch: main\ninstances:\n  - name: dev\n    environment: " + environment
                        + "\n    spec:\n      greeting: hi\n");
    }
}
