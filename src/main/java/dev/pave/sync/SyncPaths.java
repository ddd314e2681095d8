package dev.pave.sync;

import dev.pave.error.ValidationException;
import dev.pave.repository.GitRepository;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/** The checks every sync config makes of where it reads from: a linked repository, a branch, paths inside the repository. */
final class SyncPaths {

    private SyncPaths() {
    }

    static void requireLinked(String provider, String name) {
        if (GitRepository.find(provider, name).isEmpty()) {
            throw new ValidationException(ValidationException.Problem.about("repository", "Repository " + provider + "/" + name
                    + " is not linked: link it with CreateRepository first"));
        }
    }

    static void requireBranch(String branch) {
        if (!isBranch(branch)) {
            throw new ValidationException(ValidationException.Problem.about("branch", "branch must be a branch name, like main"));
        }
    }

    /** A name Git accepts for a branch (no spaces, "..", "~", ":" and the like), given without {@code refs/heads/}. */
    static boolean isBranch(String branch) {
        return !branch.startsWith("refs/") && !branch.startsWith("-") && branch.length() <= 200 && Repository.isValidRefName("refs/heads/" + branch);
    }

    /**
     * A path inside the repository as users write it ({@code ./a/b}, {@code /a/b/}, {@code a/b}) in the form Git
     * trees use ({@code a/b}); empty for the root; empty Optional when it leaves the repository or is not a plain path.
     */
    static Optional<String> inRepository(String path) {
        if (path.length() > 1024 || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.empty();
        }
        String plain = path.strip().replaceAll("^(\\./)+", "").replaceAll("^/+|/+$", "");
        if (plain.isEmpty()) {
            return Optional.of("");
        }
        if (plain.contains("\\") || List.of(plain.split("/")).stream().anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
            return Optional.empty();
        }
        return Optional.of(plain);
    }
}
