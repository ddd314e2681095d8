package dev.pave.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pave.api.SignedHttpAccess;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.Tools;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A real Git repository a platform team pushes to: a bare origin reached over file://, a working copy committed to
 * with the git command, linked in Pave with create-repository and its access set through the signed REST door.
 */
public final class PushedRepository {

    public final String name;
    final Path origin;
    private final Path work;

    private PushedRepository(String name, Path origin, Path work) {
        this.name = name;
        this.origin = origin;
        this.work = work;
    }

    /** A new empty repository named {@code name}, linked in Pave with {@code access} (JSON members beside the URL). */
    public static PushedRepository linked(AwsCli cli, URI pave, String name, String access) throws Exception {
        Tools.require("git", "install git (apt-get install git)");
        Path origin = Files.createTempDirectory("sync-origin");
        git(origin, "init", "--bare", "--initial-branch=main");
        Path work = Files.createTempDirectory("sync-work");
        git(work, "init", "--initial-branch=main");
        git(work, "remote", "add", "origin", origin.toUri().toString());
        cli.proton("create-repository", "--provider", "GITHUB", "--name", name,
                "--connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc123").ok();
        SignedHttpAccess.Response set = SignedHttpAccess.put(pave, "/api/v1/repositories/GITHUB/" + name + "/access",
                "{\"url\": \"" + origin.toUri() + "\"" + (access.isEmpty() ? "" : ", " + access) + "}");
        assertEquals(204, set.status(), set.body());
        return new PushedRepository(name, origin, work);
    }

    /** A CloudFormation environment bundle (the shared test schema and manifest) in {@code folder}, by file path. */
    static Map<String, String> environmentBundle(String folder, String cloudformation) {
        return Map.of(folder + "/schema/schema.yaml", EnvironmentTemplates.SCHEMA,
                folder + "/infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
                folder + "/infrastructure/cloudformation.yaml", cloudformation);
    }

    /** Writes the files, commits them and pushes main; answers the commit. */
    public String commit(String message, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
            Path file = work.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        git(work, "add", "-A");
        git(work, "-c", "user.name=Platform Team", "-c", "user.email=platform@example.com", "commit", "-q", "-m", message);
        git(work, "push", "-q", "origin", "main");
        return head();
    }

    /** Merges a branch someone pushed (a review branch) into main and pushes main, as merging its pull request would. */
    void merge(String branch) throws Exception {
        git(work, "fetch", "-q", "origin", branch);
        git(work, "-c", "user.name=Reviewer", "-c", "user.email=reviewer@example.com", "merge", "-q", "--no-edit", "FETCH_HEAD");
        git(work, "push", "-q", "origin", "main");
    }

    /** A file as a branch of the origin holds it. */
    String show(String branch, String path) throws Exception {
        return git(origin, "show", branch + ":" + path);
    }

    String head() throws Exception {
        return git(work, "rev-parse", "HEAD").strip();
    }

    /** The Git tree of a folder at the last commit. */
    String tree(String folder) throws Exception {
        return git(work, "rev-parse", "HEAD:" + folder).strip();
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
        return out;
    }

    /** Asks until the answer passes, failing with the last answer after {@code seconds}. */
    public static <T> T await(Supplier<T> ask, Predicate<T> done, int seconds) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(seconds));
        T last = ask.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("still not there after " + seconds + " s: " + last);
            }
            Thread.sleep(100);
            last = ask.get();
        }
        return last;
    }
}
