package dev.pave.repository;

import dev.pave.PaveConfig;
import dev.pave.host.Folders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Linked repositories as Pave reads them: one bare mirror per repository under {@code $PAVE_HOME/git-mirrors},
 * fetched incrementally (only the branches asked for, only what changed), every remote call time-bound and every
 * repository over the size limit refused. A branch's head is looked up without fetching ({@code ls-remote}), so
 * checking many synced branches costs one ref lookup each.
 */
@ApplicationScoped
public class GitMirror {

    /** Bundle folders are small; a folder bigger than this is not read into memory. */
    private static final long MAX_FOLDER_BYTES = 64L * 1024 * 1024;
    /** Spec and proton-ops files are a few KB; JGit refuses to load a bigger one than this. */
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    @Inject
    PaveConfig config;

    private final Map<Path, Object> locks = new ConcurrentHashMap<>();

    /** A Git call that failed: the message names what and why, without credentials. */
    public static class GitException extends RuntimeException {
        public GitException(String message) {
            super(message);
        }
    }

    /** The commit {@code branch} points to in the repository now, or empty when it has no such branch. */
    public Optional<String> head(RepositoryService.Access access, String branch) {
        try {
            return GitRemote.branchHead(access.url(), access.token(), branch, timeoutSeconds()).map(ObjectId::name);
        } catch (GitAPIException | RuntimeException e) {
            throw new GitException("Cannot reach the repository: " + GitRemote.describe(e, access.token()));
        }
    }

    /** Fetches {@code branch} into the repository's mirror and opens the commit it points to. */
    public Snapshot fetch(String provider, String name, RepositoryService.Access access, String branch) {
        Path dir = mirror(provider, name);
        synchronized (locks.computeIfAbsent(dir, d -> new Object())) {
            Repository repository = null;
            try {
                repository = open(dir);
                SizeWatch watch = new SizeWatch(dir, config.sync().maxRepositoryMegabytes() * 1024 * 1024);
                try (Git git = new Git(repository)) {
                    git.fetch().setRemote(access.url()).setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch))
                            .setCredentialsProvider(GitRemote.credentials(access.token())).setTimeout(timeoutSeconds()).setProgressMonitor(watch).call();
                } catch (GitAPIException | RuntimeException e) {
                    if (!watch.over) {
                        throw e;
                    }
                }
                long megabytes = size(dir) / (1024 * 1024);
                if (watch.over || megabytes > config.sync().maxRepositoryMegabytes()) {
                    repository.close();
                    repository = null;
                    Folders.deleteTree(dir);
                    throw new GitException("Repository " + provider + "/" + name + " is " + (watch.over ? "over " : "") + megabytes
                            + " MB, over the limit of " + config.sync().maxRepositoryMegabytes() + " MB" + (watch.over ? " (the fetch was stopped)" : ""));
                }
                ObjectId head = repository.resolve("refs/heads/" + branch);
                if (head == null) {
                    throw new GitException("Branch " + branch + " does not exist in " + provider + "/" + name);
                }
                Snapshot snapshot = new Snapshot(repository, branch, head);
                repository = null;
                return snapshot;
            } catch (GitAPIException | IOException e) {
                throw new GitException("Cannot fetch " + branch + " of " + provider + "/" + name + ": " + GitRemote.describe(e, access.token()));
            } finally {
                if (repository != null) {
                    repository.close();
                }
            }
        }
    }

    /**
     * Proposes files as a new branch: commits them onto {@code base} (or, for a repository without that branch, as
     * its first commit) and pushes the commit as {@code branch}, for someone to review and merge. Refused when the
     * repository already has {@code branch}. Answers the commit.
     */
    public String propose(String provider, String name, RepositoryService.Access access, Optional<Snapshot> base, String branch,
            Map<String, byte[]> files, String message, String author) {
        if (head(access, branch).isPresent()) {
            throw new GitException("Branch " + branch + " already exists in " + provider + "/" + name + ": merge or delete it first");
        }
        Path dir = mirror(provider, name);
        synchronized (locks.computeIfAbsent(dir, d -> new Object())) {
            try (Repository repository = open(dir); ObjectInserter inserter = repository.newObjectInserter();
                    ObjectReader reader = repository.newObjectReader()) {
                DirCache index = DirCache.newInCore();
                DirCacheBuilder builder = index.builder();
                if (base.isPresent()) {
                    builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base.get().commit.getTree());
                }
                builder.finish();
                DirCacheEditor editor = index.editor();
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
                    editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(blob);
                        }
                    });
                }
                editor.finish();
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(index.writeTree(inserter));
                base.ifPresent(b -> commit.setParentId(b.commit));
                PersonIdent who = new PersonIdent(author + " (through Pave)", "pave@localhost");
                commit.setAuthor(who);
                commit.setCommitter(who);
                commit.setMessage(message);
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                RefUpdate ref = repository.updateRef("refs/heads/" + branch);
                ref.setNewObjectId(id);
                ref.forceUpdate();
                try (Git git = new Git(repository)) {
                    for (PushResult result : git.push().setRemote(access.url()).setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
                            .setCredentialsProvider(GitRemote.credentials(access.token())).setTimeout(timeoutSeconds()).call()) {
                        for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                            if (update.getStatus() != RemoteRefUpdate.Status.OK) {
                                throw new GitException("Pushing " + branch + " to " + provider + "/" + name + " was refused: " + update.getStatus()
                                        + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
                            }
                        }
                    }
                }
                return id.name();
            } catch (GitAPIException | IOException e) {
                throw new GitException("Cannot push " + branch + " to " + provider + "/" + name + ": " + GitRemote.describe(e, access.token()));
            }
        }
    }

    private Path mirror(String provider, String name) {
        // percent-encoded, so no two names share a folder (a/b__c and a__b/c did when "/" became "__")
        return Path.of(config.home(), "git-mirrors", provider.toLowerCase(), URLEncoder.encode(name, StandardCharsets.UTF_8) + ".git");
    }

    private static Repository open(Path dir) throws IOException {
        Repository repository = FileRepositoryBuilder.create(dir.toFile());
        if (!Files.exists(dir.resolve("HEAD"))) {
            repository.create(true);
        }
        if (repository.getConfig().getInt("gc", "auto", -1) != 0) {
            // no background gc after fetches: it would race the size check and the deletion of an oversized mirror
            repository.getConfig().setInt("gc", null, "auto", 0);
            repository.getConfig().save();
        }
        return repository;
    }

    /**
     * Stops a fetch once the mirror grows past the limit, so an oversized repository is refused while it downloads
     * rather than after (JGit asks {@link #isCancelled} as objects arrive; the mirror is measured once a second at most).
     */
    private static final class SizeWatch extends EmptyProgressMonitor {

        private final Path dir;
        private final long limit;
        private long measuredAt;
        volatile boolean over;

        SizeWatch(Path dir, long limit) {
            this.dir = dir;
            this.limit = limit;
        }

        @Override
        public boolean isCancelled() {
            long now = System.nanoTime();
            if (!over && now - measuredAt > 1_000_000_000L) {
                measuredAt = now;
                try {
                    over = size(dir) > limit;
                } catch (IOException e) {
                    return false; // measured again next time
                }
            }
            return over;
        }
    }

    /** One commit of a mirrored repository, read-only; close it when done. */
    public static final class Snapshot implements AutoCloseable {

        private final Repository repository;
        private final String branch;
        private final RevCommit commit;

        Snapshot(Repository repository, String branch, ObjectId commit) throws IOException {
            this.repository = repository;
            this.branch = branch;
            try (RevWalk walk = new RevWalk(repository)) {
                this.commit = walk.parseCommit(commit);
            }
        }

        public String commit() {
            return commit.name();
        }

        /** The branch this commit was the head of when fetched. */
        public String branch() {
            return branch;
        }

        /** The commit message's first line. */
        public String subject() {
            return commit.getShortMessage();
        }

        /** The tree of folder {@code path} ("" for the root), if the commit has such a folder. */
        public Optional<String> folder(String path) {
            if (path.isEmpty()) {
                return Optional.of(commit.getTree().name());
            }
            try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
                return walk != null && walk.getFileMode(0) == FileMode.TREE ? Optional.of(walk.getObjectId(0).name()) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The file at {@code path}, if the commit has a regular file there. */
        public Optional<byte[]> file(String path) {
            try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (walk == null || (walk.getFileMode(0) != FileMode.REGULAR_FILE && walk.getFileMode(0) != FileMode.EXECUTABLE_FILE)) {
                    return Optional.empty();
                }
                return Optional.of(repository.open(walk.getObjectId(0)).getBytes((int) MAX_FILE_BYTES));
            } catch (LargeObjectException e) {
                throw new GitException(path + " at commit " + commit() + " is over " + MAX_FILE_BYTES / (1024 * 1024) + " MB");
            } catch (IOException e) {
                throw new GitException("Cannot read " + path + " at commit " + commit() + ": " + e.getMessage());
            }
        }

        /** The names of the folders directly inside folder {@code path}. */
        public List<String> subfolders(String path) {
            List<String> names = new ArrayList<>();
            folder(path).ifPresent(tree -> walk(tree, false, (walk) -> {
                if (walk.getFileMode(0) == FileMode.TREE) {
                    names.add(walk.getNameString());
                }
            }));
            return names;
        }

        /** Every regular file under folder {@code path}, by its path inside that folder (symbolic links and submodules left out). */
        public Map<String, byte[]> files(String path) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            long[] total = {0};
            String tree = folder(path).orElseThrow(() -> new GitException("Folder " + path + " does not exist at commit " + commit()));
            walk(tree, true, (walk) -> {
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    byte[] bytes = repository.open(walk.getObjectId(0)).getBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_FOLDER_BYTES));
                    total[0] += bytes.length;
                    if (total[0] > MAX_FOLDER_BYTES) {
                        throw new GitException("Folder " + path + " holds more than " + MAX_FOLDER_BYTES / (1024 * 1024) + " MB");
                    }
                    files.put(walk.getPathString(), bytes);
                }
            });
            return files;
        }

        private interface Visitor {
            void visit(TreeWalk walk) throws IOException;
        }

        private void walk(String tree, boolean recursive, Visitor visitor) {
            try (TreeWalk walk = new TreeWalk(repository)) {
                walk.addTree(ObjectId.fromString(tree));
                walk.setRecursive(recursive);
                while (walk.next()) {
                    visitor.visit(walk);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            repository.close();
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, config.sync().gitTimeout().toSeconds());
    }

    /** The bytes under {@code dir}; files that vanish meanwhile (JGit's background gc and its lock files) are not counted. */
    private static long size(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                total[0] += attributes.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

}
