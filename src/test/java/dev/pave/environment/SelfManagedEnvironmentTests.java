package dev.pave.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.api.SignedHttpAccess;
import dev.pave.testing.AwsCli;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Self-managed provisioning end to end: a linked repository (a real bare Git repository, reached over file://),
 * Terraform rendered and committed by Pave to a branch with Proton's generated files, the deployment waiting
 * until the repository's automation reports back with NotifyResourceDeploymentStatusChange.
 */
@QuarkusTest
class SelfManagedEnvironmentTests {

    @TestHTTPResource("/")
    URI pave;

    @Test
    void terraformIsCommittedToABranchAndTheDeploymentWaitsForTheNotification() throws Exception {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Path origin = bareRepositoryWithMain();

        String repo = "myorg/infra-" + suffix;
        JsonNode linked = cli.proton("create-repository", "--provider", "GITHUB", "--name", repo,
                "--connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc123").ok().json().get("repository");
        assertEquals("arn:aws:proton:us-east-1:123456789012:repository/github:" + repo, linked.get("arn").asText());
        SignedHttpAccess.Response access = SignedHttpAccess.put(pave, "/api/v1/repositories/GITHUB/" + repo + "/access",
                "{\"url\": \"" + origin.toUri() + "\", \"token\": \"not-needed-for-file-urls\"}");
        assertEquals(204, access.status(), access.body());

        String template = "tf-env-" + suffix;
        registerTerraformTemplate(cli, template);
        String env = "tf-dev-" + suffix;
        cli.proton("create-environment", "--name", env, "--template-name", template, "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.1.0.0/16\n",
                "--provisioning-repository", "provider=GITHUB,name=" + repo + ",branch=main").ok();

        String deploymentId = cli.proton("get-environment", "--name", env).ok().json().get("environment").get("lastAttemptedDeploymentId").asText();
        String branch = "refs/heads/pave/" + deploymentId;
        Map<String, String> files = waitForBranch(origin, branch, () -> cli.proton("get-environment", "--name", env).stdout());
        String folder = env + "/"; // Proton's layout: the environment's own folder
        assertTrue(files.get(folder + "main.tf").contains("var.environment.inputs.vpc_cidr"), files.keySet().toString());
        assertTrue(files.get(folder + "proton.environment.variables.tf").contains("variable \"environment\""));
        JsonNode tfvars = new ObjectMapper().readTree(files.get(folder + "proton.auto.tfvars.json"));
        assertEquals("10.1.0.0/16", tfvars.get("environment").get("inputs").get("vpc_cidr").asText());
        JsonNode metadata = new ObjectMapper().readTree(files.get(folder + ".proton/deployment-metadata.json"));
        assertEquals(deploymentId, metadata.get("deploymentId").asText());
        assertEquals(false, metadata.get("isResourceDeleted").asBoolean());
        assertEquals("IN_PROGRESS", cli.proton("get-environment", "--name", env).ok().json().get("environment").get("deploymentStatus").asText(),
                "self-managed deployments wait for the repository's automation");

        String arn = cli.proton("get-environment", "--name", env).ok().json().get("environment").get("arn").asText();
        cli.proton("notify-resource-deployment-status-change", "--resource-arn", arn, "--status", "SUCCEEDED",
                "--outputs", "key=VpcId,valueString=vpc-0123456789").ok();
        JsonNode done = cli.proton("get-environment", "--name", env).ok().json().get("environment");
        assertEquals("SUCCEEDED", done.get("deploymentStatus").asText(), done.toString());
        JsonNode outputs = cli.proton("list-environment-outputs", "--environment-name", env).ok().json().get("outputs");
        assertEquals("VpcId=vpc-0123456789", outputs.get(0).get("key").asText() + "=" + outputs.get(0).get("valueString").asText());
    }

    /**
     * What AWS's sample workflow for self-managed Terraform (aws-samples/aws-proton-terraform-github-actions-sample,
     * {@code .github/workflows/proton_run.yml}) reads from each commit, checked from its documented rules, not its code:
     * "Find modified resource" wants exactly one changed {@code .proton/deployment-metadata.json}; "Get data" takes the
     * resource from {@code resourceMetadata.arn} and its working directory from that ARN: an environment's is
     * {@code <name>/}, a service instance's {@code <environment of resourceMetadata.environmentArn>/<service>-<instance>/},
     * a pipeline's {@code <service>/pipeline}; the deployment id and {@code isResourceDeleted} come from the file. The
     * working directory must then hold the Terraform, Proton's variables file and {@code proton.auto.tfvars.json}.
     */
    @Test
    void everyCommitIsWhereProtonsSampleWorkflowLooksForIt() throws Exception {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Path origin = bareRepositoryWithMain();
        String repo = "myorg/layout-" + suffix;
        cli.proton("create-repository", "--provider", "GITHUB", "--name", repo,
                "--connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc123").ok();
        assertEquals(204, SignedHttpAccess.put(pave, "/api/v1/repositories/GITHUB/" + repo + "/access",
                "{\"url\": \"" + origin.toUri() + "\", \"token\": \"not-needed-for-file-urls\"}").status());
        cli.proton("update-account-settings", "--pipeline-provisioning-repository", "provider=GITHUB,name=" + repo + ",branch=main").ok();
        try {
            deployEveryKindSelfManaged(cli, origin, repo, suffix);
        } finally {
            cli.proton("update-account-settings", "--delete-pipeline-provisioning-repository").ok();
        }
    }

    private void deployEveryKindSelfManaged(AwsCli cli, Path origin, String repo, String suffix) throws Exception {

        String envTemplate = "tf-layout-env-" + suffix;
        registerTerraformTemplate(cli, envTemplate);
        String env = "tf-layout-" + suffix;
        cli.proton("create-environment", "--name", env, "--template-name", envTemplate, "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.1.0.0/16\n",
                "--provisioning-repository", "provider=GITHUB,name=" + repo + ",branch=main").ok();
        JsonNode environment = cli.proton("get-environment", "--name", env).ok().json().path("environment");
        assertEquals(env + "/", workflowChecks(origin, environment.path("lastAttemptedDeploymentId").asText(), environment.path("arn").asText(),
                "proton.environment.variables.tf"));
        cli.proton("notify-resource-deployment-status-change", "--resource-arn", environment.path("arn").asText(), "--status", "SUCCEEDED").ok();

        String serviceTemplate = "tf-layout-svc-" + suffix;
        registerTerraformServiceTemplate(cli, serviceTemplate, envTemplate);
        String service = "api-" + suffix;
        cli.proton("create-service", "--name", service, "--template-name", serviceTemplate, "--template-major-version", "1",
                "--spec", "proton: ServiceSpec\ninstances:\n  - name: dev\n    environment: " + env + "\n    spec:\n      memory: 512\n",
                "--repository-connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc123",
                "--repository-id", "myorg/api", "--branch-name", "main").ok();
        JsonNode instance = awaitJson(() -> cli.proton("get-service-instance", "--service-name", service, "--name", "dev").ok().json()
                .path("serviceInstance"), i -> i.has("lastAttemptedDeploymentId"), "the instance's deployment");
        assertEquals(env + "/" + service + "-dev/", workflowChecks(origin, instance.path("lastAttemptedDeploymentId").asText(),
                instance.path("arn").asText(), "proton.service_instance.variables.tf"));
        cli.proton("notify-resource-deployment-status-change", "--resource-arn", instance.path("arn").asText(), "--status", "SUCCEEDED").ok();

        JsonNode pipeline = awaitJson(() -> cli.proton("get-service", "--name", service).ok().json().path("service").path("pipeline"),
                p -> p.has("lastAttemptedDeploymentId"), "the pipeline's deployment");
        assertEquals(service + "/pipeline", workflowChecks(origin, pipeline.path("lastAttemptedDeploymentId").asText(), pipeline.path("arn").asText(),
                "proton.pipeline.variables.tf"));

        // a component in the environment: Terraform, committed to the environment's repository in its own folder
        String component = "cache-" + suffix;
        cli.proton("create-component", "--name", component, "--environment-name", env, "--manifest",
                "infrastructure:\n  templates:\n    - file: \"main.tf\"\n      rendering_engine: hcl\n      template_language: terraform\n",
                "--template-file", "output \"endpoint\" {\n  value = \"${var.environment.name}.cache\"\n}\n").ok();
        JsonNode made = awaitJson(() -> cli.proton("get-component", "--name", component).ok().json().path("component"),
                c -> c.has("lastAttemptedDeploymentId"), "the component's deployment");
        assertEquals(env + "/" + component + "/", workflowChecks(origin, made.path("lastAttemptedDeploymentId").asText(), made.path("arn").asText(),
                "proton.component.variables.tf"));
        String committed = files(origin, "refs/heads/pave/" + made.path("lastAttemptedDeploymentId").asText()).get(env + "/" + component + "/main.tf");
        assertTrue(committed.contains("${var.environment.name}.cache"), "Terraform is committed as written, not rendered: " + committed);
        cli.proton("notify-resource-deployment-status-change", "--resource-arn", made.path("arn").asText(), "--status", "SUCCEEDED",
                "--outputs", "key=endpoint,valueString=" + env + ".cache").ok();
        assertEquals("SUCCEEDED", cli.proton("get-component", "--name", component).ok().json().path("component").path("deploymentStatus").asText());
        assertTrue(cli.proton("list-component-outputs", "--component-name", component).ok().stdout().contains(env + ".cache"));
    }

    /** Runs the workflow's checks on the deployment's commit; answers the working directory the workflow resolves. */
    private static String workflowChecks(Path origin, String deploymentId, String resourceArn, String variablesFile) throws Exception {
        Map<String, String> committed = waitForBranch(origin, "refs/heads/pave/" + deploymentId, () -> resourceArn);
        Map<String, String> main = files(origin, "refs/heads/main");
        List<String> metadataFiles = committed.keySet().stream().filter(path -> path.endsWith(".proton/deployment-metadata.json"))
                .filter(path -> !committed.get(path).equals(main.get(path))).toList();
        assertEquals(1, metadataFiles.size(), "one resource per commit: " + metadataFiles);
        String metadataPath = metadataFiles.get(0);
        JsonNode metadata = new ObjectMapper().readTree(committed.get(metadataPath));
        assertEquals(resourceArn, metadata.path("resourceMetadata").path("arn").asText(metadata.path("componentMetadata").path("arn").asText()));
        assertEquals(deploymentId, metadata.path("deploymentId").asText());
        assertEquals("false", metadata.path("isResourceDeleted").asText());
        String directory = workingDirectory(metadata);
        String folder = directory.endsWith("/") ? directory : directory + "/";
        assertEquals(folder + ".proton/deployment-metadata.json", metadataPath, "the workflow runs terraform where the metadata is");
        assertTrue(committed.containsKey(folder + "main.tf") && committed.containsKey(folder + variablesFile), committed.keySet().toString());
        JsonNode tfvars = new ObjectMapper().readTree(committed.get(folder + "proton.auto.tfvars.json"));
        assertEquals(resourceArn, tfvars.path("//").asText(), tfvars.toString());
        return directory;
    }

    /** The "Get data" step's working_directory, by its rules. */
    private static String workingDirectory(JsonNode metadata) {
        String arn = metadata.path("resourceMetadata").path("arn").asText(metadata.path("componentMetadata").path("arn").asText());
        String[] resource = arn.substring(arn.lastIndexOf(':') + 1).split("/");
        if (arn.contains(":environment/")) {
            return arn.substring(arn.lastIndexOf('/') + 1) + "/";
        }
        if (arn.contains("/service-instance/")) {
            String environmentArn = metadata.path("resourceMetadata").path("environmentArn").asText();
            return environmentArn.substring(environmentArn.lastIndexOf('/') + 1) + "/" + resource[1] + "-" + resource[3] + "/";
        }
        if (arn.contains("/pipeline")) {
            return resource[1] + "/pipeline";
        }
        if (arn.contains(":component/")) {
            String environmentArn = metadata.path("componentMetadata").path("environmentArn").asText();
            return environmentArn.substring(environmentArn.lastIndexOf('/') + 1) + "/" + resource[1] + "/";
        }
        throw new AssertionError("the workflow finds no working directory for " + arn);
    }

    private void registerTerraformServiceTemplate(AwsCli cli, String template, String environmentTemplate) {
        String schema = "schema:\n  format:\n    openapi: \"3.0.0\"\n  service_input_type: \"ApiInput\"\n  pipeline_input_type: \"PipelineInput\"\n"
                + "  types:\n    ApiInput:\n      type: object\n      properties:\n        memory:\n          type: number\n          default: 256\n"
                + "    PipelineInput:\n      type: object\n      properties:\n        stages:\n          type: number\n          default: 2\n";
        String manifest = "infrastructure:\n  templates:\n    - file: \"*\"\n      rendering_engine: hcl\n      template_language: terraform\n";
        byte[] bundle = TestBundles.empty().with("schema/schema.yaml", schema)
                .with("instance_infrastructure/manifest.yaml", manifest)
                .with("instance_infrastructure/main.tf", "output \"memory\" {\n  value = var.service_instance.inputs.memory\n}\n")
                .with("pipeline_infrastructure/manifest.yaml", manifest)
                .with("pipeline_infrastructure/main.tf", "output \"stages\" {\n  value = var.pipeline.inputs.stages\n}\n").tarGz();
        String moto = ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
        Map<String, String> motoEnv = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");
        Path file = TestBundles.write(cli.home().resolve(template + ".tar.gz"), bundle);
        cli.run(List.of("aws", "--endpoint-url", moto, "s3", "mb", "s3://" + template), motoEnv).ok();
        cli.run(List.of("aws", "--endpoint-url", moto, "s3", "cp", file.toString(), "s3://" + template + "/b.tar.gz"), motoEnv).ok();
        cli.proton("create-service-template", "--name", template).ok();
        JsonNode v = cli.proton("create-service-template-version", "--template-name", template, "--source", "s3={bucket=" + template + ",key=b.tar.gz}",
                "--compatible-environment-templates", "templateName=" + environmentTemplate + ",majorVersion=1").ok().json().get("serviceTemplateVersion");
        assertEquals("DRAFT", v.get("status").asText(), v.toString());
        cli.proton("update-service-template-version", "--template-name", template, "--major-version", "1", "--minor-version", "0",
                "--status", "PUBLISHED").ok();
    }

    private static JsonNode awaitJson(java.util.function.Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done, String what) {
        return dev.pave.testing.ServiceTestFixtures.awaitJson(read, done, what);
    }

    @Test
    void onlyPlatformAdminsSetRepositoryAccessAndUnlinkedRepositoriesAreRefused() throws Exception {
        SignedHttpAccess.Response unlinked = SignedHttpAccess.put(pave, "/api/v1/repositories/GITHUB/nobody/nothing/access", "{\"url\": \"file:///tmp/x\"}");
        assertEquals(404, unlinked.status(), unlinked.body());
        io.restassured.RestAssured.given().contentType("application/json").body("{\"token\": \"t\"}")
                .put("/api/v1/repositories/GITHUB/a/b/access").then().statusCode(403);
    }

    private void registerTerraformTemplate(AwsCli cli, String template) {
        String schema = "schema:\n  format:\n    openapi: \"3.0.0\"\n  environment_input_type: \"VpcInput\"\n  types:\n    VpcInput:\n"
                + "      type: object\n      properties:\n        vpc_cidr:\n          type: string\n          default: 10.0.0.0/16\n";
        String manifest = "infrastructure:\n  templates:\n    - file: \"*\"\n      rendering_engine: hcl\n      template_language: terraform\n";
        String mainTf = "resource \"aws_vpc\" \"vpc\" {\n  cidr_block = var.environment.inputs.vpc_cidr\n}\n";
        byte[] bundle = TestBundles.empty().with("schema/schema.yaml", schema).with("infrastructure/manifest.yaml", manifest)
                .with("infrastructure/main.tf", mainTf).tarGz();
        String moto = ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
        Map<String, String> motoEnv = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");
        Path file = TestBundles.write(cli.home().resolve(template + ".tar.gz"), bundle);
        cli.run(List.of("aws", "--endpoint-url", moto, "s3", "mb", "s3://" + template), motoEnv).ok();
        cli.run(List.of("aws", "--endpoint-url", moto, "s3", "cp", file.toString(), "s3://" + template + "/b.tar.gz"), motoEnv).ok();
        cli.proton("create-environment-template", "--name", template).ok();
        JsonNode v = cli.proton("create-environment-template-version", "--template-name", template,
                "--source", "s3={bucket=" + template + ",key=b.tar.gz}").ok().json().get("environmentTemplateVersion");
        assertEquals("DRAFT", v.get("status").asText(), v.toString());
        cli.proton("update-environment-template-version", "--template-name", template, "--major-version", "1", "--minor-version", "0",
                "--status", "PUBLISHED").ok();
    }

    private static Path bareRepositoryWithMain() throws Exception {
        Path bare = Files.createTempDirectory("infra-origin");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path work = Files.createTempDirectory("infra-work");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
            Files.writeString(work.resolve("README.md"), "infrastructure\n");
            git.add().addFilepattern("README.md").call();
            git.commit().setMessage("start").setAuthor("test", "test@example.com").setSign(false).call();
            git.push().setRemote("origin").setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main")).call();
        }
        return bare;
    }

    /** Every file at {@code ref}, by path. */
    private static Map<String, String> files(Path bare, String ref) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Git git = Git.open(bare.toFile()); RevWalk walk = new RevWalk(git.getRepository()); TreeWalk tree = new TreeWalk(git.getRepository())) {
            Repository repository = git.getRepository();
            tree.addTree(walk.parseCommit(repository.resolve(ref)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                files.put(tree.getPathString(), new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static Map<String, String> waitForBranch(Path bare, String branch, java.util.function.Supplier<String> state) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try (Git git = Git.open(bare.toFile())) {
                Repository repository = git.getRepository();
                if (repository.resolve(branch) != null) {
                    Map<String, String> files = files(bare, branch);
                    assertNotNull(files.get("README.md"), "branched from main");
                    return files;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no branch " + branch + " was pushed; " + state.get());
    }
}
