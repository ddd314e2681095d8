package dev.pave.provision.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.host.Folders;
import dev.pave.provision.BundleFiles;
import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome.AwaitingNotification;
import dev.pave.provision.ProvisionOutcome.Cancelled;
import dev.pave.provision.ProvisionOutcome.Failed;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.Provisioner;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.repository.RepositoryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Proton's self-managed provisioning: the rendered Terraform, Proton's variables and tfvars files and the
 * deployment metadata are committed to a new branch {@code pave/<deploymentId>} of the provisioning repository.
 * The repository's own automation applies it (or, for a deletion, destroys it) and reports back through
 * NotifyResourceDeploymentStatusChange, so the deployment waits.
 */
@ApplicationScoped
public class SelfManagedProvisioner implements Provisioner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = ".proton/deployment-metadata.json";

    /** Absent when the provisioner is built by hand (tests give the URL in the request). */
    @Inject
    Instance<RepositoryService> repositories;

    @Override
    public ProvisioningMethod method() {
        return ProvisioningMethod.SELF_MANAGED;
    }

    @Override
    public ProvisionOutcome run(ProvisionContext context) {
        ProvisionRequest request = context.request();
        String branch = "pave/" + request.deploymentId();
        JsonNode saved = context.checkpoint().path("commit");
        if (saved.isTextual()) {
            context.log("Commit " + saved.asText() + " is already on branch " + branch + "; waiting for the repository's automation to report");
            return new AwaitingNotification(branch);
        }
        if (context.cancelRequested()) {
            return new Cancelled("Cancelled before anything was committed");
        }
        RepositoryAccess access = new RepositoryAccess(resolved(request.repository()));
        Path clone = null;
        try {
            Optional<ObjectId> pushed = access.branchHead(branch);
            if (pushed.isPresent()) {
                // an earlier attempt pushed but stopped before saving its checkpoint
                return pushed(context, branch, pushed.get().name());
            }
            clone = Files.createTempDirectory("pave-git-");
            try (Git git = Git.cloneRepository().setURI(access.url()).setDirectory(clone.toFile())
                    .setBranch(access.baseBranch()).setBranchesToClone(List.of("refs/heads/" + access.baseBranch()))
                    .setCredentialsProvider(access.credentials()).call()) {
                git.checkout().setCreateBranch(true).setName(branch).call();
                String folder = writeFiles(request, clone);
                git.add().addFilepattern(folder).call();
                PersonIdent pave = new PersonIdent("Pave", "pave@localhost");
                RevCommit commit = git.commit().setAuthor(pave).setCommitter(pave).setSign(false).setAllowEmpty(true)
                        .setMessage("Pave deployment " + request.deploymentId() + ": " + request.action().name().toLowerCase() + " " + request.targetArn())
                        .call();
                context.log("Committed " + commit.name() + " on branch " + branch);
                if (context.cancelRequested()) {
                    return new Cancelled("Cancelled before the commit was pushed");
                }
                Optional<String> refused = push(git, access, branch);
                if (refused.isPresent()) {
                    return new Failed(refused.get());
                }
                return pushed(context, branch, commit.name());
            }
        } catch (GitAPIException | JGitInternalException e) {
            return new Failed("Git: " + access.describe(e));
        } catch (IOException e) {
            return new Failed("Could not write the rendered files: " + access.describe(e));
        } catch (IllegalArgumentException e) {
            return new Failed(e.getMessage());
        } finally {
            deleteQuietly(clone);
        }
    }

    /**
     * Deletes the deployment's branch from the repository, as Proton closes the pull request of a cancelled
     * self-managed deployment. A branch that is already gone is fine.
     *
     * @throws IllegalStateException when the repository refuses or cannot be reached (message free of credentials)
     */
    public void abandon(ProvisionRequest request, String branch) {
        RepositoryAccess access = new RepositoryAccess(resolved(request.repository()));
        Path empty = null;
        try {
            empty = Files.createTempDirectory("pave-git-");
            try (Git git = Git.init().setDirectory(empty.toFile()).call()) {
                for (PushResult result : git.push().setRemote(access.url()).setRefSpecs(new RefSpec(":refs/heads/" + branch))
                        .setCredentialsProvider(access.credentials()).call()) {
                    for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                        if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.NON_EXISTING) {
                            throw new IllegalStateException("Deleting branch " + branch + " was refused: " + update.getStatus()
                                    + (update.getMessage() == null ? "" : " (" + access.describe(new Exception(update.getMessage())) + ")"));
                        }
                    }
                }
            }
        } catch (GitAPIException | JGitInternalException | IOException e) {
            throw new IllegalStateException("Could not delete branch " + branch + ": " + access.describe(e));
        } finally {
            deleteQuietly(empty);
        }
    }

    private static ProvisionOutcome pushed(ProvisionContext context, String branch, String commit) {
        ObjectNode checkpoint = JsonNodeFactory.instance.objectNode().put("branch", branch).put("commit", commit);
        context.saveCheckpoint(checkpoint);
        context.log("Pushed commit " + commit + " to branch " + branch + "; waiting for the repository's automation to report");
        return new AwaitingNotification(branch);
    }

    /** Writes the deployment's files into its folder of the clone; returns that folder as a Git path pattern. */
    private static String writeFiles(ProvisionRequest request, Path clone) throws IOException {
        String folder = request.folder() == null || request.folder().isBlank() ? "." : request.folder();
        Path root = folder.equals(".") ? clone : BundleFiles.resolve(clone, folder);
        boolean delete = request.action() == ProvisionRequest.Action.DELETE;
        if (!delete) {
            // the .tf files stay for a deletion: the repository's automation runs terraform destroy on them
            for (Map.Entry<String, String> file : request.files().entrySet()) {
                if (!file.getKey().equals("manifest.yaml")) {
                    write(BundleFiles.resolve(root, file.getKey()), file.getValue());
                }
            }
            write(root.resolve(TerraformVariables.fileName(request.targetType())), TerraformVariables.render(request.targetArn(), request.protonInputs()));
            // Proton ends the variables with a comment naming the resource
            ObjectNode tfvars = request.protonInputs() instanceof ObjectNode inputs ? inputs.deepCopy() : JsonNodeFactory.instance.objectNode();
            tfvars.put("//", request.targetArn());
            write(root.resolve("proton.auto.tfvars.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tfvars) + "\n");
        }
        ObjectNode metadata = request.metadata() instanceof ObjectNode given ? given.deepCopy() : JsonNodeFactory.instance.objectNode();
        if (delete) {
            metadata.put("isResourceDeleted", true);
        }
        write(root.resolve(METADATA), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metadata) + "\n");
        return root.equals(clone) ? "." : clone.relativize(root).toString().replace('\\', '/');
    }

    private static Optional<String> push(Git git, RepositoryAccess access, String branch) throws GitAPIException {
        RefSpec spec = new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch);
        for (PushResult result : git.push().setRefSpecs(spec).setCredentialsProvider(access.credentials()).call()) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                if (update.getStatus() != RemoteRefUpdate.Status.OK) {
                    return Optional.of("The repository refused branch " + branch + ": " + update.getStatus()
                            + (update.getMessage() == null ? "" : " (" + access.describe(new Exception(update.getMessage())) + ")"));
                }
            }
        }
        return Optional.empty();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Folders.deleteTree(directory);
        } catch (IOException | RuntimeException e) {
            // a leftover temporary directory is harmless
        }
    }

    /**
     * Deployments store only which repository they target; where it lives and the token to push with are looked up
     * now, so no secret is ever written to a deployment.
     */
    private ProvisionRequest.Repository resolved(ProvisionRequest.Repository repository) {
        if (repository.url() != null || repositories == null || repositories.isUnsatisfied()) {
            return repository;
        }
        RepositoryService.Access access = repositories.get().access(repository.provider(), repository.name());
        return new ProvisionRequest.Repository(repository.provider(), repository.name(), repository.branch(), access.url(), access.token());
    }
}
