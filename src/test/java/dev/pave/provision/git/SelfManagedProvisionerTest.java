package dev.pave.provision.git;

import static dev.pave.provision.ProvisionRequest.Action.DELETE;
import static dev.pave.provision.ProvisionRequest.Action.DEPLOY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.provision.ProvisionOutcome.AwaitingNotification;
import dev.pave.provision.ProvisionOutcome.Cancelled;
import dev.pave.provision.ProvisionOutcome.Failed;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisionRequest.Repository;
import dev.pave.provision.RecordingContext;
import dev.pave.provision.Requests;
import dev.pave.testing.FreePort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SelfManagedProvisioner against a real bare Git repository on disk. */
class SelfManagedProvisionerTest {

    private static final JsonNode INPUTS = Requests.json("""
            {"environment": {"name": "dev", "inputs": {"vpc_name": "dev-vpc", "az_count": "2"}}, "proton_tags": {"team": "blue"}}""");
    private static final JsonNode METADATA = Requests.json("""
            {"deploymentId": "d-1", "resourceMetadata": {"arn": "arn:aws:proton:us-east-1:123456789012:environment/dev",
             "templateArn": "arn:aws:proton:us-east-1:123456789012:environment-template/vpc", "templateMajorVersion": "1", "templateMinorVersion": "0"}}""");
    private static final Map<String, String> FILES = Map.of("main.tf", "resource \"aws_vpc\" \"this\" {}\n", "modules/outputs.tf", "output \"x\" {}\n",
            "manifest.yaml", "infrastructure:\n  templates:\n    - file: \"*\"\n");

    @TempDir
    Path tmp;

    private Path origin;
    private ObjectId mainHead;

    @BeforeEach
    void originWithMainBranch() throws Exception {
        origin = tmp.resolve("origin.git");
        Git.init().setBare(true).setDirectory(origin.toFile()).setInitialBranch("main").call().close();
        Path seed = tmp.resolve("seed");
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(seed.resolve("env/dev"));
            Files.writeString(seed.resolve("env/dev/main.tf"), "# deployed before\n");
            Files.writeString(seed.resolve("README.md"), "infrastructure\n");
            git.add().addFilepattern(".").call();
            PersonIdent someone = new PersonIdent("Someone", "someone@example.com");
            mainHead = git.commit().setMessage("seed").setAuthor(someone).setCommitter(someone).setSign(false).call();
            git.push().setRemote(origin.toUri().toString()).setRefSpecs(new RefSpec("main:main")).call();
        }
    }

    @Test
    void deployCommitsTheRenderedFilesToANewBranch() throws Exception {
        RecordingContext context = new RecordingContext(request(DEPLOY));

        AwaitingNotification waiting = assertInstanceOf(AwaitingNotification.class, new SelfManagedProvisioner().run(context), context.logText());

        String branch = "pave/" + context.request().deploymentId();
        assertEquals(branch, waiting.changeRequest());
        RevCommit commit = head(branch);
        assertEquals("Pave", commit.getAuthorIdent().getName());
        assertEquals(mainHead, commit.getParent(0).getId(), "branched from main");
        assertEquals(mainHead, head("main").getId(), "main is untouched");
        assertEquals(FILES.get("main.tf"), read(branch, "env/dev/main.tf"));
        assertEquals(FILES.get("modules/outputs.tf"), read(branch, "env/dev/modules/outputs.tf"));
        assertNull(read(branch, "env/dev/manifest.yaml"), "the manifest is Pave's, not Terraform's");
        JsonNode tfvars = Requests.json(read(branch, "env/dev/proton.auto.tfvars.json"));
        assertEquals("arn:aws:proton:us-east-1:123456789012:environment/dev", tfvars.path("//").asText(), "Proton's comment naming the resource");
        assertEquals(INPUTS, ((com.fasterxml.jackson.databind.node.ObjectNode) tfvars).without("//"));
        assertEquals(METADATA, Requests.json(read(branch, "env/dev/.proton/deployment-metadata.json")));
        assertEquals("""
                variable "environment" {
                  type = object({
                    name   = string
                    inputs = map(string)
                  })
                  default = null
                }

                variable "proton_tags" {
                  type    = map(string)
                  default = null
                }
                """, body(read(branch, "env/dev/proton.environment.variables.tf")));
        assertTrue(context.logLines().contains("Committed " + commit.name() + " on branch " + branch), context.logText());
        assertEquals(commit.name(), context.checkpoint().path("commit").asText());
    }

    @Test
    void deleteMarksTheMetadataDeletedAndLeavesTheTerraformFiles() throws Exception {
        RecordingContext context = new RecordingContext(request(DELETE));

        AwaitingNotification waiting = assertInstanceOf(AwaitingNotification.class, new SelfManagedProvisioner().run(context), context.logText());

        JsonNode metadata = Requests.json(read(waiting.changeRequest(), "env/dev/.proton/deployment-metadata.json"));
        assertTrue(metadata.path("isResourceDeleted").asBoolean());
        assertEquals(METADATA.get("resourceMetadata"), metadata.get("resourceMetadata"));
        assertEquals("# deployed before\n", read(waiting.changeRequest(), "env/dev/main.tf"), "terraform destroy needs the files");
    }

    @Test
    void resumedAttemptDoesNotCommitTwice() throws Exception {
        RecordingContext first = new RecordingContext(request(DEPLOY));
        AwaitingNotification waiting = assertInstanceOf(AwaitingNotification.class, new SelfManagedProvisioner().run(first));
        ObjectId pushed = head(waiting.changeRequest()).getId();

        RecordingContext second = first.resumed();
        assertEquals(waiting, new SelfManagedProvisioner().run(second));

        assertEquals(pushed, head(waiting.changeRequest()).getId());
        assertFalse(second.logText().contains("Committed"), second.logText());
    }

    @Test
    void attemptThatPushedButSavedNoCheckpointIsAdoptedNotRepeated() throws Exception {
        RecordingContext first = new RecordingContext(request(DEPLOY)) {
            @Override
            public void saveCheckpoint(ObjectNode next) {
                throw new IllegalStateException("Pave died before the checkpoint was stored");
            }
        };
        assertThrows(IllegalStateException.class, () -> new SelfManagedProvisioner().run(first));
        String branch = "pave/" + first.request().deploymentId();
        ObjectId pushed = head(branch).getId();

        RecordingContext second = first.resumed();
        assertEquals(new AwaitingNotification(branch), new SelfManagedProvisioner().run(second));

        assertEquals(pushed, head(branch).getId());
        assertEquals(pushed.name(), second.checkpoint().path("commit").asText());
    }

    @Test
    void cancelBeforeThePushLeavesTheRepositoryAlone() throws Exception {
        RecordingContext context = new RecordingContext(request(DEPLOY));
        context.cancelWhenLogged(line -> line.startsWith("Committed"));

        assertInstanceOf(Cancelled.class, new SelfManagedProvisioner().run(context));

        assertNull(head("pave/" + context.request().deploymentId()));
    }

    @Test
    void abandonDeletesTheBranch() throws Exception {
        ProvisionRequest request = request(DEPLOY);
        AwaitingNotification waiting = assertInstanceOf(AwaitingNotification.class, new SelfManagedProvisioner().run(new RecordingContext(request)));

        new SelfManagedProvisioner().abandon(request, waiting.changeRequest());

        assertNull(head(waiting.changeRequest()));
        assertEquals(mainHead, head("main").getId());
        new SelfManagedProvisioner().abandon(request, waiting.changeRequest()); // already gone is fine
    }

    @Test
    void failuresNeverShowTheToken() {
        String token = "ghp_s3cr3tT0ken";
        Repository unreachable = new Repository("GITHUB", "org/infra", "main",
                "https://x-access-token:" + token + "@127.0.0.1:" + FreePort.pick() + "/org/infra.git", token);
        RecordingContext context = new RecordingContext(Requests.selfManaged(DEPLOY, "ENVIRONMENT", unreachable, "env/dev", FILES, INPUTS, METADATA));

        Failed failed = assertInstanceOf(Failed.class, new SelfManagedProvisioner().run(context));

        assertTrue(failed.message().contains("127.0.0.1"), failed.message());
        assertFalse(failed.message().contains(token), failed.message());
        assertFalse(context.logText().contains(token));
        IllegalStateException abandon = assertThrows(IllegalStateException.class,
                () -> new SelfManagedProvisioner().abandon(context.request(), "pave/x"));
        assertFalse(abandon.getMessage().contains(token), abandon.getMessage());
    }

    @Test
    void messagesAreScrubbedOfTheTokenAndUrlCredentials() {
        RepositoryAccess access = new RepositoryAccess(new Repository("GITHUB", "org/infra", "main", "https://github.com/org/infra.git", "tok3n"));

        String message = access.describe(new IllegalStateException("push to https://x-access-token:tok3n@github.com/org/infra.git failed",
                new java.io.IOException("credentials tok3n were rejected")));

        assertEquals("push to https://***@github.com/org/infra.git failed: credentials *** were rejected", message);
    }

    @Test
    void bundleFilesThatEscapeTheFolderAreRefused() throws Exception {
        RecordingContext context = new RecordingContext(Requests.selfManaged(DEPLOY, "ENVIRONMENT", repository(), "env/dev",
                Map.of("../../README.md", "overwritten"), INPUTS, METADATA));

        Failed failed = assertInstanceOf(Failed.class, new SelfManagedProvisioner().run(context));

        assertTrue(failed.message().startsWith("Refusing bundle file"), failed.message());
        assertNull(head("pave/" + context.request().deploymentId()));
    }

    private ProvisionRequest request(ProvisionRequest.Action action) {
        return Requests.selfManaged(action, "ENVIRONMENT", repository(), "env/dev", FILES, INPUTS, METADATA);
    }

    private Repository repository() {
        return new Repository("GITHUB", "org/infra", "main", origin.toUri().toString(), null);
    }

    private RevCommit head(String branch) throws Exception {
        try (Git git = Git.open(origin.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            ObjectId id = git.getRepository().resolve("refs/heads/" + branch);
            return id == null ? null : walk.parseCommit(id);
        }
    }

    private String read(String branch, String path) throws Exception {
        try (Git git = Git.open(origin.toFile()); TreeWalk walk = TreeWalk.forPath(git.getRepository(), path, head(branch).getTree())) {
            return walk == null ? null : new String(git.getRepository().open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The variables file without its header comment. */
    private static String body(String variables) {
        return variables.substring(variables.indexOf("*/\n") + 4);
    }
}
