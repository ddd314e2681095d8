package dev.pave.repository;

import java.util.Collection;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * How Pave talks to a remote repository, for template sync and the self-managed provisioner alike: the token as a
 * GitHub-style password, a branch's head without fetching, and failures as text without credentials.
 */
public final class GitRemote {

    private GitRemote() {
    }

    /** Null for a repository reached without a token (e.g. file://). */
    public static CredentialsProvider credentials(String token) {
        return token == null || token.isEmpty() ? null : new UsernamePasswordCredentialsProvider("x-access-token", token);
    }

    /** The commit {@code branch} points to in the repository at {@code url} ({@code ls-remote}), if it has that branch; 0 seconds waits for ever. */
    public static Optional<ObjectId> branchHead(String url, String token, String branch, int timeoutSeconds) throws GitAPIException {
        Collection<Ref> heads = Git.lsRemoteRepository().setRemote(url).setHeads(true).setCredentialsProvider(credentials(token))
                .setTimeout(timeoutSeconds).call();
        return heads.stream().filter(ref -> ref.getName().equals("refs/heads/" + branch)).map(Ref::getObjectId).findFirst();
    }

    /** The exception's messages down its causes, without {@code token} or any user:password in a URL. */
    public static String describe(Throwable failure, String token) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !message.toString().contains(t.getMessage())) {
                message.append(message.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        String text = message.toString().replaceAll("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@", "$1***@");
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }
}
