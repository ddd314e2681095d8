package dev.pave.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.identity.Caller;
import dev.pave.template.SampleTemplates;
import dev.pave.template.Template;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.testing.AwsCli;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.TestBundles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Template sync as a platform team runs it: bundles pushed with real git to a bare repository (reached over file://),
 * Pave following the branch, everything asked and checked through the real {@code aws proton} CLI.
 */
@QuarkusTest
class TemplateSyncCliTests {

    private static final String CLOUDFORMATION = """
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: "{{ environment.name }}-{{ environment.inputs.vpc_name }}"
            """;

    @TestHTTPResource("/")
    URI pave;

    @Inject
    SampleTemplates samples;

    AwsCli cli;
    String suffix;
    PushedRepository git;
    String repository;

    @BeforeEach
    void repository() throws Exception {
        cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        suffix = UUID.randomUUID().toString().substring(0, 6);
        git = PushedRepository.linked(cli, pave, "myorg/templates-" + suffix, "");
        repository = git.name;
    }

    @Test
    void pushesBecomeVersionsAndUnchangedOrBrokenFoldersChangeNothingElse() throws Exception {
        String template = "synced-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        String folder = "environment-templates/" + template;
        String first = git.commit("v1", PushedRepository.environmentBundle(folder + "/v1", CLOUDFORMATION));
        JsonNode config = cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main",
                "--subdirectory", "environment-templates").ok().json().get("templateSyncConfig");
        assertEquals("environment-templates", config.get("subdirectory").asText(), config.toString());

        assertEquals(List.of("1.0 DRAFT"), await(() -> versions(template), settled(1)));
        JsonNode status = syncStatus(template, "1");
        assertEquals("SUCCEEDED", status.at("/latestSync/status").asText(), status.toString());
        assertEquals(first, status.at("/latestSync/targetRevision/sha").asText());
        assertEquals(folder + "/v1", status.at("/latestSync/targetRevision/directory").asText());
        assertEquals(first, status.at("/desiredState/sha").asText());
        assertTrue(status.at("/latestSync/events").toString().contains("Registered " + template + " 1.0 as DRAFT"), status.toString());

        // a changed bundle is a new minor; a new v2 folder a new major
        git.commit("bigger queue", Map.of(folder + "/v1/infrastructure/cloudformation.yaml", CLOUDFORMATION + "      # v1.1\n"));
        assertEquals(List.of("1.0 DRAFT", "1.1 DRAFT"), await(() -> versions(template), settled(2)));
        git.commit("v2", PushedRepository.environmentBundle(folder + "/v2", CLOUDFORMATION));
        assertEquals(List.of("1.0 DRAFT", "1.1 DRAFT", "2.0 DRAFT"), await(() -> versions(template), settled(3)));

        // a commit that leaves both folders as they were makes nothing
        String unchanged = git.commit("docs only", Map.of("README.md", "# templates\n"));
        await(() -> syncStatus(template, "1").at("/desiredState/sha").asText(), unchanged::equals);
        assertEquals(3, versions(template).size());
        assertEquals("SUCCEEDED", repositoryStatus().at("/latestSync/status").asText());

        // a broken v1 fails only its version; v2's change in the same commit lands
        String broken = git.commit("break v1, change v2", Map.of(folder + "/v1/schema/schema.yaml", "schema: [unclosed\n",
                folder + "/v2/infrastructure/cloudformation.yaml", CLOUDFORMATION + "      # v2.1\n"));
        List<String> after = await(() -> versions(template), settled(5));
        assertEquals(List.of("1.0 DRAFT", "1.1 DRAFT", "1.2 REGISTRATION_FAILED", "2.0 DRAFT", "2.1 DRAFT"), after);
        JsonNode failed = syncStatus(template, "1");
        assertEquals("FAILED", failed.at("/latestSync/status").asText(), failed.toString());
        assertTrue(failed.at("/latestSync/events").toString().contains("at commit " + broken.substring(0, 7)), failed.toString());
        assertEquals("SUCCEEDED", failed.at("/latestSuccessfulSync/status").asText());
        assertEquals("SUCCEEDED", syncStatus(template, "2").at("/latestSync/status").asText());
        assertEquals("FAILED", repositoryStatus().at("/latestSync/status").asText());

        JsonNode definitions = cli.proton("list-repository-sync-definitions", "--repository-provider", "GITHUB", "--repository-name", repository,
                "--sync-type", "TEMPLATE_SYNC").ok().json().get("syncDefinitions");
        assertEquals(1, definitions.size(), definitions.toString());
        assertEquals(template, definitions.get(0).get("target").asText());
        assertEquals("environment-templates", definitions.get(0).get("directory").asText());

        // a deleted newest minor is made again by the next push, as in Proton
        cli.proton("delete-environment-template-version", "--template-name", template, "--major-version", "2", "--minor-version", "1").ok();
        git.commit("docs again", Map.of("README.md", "# templates, again\n"));
        assertEquals(List.of("1.0 DRAFT", "1.1 DRAFT", "1.2 REGISTRATION_FAILED", "2.0 DRAFT", "2.1 DRAFT"), await(() -> versions(template), settled(5)));

        // deleting the config stops syncing and keeps the versions
        cli.proton("delete-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT").ok();
        AwsCli.Result gone = cli.proton("get-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT");
        assertTrue(gone.stderr().contains("ResourceNotFoundException"), gone.stderr());
        assertEquals(5, versions(template).size());
    }

    @Test
    void aServiceVersionTakesItsCompatibleEnvironmentsFromTheRegistrationFile() throws Exception {
        samples.load(Caller.system()); // pave-sandbox-env
        String template = "synced-svc-" + suffix;
        cli.proton("create-service-template", "--name", template).ok();
        Map<String, String> files = new TreeMap<>();
        TestBundles.fromResources("samples/hello-service").files()
                .forEach((path, bytes) -> files.put("service-templates/" + template + "/v1/" + path, new String(bytes, StandardCharsets.UTF_8)));
        files.put("service-templates/" + template + "/v1/.template-registration.yaml",
                "compatible_environments:\n  - pave-sandbox-env:1\nsupported_component_sources:\n  - DIRECTLY_DEFINED\n");
        git.commit("hello service v1", files);
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "SERVICE",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main",
                "--subdirectory", "service-templates").ok();
        JsonNode version = await(() -> cli.proton("list-service-template-versions", "--template-name", template).ok().json()
                .path("templateVersions"), v -> v.size() == 1 && !v.get(0).path("status").asText().endsWith("IN_PROGRESS")).get(0);
        assertEquals("DRAFT", version.get("status").asText(), version.toString());
        JsonNode full = cli.proton("get-service-template-version", "--template-name", template, "--major-version", "1", "--minor-version", "0")
                .ok().json().get("serviceTemplateVersion");
        assertEquals("pave-sandbox-env", full.at("/compatibleEnvironmentTemplates/0/templateName").asText(), full.toString());
        assertEquals("DIRECTLY_DEFINED", full.at("/supportedComponentSources/0").asText(), full.toString());
        assertTrue(!full.toString().contains("template-registration"), "the registration file stays out of the bundle");
    }

    @Test
    void theTemplatesOwnFolderAsSubdirectoryWorksAsInSeedOne() throws Exception {
        String template = "ecs-shared-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        git.commit("v1", PushedRepository.environmentBundle("environment-templates/" + template + "/v1", CLOUDFORMATION));
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main",
                "--subdirectory", "environment-templates/" + template).ok();
        assertEquals(List.of("1.0 DRAFT"), await(() -> versions(template), settled(1)));
    }

    @Test
    void aRegistrationARestartCutOffIsFinishedNotRepeated() throws Exception {
        String template = "resumed-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        String folder = template + "/v1";
        git.commit("v1", PushedRepository.environmentBundle(folder, CLOUDFORMATION));
        String tree = git.tree(folder);
        interruptedRegistration(template, folder, tree);
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main").ok();
        assertEquals(List.of("1.0 DRAFT"), await(() -> versions(template), v -> v.contains("1.0 DRAFT")));
        assertTrue(syncStatus(template, "1").at("/latestSync/events/0/event").asText().startsWith("Resuming"));
    }

    @Test
    void aRegistrationARestartCutOffIsFailedWhenANewerCommitChangedItsFolder() throws Exception {
        String template = "superseded-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        String folder = template + "/v1";
        git.commit("v1", PushedRepository.environmentBundle(folder, CLOUDFORMATION));
        String interruptedTree = git.tree(folder);
        git.commit("v1 changed", Map.of(folder + "/infrastructure/cloudformation.yaml", CLOUDFORMATION + "      # changed\n"));
        interruptedRegistration(template, folder, interruptedTree);
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main").ok();
        assertEquals(List.of("1.0 REGISTRATION_FAILED", "1.1 DRAFT"), await(() -> versions(template), settled(2)));
        JsonNode failed = cli.proton("get-environment-template-version", "--template-name", template, "--major-version", "1",
                "--minor-version", "0").ok().json().get("environmentTemplateVersion");
        assertTrue(failed.get("statusMessage").asText().contains("interrupted by a restart"), failed.toString());
    }

    @Test
    void refusalsNameTheProblem() throws Exception {
        String template = "refused-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        AwsCli.Result unlinked = cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", "nobody/nothing-" + suffix, "--branch", "main");
        assertTrue(unlinked.stderr().contains("ValidationException") && unlinked.stderr().contains("not linked"), unlinked.stderr());
        AwsCli.Result escaping = cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main", "--subdirectory", "../outside");
        assertTrue(escaping.stderr().contains("ValidationException") && escaping.stderr().contains("subdirectory"), escaping.stderr());
        AwsCli.Result noTemplate = cli.proton("create-template-sync-config", "--template-name", "no-such-" + suffix, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main");
        assertTrue(noTemplate.stderr().contains("no-such-" + suffix), noTemplate.stderr());
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main").ok();
        AwsCli.Result twice = cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "main");
        assertTrue(twice.stderr().contains("ConflictException"), twice.stderr());
        // a branch that does not exist fails the repository's sync with that reason
        cli.proton("update-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", repository, "--branch", "no-such-branch").ok();
        JsonNode missing = await(() -> cli.proton("get-repository-sync-status", "--repository-provider", "GITHUB", "--repository-name", repository,
                "--branch", "no-such-branch", "--sync-type", "TEMPLATE_SYNC").ok().json(), s -> s.has("latestSync"));
        assertEquals("FAILED", missing.at("/latestSync/status").asText());
        assertTrue(missing.at("/latestSync/events").toString().contains("Branch no-such-branch does not exist"), missing.toString());
    }

    private List<String> versions(String template) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : cli.proton("list-environment-template-versions", "--template-name", template).ok().json().get("templateVersions")) {
            out.add(v.get("majorVersion").asText() + "." + v.get("minorVersion").asText() + " " + v.get("status").asText());
        }
        out.sort(null);
        return out;
    }

    private JsonNode syncStatus(String template, String major) {
        return cli.proton("get-template-sync-status", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--template-version", major).ok().json();
    }

    private JsonNode repositoryStatus() {
        return cli.proton("get-repository-sync-status", "--repository-provider", "GITHUB", "--repository-name", repository,
                "--branch", "main", "--sync-type", "TEMPLATE_SYNC").ok().json();
    }

    /** What a restart between reserving 1.0 of a synced folder and recording its bundle leaves behind. */
    private void interruptedRegistration(String template, String folder, String tree) {
        QuarkusTransaction.requiringNew().run(() -> {
            TemplateVersion v = new TemplateVersion();
            v.template = Template.find(TemplateType.ENVIRONMENT, template).orElseThrow();
            v.majorVersion = 1;
            v.minorVersion = 0;
            v.status = TemplateVersion.Status.REGISTRATION_IN_PROGRESS;
            v.source = "git:GITHUB/" + repository + "@interrupted:" + folder;
            v.sourceTree = tree;
            v.createdAt = v.lastModifiedAt = Instant.now();
            v.persist();
        });
    }

    /** That many versions, none still registering (a sync reserves a version before it reads the bundle). */
    private static Predicate<List<String>> settled(int count) {
        return v -> v.size() == count && v.stream().noneMatch(x -> x.endsWith("IN_PROGRESS"));
    }

    /** Sync rounds run every second in tests. */
    private static <T> T await(Supplier<T> ask, Predicate<T> done) throws InterruptedException {
        return PushedRepository.await(ask, done, 60);
    }
}
