package dev.pave.sync;

import dev.pave.error.ValidationException;
import dev.pave.repository.GitRepository;
import java.util.List;
import java.util.Optional;

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
        if (branch.startsWith("refs/") || branch.contains("..")) {
            throw new ValidationException(ValidationException.Problem.about("branch", "branch must be a branch name, like main"));
        }
    }

    /**
     * A path inside the repository as users write it ({@code ./a/b}, {@code /a/b/}, {@code a/b}) in the form Git
     * trees use ({@code a/b}); empty for the root; empty Optional when it leaves the repository or is not a plain path.
     */
    static Optional<String> inRepository(String path) {
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
