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
import org.eclipse.jgit.lib.ObjectId;
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
        String folder = "env/" + env + "/";
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

    private static Map<String, String> waitForBranch(Path bare, String branch, java.util.function.Supplier<String> state) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try (Git git = Git.open(bare.toFile())) {
                Repository repository = git.getRepository();
                ObjectId head = repository.resolve(branch);
                if (head != null) {
                    Map<String, String> files = new java.util.TreeMap<>();
                    try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
                        tree.addTree(walk.parseCommit(head).getTree());
                        tree.setRecursive(true);
                        while (tree.next()) {
                            files.put(tree.getPathString(), new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                        }
                    }
                    assertNotNull(files.get("README.md"), "branched from main");
                    return files;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no branch " + branch + " was pushed; " + state.get());
    }
}
