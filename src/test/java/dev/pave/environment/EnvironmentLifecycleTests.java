package dev.pave.environment;

import static dev.pave.testing.ProtonClients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.deploy.ScriptedProvisioners;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionedResource;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.ProtonClients;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.proton.ProtonClient;
import software.amazon.awssdk.services.proton.model.ConflictException;
import software.amazon.awssdk.services.proton.model.Deployment;
import software.amazon.awssdk.services.proton.model.DeploymentStatus;
import software.amazon.awssdk.services.proton.model.DeploymentSummary;
import software.amazon.awssdk.services.proton.model.Environment;
import software.amazon.awssdk.services.proton.model.EnvironmentTemplateFilter;
import software.amazon.awssdk.services.proton.model.ResourceNotFoundException;
import software.amazon.awssdk.services.proton.model.ValidationException;

/**
 * Environments through the SDK's ProtonClient and the aws CLI, with templates registered from S3 bundles. The
 * provisioner is scripted (it reports the inputs back as outputs); everything else is Pave's.
 */
@QuarkusTest
class EnvironmentLifecycleTests {

    static final String CODEBUILD_ROLE = "arn:aws:iam::123456789012:role/pave-codebuild";
    static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/pave-proton";
    static final String SPEC = "proton: EnvironmentSpec\nspec:\n  vpc_name: main\n";

    @TestHTTPResource("/")
    URL pave;

    @jakarta.inject.Inject
    EnvironmentDirectoryEntries directory;

    static boolean published;
    ProtonClient proton;
    EnvironmentTemplates templates;
    ScriptedProvisioners provisioners;

    @BeforeEach
    void setUp() {
        proton = ProtonClients.admin(pave);
        templates = new EnvironmentTemplates(pave);
        if (!published) {
            templates.codebuild("lifecycle-env", "1.0", "1.1", "2.0");
            templates.cloudformation("lifecycle-cfn", """
                    Resources:
                      Bucket:
                        Type: AWS::S3::Bucket
                        Properties:
                          BucketName: "{{ environment.inputs.vpc_name }}-{{ environment.inputs.size }}-{{ environment.account_id }}"
                    """, "1.0");
            templates.cloudformation("lifecycle-cfn-broken", """
                    Resources:
                      Bucket:
                        Type: AWS::S3::Bucket
                        Properties:
                          BucketName: "{{ environment.nothing.here }}"
                    """, "1.0");
            published = true;
        }
        provisioners = ScriptedProvisioners.install(context -> {
            JsonNode inputs = context.request().protonInputs().path("environment").path("inputs");
            return new ProvisionOutcome.Succeeded(Map.of("VpcName", inputs.path("vpc_name").asText(), "Size", inputs.path("size").asText()),
                    List.of(new ProvisionedResource("vpc", "vpc-123", "CLOUDFORMATION")));
        });
    }

    private Environment get(String name) {
        return proton.getEnvironment(b -> b.name(name)).environment();
    }

    private DeploymentStatus status(String name) {
        return get(name).deploymentStatus();
    }

    @Test
    void createsWaitsAndReportsOutputsWithTheRecommendedMinor() {
        Environment created = proton.createEnvironment(b -> b.name("env-a").templateName("lifecycle-env").templateMajorVersion("1")
                .spec(SPEC).codebuildRoleArn(CODEBUILD_ROLE).componentRoleArn(SERVICE_ROLE).description("first")
                .tags(t -> t.key("team").value("platform"))).environment();
        assertEquals("arn:aws:proton:us-east-1:123456789012:environment/env-a", created.arn());
        assertEquals(DeploymentStatus.IN_PROGRESS, created.deploymentStatus());
        assertEquals("1", created.templateMajorVersion());
        assertEquals("1", created.templateMinorVersion(), "no minor given: the recommended (highest published) minor");

        // the waiter the CLI offers polls GetEnvironment until SUCCEEDED
        templates.cli().proton("wait", "environment-deployed", "--name", "env-a").ok();
        Environment e = get("env-a");
        assertEquals(DeploymentStatus.SUCCEEDED, e.deploymentStatus());
        assertEquals(e.lastAttemptedDeploymentId(), e.lastSucceededDeploymentId());
        assertEquals(CODEBUILD_ROLE, e.codebuildRoleArn());
        assertEquals(SERVICE_ROLE, e.componentRoleArn());
        assertEquals(SPEC, e.spec());

        var outputs = proton.listEnvironmentOutputs(b -> b.environmentName("env-a")).outputs();
        assertEquals("main", outputs.stream().filter(o -> o.key().equals("VpcName")).findFirst().orElseThrow().valueString());
        assertEquals("3", outputs.stream().filter(o -> o.key().equals("Size")).findFirst().orElseThrow().valueString(),
                "the schema's default reached the provisioner");
        var resources = proton.listEnvironmentProvisionedResources(b -> b.environmentName("env-a")).provisionedResources();
        assertEquals("vpc-123", resources.get(0).identifier());

        // the deployment kept the exact files and commands it ran
        var request = provisioners.runs.get(0).request();
        assertEquals(List.of("python3 make_outputs.py"), request.provisionCommands());
        assertTrue(request.files().containsKey("make_outputs.py"));
        assertEquals("arn:aws:proton:us-east-1:123456789012:environment/env-a", request.targetArn());

        assertEquals(List.of("env-a"), proton.listEnvironments(b -> b.environmentTemplates(
                EnvironmentTemplateFilter.builder().templateName("lifecycle-env").majorVersion("1").build()))
                .environments().stream().map(s -> s.name()).filter(n -> n.equals("env-a")).toList());
        assertTrue(proton.listEnvironments(b -> b.environmentTemplates(
                EnvironmentTemplateFilter.builder().templateName("lifecycle-env").majorVersion("2").build()))
                .environments().stream().noneMatch(s -> s.name().equals("env-a")));
        assertEquals("platform", proton.listTagsForResource(b -> b.resourceArn(created.arn())).tags().get(0).value());

        // render previews find the deployed environment's account and outputs
        var deployed = directory.deployed("env-a").orElseThrow();
        assertEquals("123456789012", deployed.accountId());
        assertEquals("main", deployed.outputs().get("VpcName"));
        assertTrue(directory.deployed("no-such-env").isEmpty());
    }

    @Test
    void cloudFormationFilesAreRenderedWhenRequestedAndKeptOnTheDeployment() {
        proton.createEnvironment(b -> b.name("env-cfn").templateName("lifecycle-cfn").templateMajorVersion("1")
                .spec(SPEC).protonServiceRoleArn(SERVICE_ROLE));
        await(() -> status("env-cfn"), DeploymentStatus.SUCCEEDED);
        var request = provisioners.runs.get(0).request();
        assertEquals("CLOUDFORMATION", request.method().name());
        assertEquals("cloudformation.yaml", request.templateFile());
        assertEquals(SERVICE_ROLE, request.roleArn());
        assertTrue(request.stackName().startsWith("pave-env-env-cfn-"), request.stackName());
        assertTrue(request.files().get("cloudformation.yaml").contains("BucketName: \"main-3-123456789012\""), request.files().get("cloudformation.yaml"));

        // a template that can't render fails the request itself, naming the file; nothing is created or deployed
        var broken = assertThrows(ValidationException.class, () -> proton.createEnvironment(b -> b.name("env-cfn-broken")
                .templateName("lifecycle-cfn-broken").templateMajorVersion("1").spec(SPEC).protonServiceRoleArn(SERVICE_ROLE)));
        assertTrue(broken.getMessage().contains("cloudformation.yaml"), broken.getMessage());
        assertThrows(ResourceNotFoundException.class, () -> proton.getEnvironment(b -> b.name("env-cfn-broken")));
    }

    @Test
    void updatesByDeploymentTypeAndKeepsTheHistory() {
        proton.createEnvironment(b -> b.name("env-u").templateName("lifecycle-env").templateMajorVersion("1").templateMinorVersion("0")
                .spec(SPEC).codebuildRoleArn(CODEBUILD_ROLE));
        await(() -> status("env-u"), DeploymentStatus.SUCCEEDED);
        String created = get("env-u").lastSucceededDeploymentId();

        // NONE: metadata only, no deployment
        proton.updateEnvironment(b -> b.name("env-u").deploymentType("NONE").description("renamed"));
        assertEquals("renamed", get("env-u").description());
        assertEquals(created, get("env-u").lastAttemptedDeploymentId());

        // CURRENT_VERSION: a new spec on 1.0; version fields are refused
        assertThrows(ValidationException.class, () -> proton.updateEnvironment(b -> b.name("env-u").deploymentType("CURRENT_VERSION")
                .templateMinorVersion("1").spec(SPEC)));
        String spec2 = "proton: EnvironmentSpec\nspec:\n  vpc_name: second\n  size: 5\n";
        proton.updateEnvironment(b -> b.name("env-u").deploymentType("CURRENT_VERSION").spec(spec2));
        await(() -> status("env-u"), DeploymentStatus.SUCCEEDED);
        assertEquals(spec2, get("env-u").spec());
        assertEquals("0", get("env-u").templateMinorVersion());

        // MINOR_VERSION: the recommended minor of major 1
        proton.updateEnvironment(b -> b.name("env-u").deploymentType("MINOR_VERSION"));
        await(() -> status("env-u"), DeploymentStatus.SUCCEEDED);
        assertEquals("1", get("env-u").templateMinorVersion());

        // MAJOR_VERSION: must go up; by default to the recommended version
        assertThrows(ValidationException.class, () -> proton.updateEnvironment(b -> b.name("env-u").deploymentType("MAJOR_VERSION")
                .templateMajorVersion("1")));
        proton.updateEnvironment(b -> b.name("env-u").deploymentType("MAJOR_VERSION"));
        await(() -> status("env-u"), DeploymentStatus.SUCCEEDED);
        assertEquals("2", get("env-u").templateMajorVersion());
        assertEquals("0", get("env-u").templateMinorVersion());

        List<DeploymentSummary> history = proton.listDeployments(b -> b.environmentName("env-u")).deployments();
        assertEquals(4, history.size());
        assertTrue(history.get(0).createdAt().compareTo(history.get(3).createdAt()) >= 0, "newest first");
        assertEquals(created, history.get(3).id());
        Deployment major = proton.getDeployment(b -> b.id(history.get(0).id()).environmentName("env-u")).deployment();
        assertEquals("1", major.initialState().environment().templateMajorVersion());
        assertEquals("1", major.initialState().environment().templateMinorVersion());
        assertEquals(spec2, major.initialState().environment().spec());
        assertEquals("2", major.targetState().environment().templateMajorVersion());
        assertEquals(history.get(1).id(), major.lastSucceededDeploymentId());
        assertEquals("ENVIRONMENT", major.targetResourceTypeAsString());
        assertNull(proton.getDeployment(b -> b.id(created)).deployment().initialState(), "a creation has no initial state");

        // a version in use can't be deleted
        assertThrows(ConflictException.class, () -> proton.deleteEnvironmentTemplateVersion(b -> b.templateName("lifecycle-env")
                .majorVersion("2").minorVersion("0")));
    }

    @Test
    void deletesThroughADeployment() {
        proton.createEnvironment(b -> b.name("env-d").templateName("lifecycle-env").templateMajorVersion("1")
                .spec(SPEC).codebuildRoleArn(CODEBUILD_ROLE).tags(t -> t.key("k").value("v")));
        await(() -> status("env-d"), DeploymentStatus.SUCCEEDED);
        String arn = get("env-d").arn();

        Environment deleting = proton.deleteEnvironment(b -> b.name("env-d")).environment();
        assertEquals(DeploymentStatus.DELETE_IN_PROGRESS, deleting.deploymentStatus());
        await(() -> {
            try {
                return status("env-d").toString();
            } catch (ResourceNotFoundException gone) {
                return "gone";
            }
        }, "gone");
        Deployment deletion = proton.getDeployment(b -> b.id(deleting.lastAttemptedDeploymentId())).deployment();
        assertEquals(DeploymentStatus.DELETE_COMPLETE, deletion.deploymentStatus());
        assertThrows(ResourceNotFoundException.class, () -> proton.listTagsForResource(b -> b.resourceArn(arn)));
        assertEquals("DELETE", provisioners.runs.get(provisioners.runs.size() - 1).request().action().name());
    }

    @Test
    void aFailedDeleteLeavesDeleteFailed() {
        proton.createEnvironment(b -> b.name("env-df").templateName("lifecycle-env").templateMajorVersion("1")
                .spec(SPEC).codebuildRoleArn(CODEBUILD_ROLE));
        await(() -> status("env-df"), DeploymentStatus.SUCCEEDED);
        ScriptedProvisioners.install(context -> new ProvisionOutcome.Failed("deprovision exited with 1"));
        proton.deleteEnvironment(b -> b.name("env-df"));
        await(() -> status("env-df"), DeploymentStatus.DELETE_FAILED);
        assertEquals("deprovision exited with 1", get("env-df").deploymentStatusMessage());
    }

    @Test
    void refusesWhatProtonRefuses() {
        // inputs are validated against the version's schema, synchronously
        var badSpec = assertThrows(ValidationException.class, () -> proton.createEnvironment(b -> b.name("env-bad").templateName("lifecycle-env")
                .templateMajorVersion("1").spec("proton: EnvironmentSpec\nspec:\n  vpc_name: Not_Valid\n").codebuildRoleArn(CODEBUILD_ROLE)));
        assertTrue(badSpec.getMessage().contains("vpc_name"), badSpec.getMessage());
        assertThrows(ValidationException.class, () -> proton.createEnvironment(b -> b.name("env-bad").templateName("lifecycle-env")
                .templateMajorVersion("1").spec("proton: EnvironmentSpec\nspec:\n  size: 2\n").codebuildRoleArn(CODEBUILD_ROLE)));
        // the mode must fit the manifest
        var wrongMode = assertThrows(ValidationException.class, () -> proton.createEnvironment(b -> b.name("env-bad")
                .templateName("lifecycle-env").templateMajorVersion("1").spec(SPEC).protonServiceRoleArn(SERVICE_ROLE)));
        assertTrue(wrongMode.getMessage().contains("codebuild") && wrongMode.getMessage().contains("protonServiceRoleArn"), wrongMode.getMessage());
        var cfnWithoutRole = assertThrows(ValidationException.class, () -> proton.createEnvironment(b -> b.name("env-bad")
                .templateName("lifecycle-cfn").templateMajorVersion("1").spec(SPEC).codebuildRoleArn(CODEBUILD_ROLE)));
        assertTrue(cfnWithoutRole.getMessage().contains("protonServiceRoleArn"), cfnWithoutRole.getMessage());
        var connection = assertThrows(ValidationException.class, () -> proton.createEnvironment(b -> b.name("env-bad")
                .templateName("lifecycle-env").templateMajorVersion("1").spec(SPEC).environmentAccountConnectionId("0b8e0b3e-1111-4a2b-8c3d-123456789abc")));
        assertTrue(connection.getMessage().contains("Environment account connection 0b8e0b3e-1111-4a2b-8c3d-123456789abc does not exist"),
                connection.getMessage());
        // only published versions
        assertThrows(ValidationException.class, () -> proton.createEnvironment(b -> b.name("env-bad").templateName("lifecycle-env")
                .templateMajorVersion("3").spec(SPEC).codebuildRoleArn(CODEBUILD_ROLE)));
        assertThrows(ResourceNotFoundException.class, () -> proton.getEnvironment(b -> b.name("env-bad")));
        assertTrue(proton.listDeployments(b -> b.environmentName("env-bad")).deployments().isEmpty(), "nothing was deployed");

        proton.createEnvironmentTemplate(b -> b.name("lifecycle-customer").provisioning("CUSTOMER_MANAGED"));
        var customer = assertThrows(ValidationException.class, () -> proton.createEnvironment(b -> b.name("env-bad")
                .templateName("lifecycle-customer").templateMajorVersion("1").spec(SPEC).codebuildRoleArn(CODEBUILD_ROLE)));
        assertTrue(customer.getMessage().contains("CUSTOMER_MANAGED"), customer.getMessage());
    }
}
