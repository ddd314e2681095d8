package dev.pave.provision.git;

import dev.pave.provision.ProvisionRequest;
import dev.pave.repository.GitRemote;
import java.util.Optional;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * How Pave reaches a provisioning repository: its URL, the token as a GitHub-style password, and messages scrubbed
 * of credentials so nothing secret reaches the deployment log.
 */
final class RepositoryAccess {

    private final ProvisionRequest.Repository repository;

    RepositoryAccess(ProvisionRequest.Repository repository) {
        this.repository = repository;
    }

    String url() {
        return repository.url();
    }

    String baseBranch() {
        return repository.branch();
    }

    /** Null for a repository reached without a token (e.g. file://). */
    CredentialsProvider credentials() {
        return GitRemote.credentials(repository.token());
    }

    /** The commit a branch points to in the repository, if the branch exists. */
    Optional<ObjectId> branchHead(String branch) throws GitAPIException {
        return GitRemote.branchHead(url(), repository.token(), branch, 0);
    }

    /** The exception's messages down its causes, without the token or any user:password in a URL. */
    String describe(Throwable failure) {
        return GitRemote.describe(failure, repository.token());
    }
}
