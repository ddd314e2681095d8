package dev.pave.provision.git;

import dev.pave.provision.ProvisionRequest;
import dev.pave.repository.GitErrors;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

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
        String token = repository.token();
        return token == null || token.isEmpty() ? null : new UsernamePasswordCredentialsProvider("x-access-token", token);
    }

    /** The commit a branch points to in the repository, if the branch exists. */
    Optional<ObjectId> branchHead(String branch) throws GitAPIException {
        Collection<Ref> heads = Git.lsRemoteRepository().setRemote(url()).setHeads(true).setCredentialsProvider(credentials()).call();
        return heads.stream().filter(ref -> ref.getName().equals("refs/heads/" + branch)).map(Ref::getObjectId).findFirst();
    }

    /** The exception's messages down its causes, without the token or any user:password in a URL. */
    String describe(Throwable failure) {
        return GitErrors.describe(failure, repository.token());
    }
}
