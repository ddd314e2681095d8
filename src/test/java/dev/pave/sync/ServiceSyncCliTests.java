package dev.pave.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.pave.drift.DriftChecks;
import dev.pave.drift.DriftFinding;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.WebUser;
import dev.pave.web.resources.ResourcePaths;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service sync as a developer team runs it: a proton-ops file and spec files pushed with real git to a bare
 * repository (over file://), Pave creating and updating the instances they list, blockers opened by hand-made
 * changes, everything asked and checked through the real {@code aws proton} CLI.
 */
@QuarkusTest
class ServiceSyncCliTests {

    @TestHTTPResource("/")
    URL pave;

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @Inject
    DriftChecks driftChecks;

    ServiceTestFixtures f;
    AwsCli cli;
    String suffix;
    PushedRepository git;

    @BeforeEach
    void repository() throws Exception {
        f = new ServiceTestFixtures(pave, samples, templates);
        cli = f.cli;
        suffix = UUID.randomUUID().toString().substring(0, 6);
        git = PushedRepository.linked(cli, URI.create(pave.toString()), "myorg/services-" + suffix, "");
    }

    @Test
    void theOpsAndSpecFilesCreateAndUpdateInstancesAndAHandMadeChangeBlocksOnlyItsInstance() throws Exception {
        String service = "synced-" + suffix;
        String env = "sync-env-" + suffix;
        activeService(service, "sync-hello-" + suffix, env);

        String first = git.commit("sync two instances", Map.of(
                "proton-ops.yaml", opsFile(service, "alpha", "beta"),
                service + "/spec.yaml", spec(env, "hello", "hola")));
        JsonNode config = cli.proton("create-service-sync-config", "--service-name", service, "--repository-provider", "GITHUB",
                "--repository-name", git.name, "--branch", "main", "--file-path", "./proton-ops.yaml").ok().json().get("serviceSyncConfig");
        assertEquals("proton-ops.yaml", config.get("filePath").asText(), config.toString());

        // both listed instances are created from the spec; the unlisted dev is left alone
        JsonNode alpha = awaitSynced(service, "alpha", first);
        assertEquals(first, alpha.at("/desiredState/sha").asText(), alpha.toString());
        assertEquals(service + "/spec.yaml", alpha.at("/latestSync/targetRevision/directory").asText());
        assertTrue(alpha.at("/latestSync/events").toString().contains("Deployment "), alpha.toString());
        awaitSynced(service, "beta", first);
        assertTrue(instanceSpec(service, "alpha").contains("hello") && instanceSpec(service, "beta").contains("hola"));
        assertEquals(List.of("alpha", "beta", "dev"), instanceNames(service));

        // a change to alpha's entry updates alpha only
        String betaDeployment = f.instance(service, "beta").path("lastSucceededDeploymentId").asText();
        String second = git.commit("alpha says more", Map.of(service + "/spec.yaml", spec(env, "hello again", "hola")));
        awaitSynced(service, "alpha", second);
        assertTrue(instanceSpec(service, "alpha").contains("hello again"));
        assertEquals(betaDeployment, f.instance(service, "beta").path("lastSucceededDeploymentId").asText(), "beta was not redeployed");
        assertEquals(first, status(service, "beta").at("/latestSync/targetRevision/sha").asText(), "nothing new for beta to sync");

        // a hand-made update of alpha blocks alpha; dev is not synced, so changing it blocks nothing
        cli.proton("update-service-instance", "--service-name", service, "--name", "alpha", "--deployment-type", "CURRENT_VERSION",
                "--spec", "proton: ServiceInstanceSpec\nenvironment: " + env + "\nspec:\n  greeting: by hand\n").ok();
        JsonNode blockers = blockers(service, "alpha");
        assertEquals(1, blockers.size(), blockers.toString());
        JsonNode blocker = blockers.get(0);
        assertEquals("ACTIVE", blocker.get("status").asText());
        assertEquals("AUTOMATED", blocker.get("type").asText());
        assertTrue(blocker.get("createdReason").asText().contains("UpdateServiceInstance"), blocker.toString());
        assertTrue(blocker.get("contexts").toString().contains("\"serviceInstanceName\"") && blocker.get("contexts").toString().contains("alpha"));
        cli.proton("update-service-instance", "--service-name", service, "--name", "dev", "--deployment-type", "CURRENT_VERSION").ok();
        assertEquals(0, blockers(service, "dev").size());
        assertEquals(0, blockers(service, null).size(), "the service itself is not blocked");
        ServiceTestFixtures.awaitJson(() -> f.instance(service, "alpha"), i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText())
                && instanceSpecOf(i).contains("by hand"), "the hand-made update finished");

        // the next push syncs beta and skips alpha, saying why
        String third = git.commit("both change", Map.of(service + "/spec.yaml", spec(env, "from git", "hola again")));
        awaitSynced(service, "beta", third);
        assertTrue(instanceSpec(service, "beta").contains("hola again"));
        JsonNode skipped = PushedRepository.await(() -> status(service, "alpha"), s -> third.equals(s.at("/latestSync/targetRevision/sha").asText()), 30);
        assertEquals("FAILED", skipped.at("/latestSync/status").asText(), skipped.toString());
        assertTrue(skipped.at("/latestSync/events").toString().contains(blocker.get("id").asText()), skipped.toString());
        assertTrue(instanceSpec(service, "alpha").contains("by hand"), "alpha keeps the hand-made change");
        // Git asks alpha for another spec than it runs: a drift check reports spec drift, naming the blocker
        String alphaArn = "arn:aws:proton:us-east-1:123456789012:service/" + service + "/service-instance/alpha";
        DriftChecks.Panel drift = driftChecks.check(dev.pave.identity.Caller.system(), alphaArn);
        DriftFinding spec = drift.open().stream().filter(x -> x.kind == DriftFinding.Kind.SPEC).findFirst()
                .orElseThrow(() -> new AssertionError("spec drift: " + drift));
        assertTrue(spec.summary.contains("service sync is blocked") && spec.evidence.contains(blocker.get("id").asText()), spec.evidence);

        // resolving the blocker (with a reason) lets the held-back entry through
        JsonNode resolved = cli.proton("update-service-sync-blocker", "--id", blocker.get("id").asText(), "--resolved-reason",
                "the hand-made greeting is dropped; Git wins").ok().json();
        assertEquals("RESOLVED", resolved.at("/serviceSyncBlocker/status").asText(), resolved.toString());
        assertEquals("alpha", resolved.get("serviceInstanceName").asText());
        AwsCli.Result again = cli.proton("update-service-sync-blocker", "--id", blocker.get("id").asText(), "--resolved-reason", "twice");
        assertTrue(again.stderr().contains("ConflictException"), again.stderr());
        awaitSynced(service, "alpha", third);
        assertTrue(instanceSpec(service, "alpha").contains("from git"));

        // the spec's pipeline section updates the pipeline
        git.commit("the pipeline builds develop", Map.of(service + "/spec.yaml", spec(env, "from git", "hola again")
                + "pipeline:\n  branch: develop\n"));
        ServiceTestFixtures.awaitJson(() -> f.service(service).path("pipeline"),
                p -> p.path("spec").asText().contains("develop") && "SUCCEEDED".equals(p.path("deploymentStatus").asText()), "pipeline synced");

        JsonNode definitions = cli.proton("list-repository-sync-definitions", "--repository-provider", "GITHUB", "--repository-name", git.name,
                "--sync-type", "SERVICE_SYNC").ok().json().get("syncDefinitions");
        assertEquals(service, definitions.get(0).get("target").asText(), definitions.toString());
        assertEquals("proton-ops.yaml", definitions.get(0).get("directory").asText());
        assertEquals("SUCCEEDED", cli.proton("get-repository-sync-status", "--repository-provider", "GITHUB", "--repository-name", git.name,
                "--branch", "main", "--sync-type", "SERVICE_SYNC").ok().json().at("/latestSync/status").asText());

        // removing an instance by hand (Proton's API removes instances by editing the service's spec) blocks the whole service
        cli.proton("update-service", "--name", service, "--spec", "proton: ServiceSpec\npipeline:\n  branch: main\ninstances:\n"
                + "  - name: dev\n    environment: " + env + "\n  - name: alpha\n    environment: " + env + "\n").ok();
        JsonNode serviceBlockers = blockers(service, null);
        assertEquals(1, serviceBlockers.size(), serviceBlockers.toString());
        assertTrue(serviceBlockers.get(0).get("createdReason").asText().contains("beta"), serviceBlockers.toString());

        // deleting the config leaves the instances
        cli.proton("delete-service-sync-config", "--service-name", service).ok();
        assertTrue(cli.proton("get-service-sync-config", "--service-name", service).stderr().contains("ResourceNotFoundException"));
        assertTrue(instanceNames(service).contains("alpha"));
    }

    @Test
    void aHandMadeSpecAdoptedIntoGitResolvesItsBlockerOnceMergedWithoutARedeployment() throws Exception {
        String service = "adopt-" + suffix;
        String env = "adopt-env-" + suffix;
        activeService(service, "adopt-hello-" + suffix, env);
        String first = git.commit("sync alpha and beta", Map.of("proton-ops.yaml", opsFile(service, "alpha", "beta"),
                service + "/spec.yaml", "# the team's instances\n" + spec(env, "hello", "hola")));
        cli.proton("create-service-sync-config", "--service-name", service, "--repository-provider", "GITHUB",
                "--repository-name", git.name, "--branch", "main", "--file-path", "proton-ops.yaml").ok();
        awaitSynced(service, "alpha", first);
        awaitSynced(service, "beta", first);

        // alpha is changed by hand, and Git's next commit for it is held back: spec drift
        cli.proton("update-service-instance", "--service-name", service, "--name", "alpha", "--deployment-type", "CURRENT_VERSION",
                "--spec", "proton: ServiceInstanceSpec\nenvironment: " + env + "\nspec:\n  greeting: by hand\n").ok();
        JsonNode byHand = ServiceTestFixtures.awaitJson(() -> f.instance(service, "alpha"), i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText())
                && instanceSpecOf(i).contains("by hand"), "the hand-made update finished");
        String blocker = blockers(service, "alpha").get(0).get("id").asText();
        String held = git.commit("alpha from git", Map.of(service + "/spec.yaml", spec(env, "from git", "hola")));
        awaitSynced(service, "alpha", held);
        String alphaArn = "arn:aws:proton:us-east-1:123456789012:service/" + service + "/service-instance/alpha";
        DriftChecks.Panel drift = driftChecks.check(dev.pave.identity.Caller.system(), alphaArn);
        assertTrue(drift.adoptable(), drift.toString());
        WebUser admin = WebUser.admin();
        assertTrue(admin.request().get(ResourcePaths.instance(service, "alpha")).asString().contains("Adopt into Git"), "the panel offers it");

        // Adopt into Git: a review branch whose spec file asks for what alpha runs, beta's entry untouched
        String page = admin.form().formParam("arn", alphaArn).post("/drift/adopt").then().statusCode(200).extract().asString();
        Matcher pushed = Pattern.compile("branch <code>(pave/adopt/[^<]+)</code>").matcher(page);
        assertTrue(pushed.find(), page);
        String adopted = git.show(pushed.group(1), service + "/spec.yaml");
        assertTrue(adopted.contains("greeting: \"by hand\"") || adopted.contains("greeting: by hand"), adopted);
        assertTrue(adopted.contains("hola") && !adopted.contains("from git"), adopted);
        assertTrue(git.show("main", service + "/spec.yaml").contains("from git"));
        assertEquals(1, blockers(service, "alpha").size(), "nothing is resolved before the merge");

        // merged: Git asks for what runs, so the sync resolves the blocker itself and deploys nothing
        git.merge(pushed.group(1));
        String merged = git.head();
        JsonNode synced = awaitSynced(service, "alpha", merged);
        assertEquals("SUCCEEDED", synced.at("/latestSync/status").asText(), synced.toString());
        assertEquals(0, blockers(service, "alpha").size(), "the blocker was resolved by the sync");
        JsonNode resolved = cli.proton("get-service-sync-blocker-summary", "--service-name", service, "--service-instance-name", "alpha").ok().json()
                .at("/serviceSyncBlockerSummary/latestBlockers/0");
        assertEquals(blocker, resolved.get("id").asText());
        assertTrue(resolved.get("resolvedReason").asText().contains("Git now asks for the spec alpha runs"), resolved.toString());
        assertEquals(byHand.path("lastSucceededDeploymentId").asText(), f.instance(service, "alpha").path("lastSucceededDeploymentId").asText(),
                "alpha was not redeployed");
        assertTrue(driftChecks.check(dev.pave.identity.Caller.system(), alphaArn).open().stream().noneMatch(x -> x.kind == DriftFinding.Kind.SPEC));

        // an instance with nothing held back has nothing to adopt
        String betaArn = "arn:aws:proton:us-east-1:123456789012:service/" + service + "/service-instance/beta";
        admin.form().formParam("arn", betaArn).post("/drift/adopt").then().statusCode(409);
    }

    @Test
    void brokenFilesFailTheirInstanceWithTheFileAndTheCause() throws Exception {
        String service = "broken-" + suffix;
        String env = "broken-env-" + suffix;
        activeService(service, "broken-hello-" + suffix, env);
        for (String[] bad : new String[][] {{"main branch", "proton-ops.yaml"}, {"-x", "proton-ops.yaml"}, {"main", "../proton-ops.yaml"}}) {
            AwsCli.Result refused = cli.proton("create-service-sync-config", "--service-name", service, "--repository-provider", "GITHUB",
                    "--repository-name", git.name, "--branch=" + bad[0], "--file-path=" + bad[1]);
            assertTrue(refused.stderr().contains("ValidationException"), String.join(" ", bad) + ": " + refused.stderr());
        }
        cli.proton("create-service-sync-config", "--service-name", service, "--repository-provider", "GITHUB",
                "--repository-name", git.name, "--branch", "main", "--file-path", "ops/proton-ops.yaml").ok();

        // a missing proton-ops file fails the repository's sync, naming the file
        String empty = git.commit("nothing yet", Map.of("README.md", "# services\n"));
        JsonNode repository = PushedRepository.await(this::repositoryStatus, r -> r.at("/latestSync/events").toString().contains(empty.substring(0, 7))
                && "FAILED".equals(r.at("/latestSync/status").asText()), 30);
        assertTrue(repository.at("/latestSync/events").toString().contains("ops/proton-ops.yaml does not exist"), repository.toString());

        // broken YAML names the file and the line; an unknown environment and a refused input name themselves
        String broken = git.commit("three instances", Map.of(
                "ops/proton-ops.yaml", opsFile(service, "alpha", "beta").replace("./" + service + "/spec.yaml", service + "/spec.yaml")
                        + "      gamma:\n        branch: main\n        spec: " + service + "/gamma.yaml\n",
                service + "/spec.yaml", "proton: ServiceSpec\ninstances:\n  - name: alpha\n    environment: nowhere-" + suffix
                        + "\n  - name: beta\n    environment: " + env + "\n    spec:\n      replicas: 99\n",
                service + "/gamma.yaml", "proton: ServiceSpec\ninstances:\n  - name: gamma\n    spec: [unclosed\n"));
        JsonNode alpha = awaitFailed(service, "alpha", broken);
        assertTrue(alpha.at("/latestSync/events").toString().contains(service + "/spec.yaml") && alpha.at("/latestSync/events").toString()
                .contains("nowhere-" + suffix), alpha.toString());
        JsonNode beta = awaitFailed(service, "beta", broken);
        assertTrue(beta.at("/latestSync/events").toString().contains("replicas"), beta.toString());
        JsonNode gamma = awaitFailed(service, "gamma", broken);
        assertTrue(gamma.at("/latestSync/events").toString().contains(service + "/gamma.yaml") && gamma.at("/latestSync/events").toString()
                .contains("at line "), gamma.toString());
        assertEquals(List.of("dev"), instanceNames(service), "nothing was created");

        // a spec branch that does not exist fails the instance that follows it
        String noBranch = git.commit("gamma on a branch that is not there", Map.of("ops/proton-ops.yaml", opsFile(service, "gamma")
                .replace("branch: main", "branch: release")));
        JsonNode missing = awaitFailed(service, "gamma", noBranch);
        assertTrue(missing.at("/latestSync/events").toString().contains("Branch release does not exist"), missing.toString());
        assertEquals("FAILED", repositoryStatus().at("/latestSync/status").asText());

        // a broken proton-ops file fails the service's sync, naming its line; the instances it listed stay listed
        String brokenOps = git.commit("break the ops file", Map.of("ops/proton-ops.yaml", "sync:\n  services: [unclosed\n"));
        JsonNode repository2 = PushedRepository.await(this::repositoryStatus, r -> r.at("/latestSync/events").toString()
                .contains(brokenOps.substring(0, 7) + ")"), 30);
        assertTrue(repository2.at("/latestSync/events").toString().contains("ops/proton-ops.yaml") && repository2.at("/latestSync/events")
                .toString().contains("line"), repository2.toString());
        assertEquals("gamma", status(service, "gamma").at("/latestSync/target").asText(), "gamma's status is still there");

        // a repository name with .. would point its clone URL at another repository
        AwsCli.Result dots = cli.proton("create-repository", "--provider", "GITHUB", "--name", "acme/../../evil/repo",
                "--connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc");
        assertTrue(dots.stderr().contains("ValidationException"), dots.stderr());
    }

    /** A service of a fresh hello template with its instance dev in a fresh environment, deployed. */
    private void activeService(String service, String template, String env) throws Exception {
        f.helloTemplate(template, Map.of(), null);
        f.sandbox(env);
        f.createService(service, template, env).ok();
        f.awaitService(service, "ACTIVE");
    }

    private static String opsFile(String service, String... instances) {
        StringBuilder ops = new StringBuilder("sync:\n  services:\n    " + service + ":\n");
        for (String i : instances) {
            ops.append("      ").append(i).append(":\n        branch: main\n        spec: ./").append(service).append("/spec.yaml\n");
        }
        return ops.toString();
    }

    private static String spec(String env, String alpha, String beta) {
        return "proton: ServiceSpec\ninstances:\n  - name: alpha\n    environment: " + env + "\n    spec:\n      greeting: " + alpha
                + "\n  - name: beta\n    environment: " + env + "\n    spec:\n      greeting: " + beta + "\n";
    }

    private JsonNode status(String service, String instance) {
        return cli.proton("get-service-instance-sync-status", "--service-name", service, "--service-instance-name", instance).ok().json();
    }

    /** The instance's sync status once its sync of {@code commit} has succeeded (its deployment finished). */
    private JsonNode awaitSynced(String service, String instance, String commit) throws InterruptedException {
        return PushedRepository.await(() -> status(service, instance), s -> commit.equals(s.at("/latestSuccessfulSync/targetRevision/sha").asText())
                || "FAILED".equals(s.at("/latestSync/status").asText()) && commit.equals(s.at("/latestSync/targetRevision/sha").asText()), 60);
    }

    private JsonNode awaitFailed(String service, String instance, String commit) throws InterruptedException {
        JsonNode s = PushedRepository.await(() -> {
            AwsCli.Result r = cli.proton("get-service-instance-sync-status", "--service-name", service, "--service-instance-name", instance);
            return r.exitCode() == 0 ? r.json() : NullNode.getInstance();
        }, j -> commit.equals(j.at("/latestSync/targetRevision/sha").asText()), 30);
        assertEquals("FAILED", s.at("/latestSync/status").asText(), s.toString());
        return s;
    }

    private JsonNode repositoryStatus() {
        return cli.proton("get-repository-sync-status", "--repository-provider", "GITHUB", "--repository-name", git.name, "--branch", "main",
                "--sync-type", "SERVICE_SYNC").ok().json();
    }

    private JsonNode blockers(String service, String instance) {
        List<String> args = new ArrayList<>(List.of("get-service-sync-blocker-summary", "--service-name", service));
        if (instance != null) {
            args.addAll(List.of("--service-instance-name", instance));
        }
        JsonNode all = cli.proton(args.toArray(String[]::new)).ok().json().at("/serviceSyncBlockerSummary/latestBlockers");
        List<JsonNode> active = new ArrayList<>();
        all.forEach(b -> {
            if ("ACTIVE".equals(b.get("status").asText())) {
                active.add(b);
            }
        });
        return JsonNodeFactory.instance.arrayNode().addAll(active);
    }

    private String instanceSpec(String service, String instance) {
        return instanceSpecOf(f.instance(service, instance));
    }

    private static String instanceSpecOf(JsonNode instance) {
        return instance.path("spec").asText();
    }

    private List<String> instanceNames(String service) {
        List<String> names = new ArrayList<>();
        cli.proton("list-service-instances", "--service-name", service).ok().json().path("serviceInstances").forEach(i -> names.add(i.get("name").asText()));
        return names.stream().sorted().toList();
    }
}
