package dev.pave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.ServiceTestFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every {@code aws proton wait …} of botocore's Proton model, run with the real CLI against Pave on a resource's
 * life: each waits until Pave answers what its acceptors look for (a status, or ResourceNotFoundException once a
 * resource is gone) and exits 0. The list of waiters is read from botocore, so a waiter added to the model fails this
 * test until it is exercised here.
 */
@QuarkusTest
class ProtonWaitersTests {

    private static final String COMPONENT = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            Outputs:
              TopicArn:
                Value: !Ref Topic
            """;
    private static final String MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    private final Set<String> waited = new TreeSet<>();

    @Test
    void everyWaiterOfProtonsModelWaitsOnPave() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        AwsCli cli = f.cli;
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String template = "wait-svc-" + suffix;
        String env = "wait-env-" + suffix;
        String service = "wait-api-" + suffix;

        f.helloTemplate(template, Map.of(), List.of("DIRECTLY_DEFINED"));
        waitFor(cli, "service-template-version-registered", "--template-name", template, "--major-version", "1", "--minor-version", "0");
        waitFor(cli, "environment-template-version-registered", "--template-name", "pave-sandbox-env", "--major-version", "1",
                "--minor-version", "0");

        cli.proton("create-environment", "--name", env, "--template-name", "pave-sandbox-env", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  size: small\n", "--codebuild-role-arn", "arn:aws:iam::123456789012:role/pave-codebuild",
                "--component-role-arn", "arn:aws:iam::123456789012:role/pave-components").ok();
        waitFor(cli, "environment-deployed", "--name", env);

        f.createService(service, template, env).ok();
        waitFor(cli, "service-created", "--name", service);
        waitFor(cli, "service-instance-deployed", "--service-name", service, "--name", "dev");
        waitFor(cli, "service-pipeline-deployed", "--name", service);

        cli.proton("update-service", "--name", service, "--spec", "proton: ServiceSpec\npipeline:\n  branch: main\ninstances:\n"
                + "  - name: dev\n    environment: " + env + "\n    spec:\n      greeting: hi\n"
                + "  - name: qa\n    environment: " + env + "\n    spec:\n      greeting: hello\n").ok();
        waitFor(cli, "service-updated", "--name", service);
        waitFor(cli, "service-instance-deployed", "--service-name", service, "--name", "qa");

        String component = "wait-cmp-" + suffix;
        cli.proton("create-component", "--name", component, "--environment-name", env, "--manifest", MANIFEST, "--template-file", COMPONENT).ok();
        waitFor(cli, "component-deployed", "--name", component);
        cli.proton("delete-component", "--name", component).ok();
        waitFor(cli, "component-deleted", "--name", component);

        cli.proton("delete-service", "--name", service).ok();
        waitFor(cli, "service-deleted", "--name", service);

        assertEquals(modelWaiters(cli), waited, "every waiter of botocore's Proton model is exercised");
    }

    private void waitFor(AwsCli cli, String waiter, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "wait";
        command[1] = waiter;
        System.arraycopy(args, 0, command, 2, args.length);
        cli.proton(command).ok();
        waited.add(waiter);
    }

    /** The waiters of botocore's Proton model, as the CLI names them (ServiceCreated: service-created). */
    private static Set<String> modelWaiters(AwsCli cli) {
        String names = cli.run(List.of("python3", "-c", "import botocore, json, os; print(' '.join(json.load(open(os.path.join("
                + "os.path.dirname(botocore.__file__), 'data', 'proton', '2020-07-20', 'waiters-2.json')))['waiters']))"), Map.of()).ok().stdout();
        Set<String> waiters = new TreeSet<>();
        Arrays.stream(names.trim().split(" ")).forEach(w -> waiters.add(w.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase()));
        return waiters;
    }
}
