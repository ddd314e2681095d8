package dev.pave.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.api.SignedHttpAccess;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.FreePort;
import dev.pave.testing.PackagedPave;
import dev.pave.testing.PaveTestResource;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pave killed with SIGKILL while a template sync registers the versions of one push (a hundred {@code v<N>} folders),
 * then started again on the same home: the next round finishes the sync, and every major ends up with exactly one
 * version, none lost, none registered twice, none left half-registered.
 */
class SyncRecoveryIT {

    private static final int MAJORS = 100;
    private static final String TEMPLATE = "crash-synced-env";

    private final Path home = PackagedPave.temp("pave-sync-crash-home");
    private final Path scratch = PackagedPave.temp("pave-sync-crash-scratch");
    private final int port = FreePort.pick();
    private PackagedPave pave;

    @AfterEach
    void stop() {
        if (pave != null) {
            pave.stop(Duration.ofSeconds(30));
        }
    }

    @Test
    void aSyncCutOffByKillMinus9EndsWithEachVersionRegisteredOnce() throws Exception {
        Tools.require("git", "install git (apt-get install git)");
        Path origin = scratch.resolve("templates.git");
        Path work = scratch.resolve("work");
        git(scratch, "init", "-q", "--bare", "--initial-branch=main", origin.toString());
        git(scratch, "init", "-q", "--initial-branch=main", work.toString());
        for (int major = 1; major <= MAJORS; major++) {
            Path folder = work.resolve(TEMPLATE + "/v" + major);
            write(folder.resolve("schema/schema.yaml"), EnvironmentTemplates.SCHEMA);
            write(folder.resolve("infrastructure/manifest.yaml"), EnvironmentTemplates.CLOUDFORMATION_MANIFEST);
            write(folder.resolve("infrastructure/cloudformation.yaml"), "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n# v" + major + "\n");
        }
        git(work, "add", "-A");
        git(work, "-c", "user.name=Platform", "-c", "user.email=platform@example.com", "commit", "-q", "-m", MAJORS + " majors at once");
        git(work, "push", "-q", origin.toUri().toString(), "HEAD:main");

        pave = start();
        AwsCli cli = new AwsCli(pave.url(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        cli.proton("create-repository", "--provider", "GITHUB", "--name", "myorg/crash-templates",
                "--connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/crash").ok();
        SignedHttpAccess.Response access = SignedHttpAccess.put(URI.create(pave.url()), "/api/v1/repositories/GITHUB/myorg/crash-templates/access",
                "{\"url\": \"" + origin.toUri() + "\"}");
        assertEquals(204, access.status(), access.body());
        cli.proton("create-environment-template", "--name", TEMPLATE).ok();
        cli.proton("create-template-sync-config", "--template-name", TEMPLATE, "--template-type", "ENVIRONMENT", "--repository-provider",
                "GITHUB", "--repository-name", "myorg/crash-templates", "--branch", "main").ok();

        List<String> atKill = await(cli, versions -> versions.size() >= 3, "the sync to be under way");
        pave.kill();                                               // mid-sync: some majors registered, the rest not yet
        assertTrue(atKill.size() < MAJORS, "the kill came while the sync was under way: " + atKill.size() + " of " + MAJORS);

        pave = start();
        List<String> versions = await(cli, v -> v.size() >= MAJORS && v.stream().noneMatch(s -> s.endsWith("IN_PROGRESS")), "the sync to finish");
        List<String> expected = new ArrayList<>();
        for (int major = 1; major <= MAJORS; major++) {
            expected.add(major + ".0 DRAFT");
        }
        assertEquals(expected, versions, "each major once, registered; log: " + pave.log());
        PackagedPave.sleep(3000); // a few more poll rounds change nothing
        assertEquals(expected, versions(cli));
    }

    private PackagedPave start() {
        return PackagedPave.start(port, scratch.resolve("pave.log"), Map.of(
                "PAVE_HOME", home.toString(),
                "PAVE_ADMIN_ACCESS_KEY_ID", PaveTestResource.ADMIN_KEY_ID,
                "PAVE_ADMIN_SECRET_ACCESS_KEY", PaveTestResource.ADMIN_SECRET,
                "PAVE_SAMPLES_LOAD", "false",
                "PAVE_SYNC_POLL", "1s"));
    }

    /** The template's versions as "major.minor STATUS", in version order. */
    private static List<String> versions(AwsCli cli) {
        Map<Integer, String> byMajor = new TreeMap<>();
        List<String> all = new ArrayList<>();
        JsonNode list = cli.proton("list-environment-template-versions", "--template-name", TEMPLATE).ok().json().get("templateVersions");
        list.forEach(v -> all.add(v.get("majorVersion").asText() + "." + v.get("minorVersion").asText() + " " + v.get("status").asText()));
        all.forEach(v -> byMajor.merge(Integer.parseInt(v.substring(0, v.indexOf('.'))), v, (a, b) -> a + "|" + b));
        List<String> ordered = new ArrayList<>();
        byMajor.values().forEach(v -> ordered.addAll(List.of(v.split("\\|"))));
        return ordered;
    }

    private List<String> await(AwsCli cli, Predicate<List<String>> done, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        List<String> last = versions(cli);
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; versions " + last + "; log: " + pave.log());
            }
            PackagedPave.sleep(50);
            last = versions(cli);
        }
        return last;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
    }
}
