package dev.pave.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.error.AccessDeniedException;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.notice.Notices;
import dev.pave.team.TeamService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TeamMembers;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.DetectStackDriftRequest;
import software.amazon.awssdk.services.cloudformation.model.DetectStackDriftResponse;
import software.amazon.awssdk.services.cloudformation.model.DifferenceType;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;

/**
 * Drift on moto, for real: a stack updated outside Pave (with the aws CLI) is found drifted with the differing lines,
 * by "Check drift now" and by Proton's notify-resource-deployment-status-change; Restore puts Pave's template back and
 * the finding resolves. moto lacks DetectStackDrift, so the one test of resource drift fakes those three calls only.
 */
@QuarkusTest
class DriftTests {

    static final String SPEC = "proton: EnvironmentSpec\nspec:\n  vpc_name: main\n";
    static final String ROLE = "arn:aws:iam::123456789012:role/pave-proton";
    static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: \"{{ environment.name }}-queue\"\n";

    @TestHTTPResource("/")
    URL pave;

    @Inject
    DriftChecks checks;

    @Inject
    Notices notices;

    @Inject
    IdentityService identity;

    @Inject
    TeamService teams;

    static boolean published;
    AwsCli cli;
    String moto;
    Map<String, String> motoEnv = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");

    @BeforeEach
    void setUp() {
        cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        moto = ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
        if (!published) {
            EnvironmentTemplates templates = new EnvironmentTemplates(pave);
            templates.cloudformation("drift-cfn", TEMPLATE, "1.0");
            templates.cloudformation("drift-version", TEMPLATE, "1.0", "1.1");
            published = true;
        }
    }

    private String environment(String name, String template, String minor) {
        cli.proton("create-environment", "--name", name, "--template-name", template, "--template-major-version", "1",
                "--template-minor-version", minor, "--spec", SPEC, "--proton-service-role-arn", ROLE).ok();
        return ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", name).ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()), name + " deployed").path("arn").asText();
    }

    private String stackOf(String environment) {
        for (JsonNode s : cli.run(List.of("aws", "--endpoint-url", moto, "--output", "json", "cloudformation", "describe-stacks"), motoEnv).ok().json()
                .path("Stacks")) {
            if (s.path("StackName").asText().startsWith("pave-env-" + environment + "-")) {
                return s.path("StackName").asText();
            }
        }
        throw new AssertionError("no stack for " + environment);
    }

    private String stackTemplate(String stack) {
        return cli.run(List.of("aws", "--endpoint-url", moto, "--output", "json", "cloudformation", "get-template", "--stack-name", stack), motoEnv)
                .ok().json().path("TemplateBody").asText();
    }

    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done, String what) {
        long deadline = System.currentTimeMillis() + 30_000;
        T last = value.get();
        while (!done.test(last) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            last = value.get();
        }
        assertTrue(done.test(last), what + ": " + last);
        return last;
    }

    @Test
    void aStackChangedOutsidePaveIsDriftedWithTheDifferingLinesUntilRestored() {
        String arn = environment("drift-env", "drift-cfn", "0");
        String stack = stackOf("drift-env");
        String applied = stackTemplate(stack);
        assertFalse(checks.check(Caller.system(), arn).drifted(), "just deployed: no drift");

        // someone changes the stack by hand
        cli.run(List.of("aws", "--endpoint-url", moto, "cloudformation", "update-stack", "--stack-name", stack, "--template-body",
                applied.stripTrailing() + "\n  HandMade:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: hand-made-queue\n"), motoEnv).ok();

        // Proton's way to ask for a check: notify with IN_PROGRESS on a resource with no self-managed deployment waiting
        AwsCli.Result notify = cli.proton("notify-resource-deployment-status-change", "--resource-arn", arn, "--status", "IN_PROGRESS");
        assertEquals(0, notify.exitCode(), notify.stderr());
        DriftChecks.Panel drifted = await(() -> checks.panel(Caller.system(), arn), DriftChecks.Panel::drifted, "drift found");
        DriftFinding finding = drifted.open().get(0);
        assertEquals(DriftFinding.Kind.TEMPLATE, finding.kind);
        assertTrue(finding.summary.contains(stack) && finding.summary.contains("differs from what Pave applied"), finding.summary);
        assertTrue(finding.evidence.contains("+  HandMade:") && finding.evidence.contains("+      QueueName: hand-made-queue"), finding.evidence);
        assertTrue(drifted.restorable());
        // the owning team hears of it
        var inbox = notices.inbox(TeamMembers.caller("admin"), new Notices.Filter(false, null, DriftChecks.DETECTED), 0, 20);
        assertTrue(inbox.stream().anyMatch(i -> i.event().resourceArn.equals(arn)), "admin (team default) got the drift notice");
        // the portal shows the panel with the evidence
        WebUser admin = WebUser.admin();
        String page = admin.request().get("/environments/drift-env").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Infrastructure (template)") && page.contains("hand-made-queue") && page.contains("Restore"), "the drift panel");
        assertTrue(admin.request().get("/drift").asString().contains("drift-env"), "the fleet's drift page lists it");

        // Restore deploys the recorded spec again; the stack gets Pave's template back and the finding resolves
        admin.form().formParam("arn", arn).post("/drift/restore").then().statusCode(303);
        await(() -> checks.panel(Caller.system(), arn), p -> !p.drifted(), "the panel clears once the restore succeeded");
        assertFalse(stackTemplate(stack).contains("HandMade"), stackTemplate(stack));
        assertTrue(admin.request().get("/environments/drift-env").asString().contains("No drift found."));
    }

    /** A plan-like drift command: what it compares is in the deployed inputs, so the test can deploy either answer. */
    static final String DRIFT_PLAN = """
            import json, sys
            name = json.load(open("proton-inputs.json"))["environment"]["inputs"]["vpc_name"]
            if name.startswith("drifted"):
                print("~ resource aws_vpc.main: tags.Name changed outside Terraform")
                print("Plan: 0 to add, 1 to change, 0 to destroy.", file=sys.stderr)
                sys.exit(2)
            if name.startswith("broken"):
                print("Error: No valid credential sources found", file=sys.stderr)
                sys.exit(1)
            print("No changes. Your infrastructure matches the configuration.")
            """;

    @Test
    void theManifestsDriftCommandRunsInTheSandboxAndItsExitStatusDecides() {
        new EnvironmentTemplates(pave).publish("drift-commands", Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA,
                "infrastructure/manifest.yaml", EnvironmentTemplates.CODEBUILD_MANIFEST.replace("        deprovision:",
                        "        drift:\n          - test -f proton-inputs.json\n          - python3 plan.py\n        deprovision:"),
                "infrastructure/make_outputs.py", "open('proton-outputs.json', 'w').write('{}')\n", "infrastructure/plan.py", DRIFT_PLAN), "1.0");
        cli.proton("create-environment", "--name", "drift-cmd", "--template-name", "drift-commands", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: drifted-vpc\n", "--codebuild-role-arn", ROLE).ok();
        String arn = ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "drift-cmd").ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()), "deployed").path("arn").asText();

        DriftChecks.Panel panel = checks.check(Caller.system(), arn);
        DriftFinding finding = panel.open().stream().filter(f -> f.kind == DriftFinding.Kind.COMMAND).findFirst().orElseThrow(
                () -> new AssertionError("no command drift: " + panel));
        assertTrue(finding.summary.contains("drift command reports"), finding.summary);
        assertTrue(finding.evidence.contains("tags.Name changed outside Terraform") && finding.evidence.contains("Plan: 0 to add, 1 to change"),
                "its output, both streams, is the evidence: " + finding.evidence);
        assertTrue(panel.restorable());

        // deployed again with inputs whose plan is clean: the check after the deployment resolves the finding
        cli.proton("update-environment", "--name", "drift-cmd", "--deployment-type", "CURRENT_VERSION",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: clean-vpc\n").ok();
        await(() -> checks.panel(Caller.system(), arn), p -> !p.drifted() && p.checkedAt() != null, "the finding resolves after the update");

        // a command that fails otherwise cannot tell: no finding, a note on the panel
        cli.proton("update-environment", "--name", "drift-cmd", "--deployment-type", "CURRENT_VERSION",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: broken-vpc\n").ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "drift-cmd").ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()) && e.path("spec").asText().contains("broken"), "updated");
        DriftChecks.Panel broken = checks.check(Caller.system(), arn);
        assertFalse(broken.drifted(), broken.toString());
        assertTrue(broken.note() != null && broken.note().contains("could not tell: Command 2 `python3 plan.py` exited with status 1"), broken.note());
    }

    @Test
    void aVersionBehindTheRecommendedOneIsVersionDriftAndNotRestorable() {
        String arn = environment("drift-behind", "drift-version", "0");
        DriftChecks.Panel panel = checks.check(Caller.system(), arn);
        DriftFinding finding = panel.open().stream().filter(f -> f.kind == DriftFinding.Kind.VERSION).findFirst().orElseThrow();
        assertTrue(finding.summary.contains("runs drift-version 1.0; 1.1 is recommended"), finding.summary);
        assertFalse(panel.restorable(), "a version behind is fixed by an update, not a restore");
        assertTrue(checks.open(Caller.system(), null, "drift-version", DriftFinding.Kind.VERSION).stream().anyMatch(f -> f.resourceArn.equals(arn)));
        assertTrue(checks.open(Caller.system(), "no-such-team", null, null).isEmpty());

        // a check runs the owners' commands and notifies them: another team's developer may not ask for one
        teams.create(Caller.system(), "drift-others", null);
        TeamMembers.developer(pave, identity, teams, "drift-outsider", "Outsider-Pass-123", "drift-others");
        assertThrows(AccessDeniedException.class, () -> checks.check(TeamMembers.caller("drift-outsider"), arn));
    }

    @Test
    void resourceDriftIsReportedWithPropertyDifferencesWhereTheCloudDetectsIt() {
        String arn = environment("drift-resources", "drift-cfn", "0");
        String stack = stackOf("drift-resources");
        // moto has no DetectStackDrift: those three calls (only) answer as CloudFormation would; the rest is moto
        QuarkusMock.installMockForType(new DetectingCloudFormation(client(moto)), CloudFormationClient.class);
        DriftChecks.Panel panel = checks.check(Caller.system(), arn);
        DriftFinding finding = panel.open().stream().filter(f -> f.kind == DriftFinding.Kind.RESOURCE).findFirst()
                .orElseThrow(() -> new AssertionError(panel.toString()));
        assertEquals("1 resource(s) of stack " + stack + " drifted", finding.summary);
        assertTrue(finding.evidence.contains("Queue (AWS::SQS::Queue): MODIFIED")
                && finding.evidence.contains("/VisibilityTimeout: expected 30, actual 120 (NOT_EQUAL)"), finding.evidence);
    }

    private static CloudFormationClient client(String endpoint) {
        return CloudFormationClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** moto for everything drift reads, and CloudFormation's drift detection (which moto lacks) answering "Queue was modified". */
    static final class DetectingCloudFormation implements CloudFormationClient {
        private final CloudFormationClient moto;

        DetectingCloudFormation(CloudFormationClient moto) {
            this.moto = moto;
        }

        @Override
        public GetTemplateResponse getTemplate(GetTemplateRequest request) {
            return moto.getTemplate(request);
        }

        @Override
        public DescribeStacksResponse describeStacks(DescribeStacksRequest request) {
            return moto.describeStacks(request);
        }

        @Override
        public DetectStackDriftResponse detectStackDrift(DetectStackDriftRequest request) {
            return DetectStackDriftResponse.builder().stackDriftDetectionId("detection-" + request.stackName()).build();
        }

        @Override
        public DescribeStackDriftDetectionStatusResponse describeStackDriftDetectionStatus(DescribeStackDriftDetectionStatusRequest request) {
            return DescribeStackDriftDetectionStatusResponse.builder().stackDriftDetectionId(request.stackDriftDetectionId())
                    .detectionStatus(StackDriftDetectionStatus.DETECTION_COMPLETE).build();
        }

        @Override
        public DescribeStackResourceDriftsResponse describeStackResourceDrifts(DescribeStackResourceDriftsRequest request) {
            return DescribeStackResourceDriftsResponse.builder().stackResourceDrifts(d -> d.stackId(request.stackName()).logicalResourceId("Queue")
                    .resourceType("AWS::SQS::Queue").stackResourceDriftStatus(StackResourceDriftStatus.MODIFIED)
                    .propertyDifferences(p -> p.propertyPath("/VisibilityTimeout").expectedValue("30").actualValue("120")
                            .differenceType(DifferenceType.NOT_EQUAL))).build();
        }

        @Override
        public String serviceName() {
            return "cloudformation";
        }

        @Override
        public void close() {
            moto.close();
        }
    }
}
