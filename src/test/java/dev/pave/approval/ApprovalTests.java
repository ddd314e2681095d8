package dev.pave.approval;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.team.TeamService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.TeamMembers;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Approvals with real users in real teams: a developer of appr-pay asks, through the aws CLI, for MAJOR_VERSION updates of
 * environments whose upgrades need approval; approvers decide through the REST API and the portal's forms; the real
 * command runner deploys what was approved.
 */
@QuarkusTest
class ApprovalTests {

    static final String PASSWORD = "Approval-Pass-123";
    static final String ROLE = "arn:aws:iam::123456789012:role/pave-codebuild";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL pave;

    @Inject
    IdentityService identity;

    @Inject
    TeamService teams;

    @Inject
    PortalFixtures fixtures;

    static boolean ready;
    static AwsCli dev;
    static AwsCli other;
    EnvironmentTemplates templates;

    @BeforeEach
    void setUp() {
        templates = new EnvironmentTemplates(pave);
        if (!ready) {
            teams.create(Caller.system(), "appr-pay", null);
            teams.create(Caller.system(), "appr-ops", null);
            // the requester is an approver too: approving their own change is still refused
            dev = TeamMembers.member(pave, identity, teams, "appr-dev", PASSWORD, "appr-pay", Set.of(Role.DEVELOPER, Role.APPROVER));
            TeamMembers.member(pave, identity, teams, "appr-boss", PASSWORD, "appr-pay", Set.of(Role.APPROVER));
            other = TeamMembers.member(pave, identity, teams, "appr-other", PASSWORD, "appr-ops", Set.of(Role.APPROVER));
            templates.codebuild("appr-env", "1.0", "2.0");
            templates.codebuild("appr-camp-env", "1.0", "2.0");
            ready = true;
        }
    }

    @Test
    void aMajorUpdateWaitsForAnApproverOfTheTeamAndDeploysOnceApproved() {
        create(dev, "appr-prod", "appr-env");
        WebUser requester = WebUser.login("appr-dev", PASSWORD);
        requester.form().formParam("required", "true").post("/environments/appr-prod/approval").then().statusCode(303);
        String before = environment("appr-prod").path("lastAttemptedDeploymentId").asText();

        JsonNode answered = dev.proton("update-environment", "--name", "appr-prod", "--deployment-type", "MAJOR_VERSION",
                "--template-major-version", "2").ok().json().path("environment");
        assertEquals("SUCCEEDED", answered.path("deploymentStatus").asText(), "the deployment was not started");
        String message = answered.path("deploymentStatusMessage").asText();
        assertTrue(message.startsWith("Waiting for approval by an approver of team appr-pay (environment appr-prod's upgrades need approval); approval "),
                message);
        String id = message.substring(message.lastIndexOf(' ') + 1);
        assertEquals(before, environment("appr-prod").path("lastAttemptedDeploymentId").asText());
        assertEquals("1", environment("appr-prod").path("templateMajorVersion").asText());

        AwsCli.Result again = dev.proton("update-environment", "--name", "appr-prod", "--deployment-type", "MAJOR_VERSION", "--template-major-version", "2");
        assertTrue(again.stderr().contains("ConflictException") && again.stderr().contains("already waits for approval"), again.stderr());
        AwsCli.Result delete = templates.cli().proton("delete-environment-template-version", "--template-name", "appr-env", "--major-version", "2",
                "--minor-version", "0");
        assertTrue(delete.stderr().contains("approval " + id + " of environment appr-prod is waiting to move to it"), delete.stderr());

        WebUser boss = WebUser.login("appr-boss", PASSWORD);
        boss.request().get("/inbox").then().statusCode(200).body(containsString("appr-dev asks to move environment appr-prod to appr-env 2.0"));
        boss.request().get("/approvals/" + id).then().statusCode(200)
                .body(containsString("Approve environment appr-prod?"), containsString("an approver of team appr-pay"), containsString(">Approve</button>"));

        // the requester, though an approver, and an approver of another team are refused
        api(requester).body("{}").post("/api/v1/approvals/" + id + "/approve").then().statusCode(403)
                .body(containsString("You asked for this change; another approver must decide it"));
        requester.request().get("/approvals/" + id).then().statusCode(200).body(containsString("You asked for this change"),
                not(containsString(">Approve</button>")));
        api(WebUser.login("appr-other", PASSWORD)).body("{}").post("/api/v1/approvals/" + id + "/approve").then().statusCode(403)
                .body(containsString("Only an approver of team appr-pay may decide it"));

        JsonNode approved = json(api(boss).body("{\"comment\": \"ship it\"}").post("/api/v1/approvals/" + id + "/approve").then().statusCode(200)
                .extract().asString());
        assertEquals("APPROVED", approved.path("status").asText());
        assertEquals("appr-boss", approved.path("decidedBy").asText());
        JsonNode deployed = await(() -> environment("appr-prod"), e -> !e.path("lastAttemptedDeploymentId").asText().equals(before)
                && e.path("deploymentStatus").asText().equals("SUCCEEDED"));
        assertEquals("2", deployed.path("templateMajorVersion").asText());
        api(boss).body("{}").post("/api/v1/approvals/" + id + "/reject").then().statusCode(409).body(containsString("already decided"));
    }

    @Test
    void aRejectedUpdateIsNeverDeployedAndSaysWhoRejectedIt() {
        create(dev, "appr-stage", "appr-env");
        WebUser.login("appr-dev", PASSWORD).form().formParam("required", "true").post("/environments/appr-stage/approval").then().statusCode(303);
        String message = dev.proton("update-environment", "--name", "appr-stage", "--deployment-type", "MAJOR_VERSION", "--template-major-version", "2")
                .ok().json().path("environment").path("deploymentStatusMessage").asText();
        String id = message.substring(message.lastIndexOf(' ') + 1);

        WebUser boss = WebUser.login("appr-boss", PASSWORD);
        boss.form().formParam("comment", "not before the freeze ends").post("/approvals/" + id + "/reject").then().statusCode(303);
        JsonNode e = environment("appr-stage");
        assertEquals("The update to appr-env 2.0 was rejected by appr-boss: not before the freeze ends", e.path("deploymentStatusMessage").asText());
        assertEquals("1", e.path("templateMajorVersion").asText());
        boss.request().get("/approvals").then().statusCode(200).body(containsString("rejected</span> by appr-boss"));
        // a minor update is no upgrade across majors: it needs no approval
        dev.proton("update-environment", "--name", "appr-stage", "--deployment-type", "CURRENT_VERSION").ok();
        assertNotEquals(message, environment("appr-stage").path("deploymentStatusMessage").asText(""));
    }

    @Test
    void aCampaignTouchingAnEnvironmentThatAsksWaitsForItsTeam() throws InterruptedException {
        create(dev, "appr-c1", "appr-camp-env");
        WebUser.login("appr-dev", PASSWORD).form().formParam("required", "true").post("/environments/appr-c1/approval").then().statusCode(303);
        WebUser admin = WebUser.admin();
        JsonNode created = json(api(admin).body("{\"templateType\": \"ENVIRONMENT\", \"templateName\": \"appr-camp-env\"}")
                .post("/api/v1/campaigns").then().statusCode(201).extract().asString());
        String campaign = created.path("id").asText();
        assertEquals("WAITING_APPROVAL", created.path("status").asText());
        Thread.sleep(2000);
        assertEquals("PENDING", json(admin.request().get("/api/v1/campaigns/" + campaign).then().extract().asString())
                .path("waves").get(0).path("resources").get(0).path("status").asText(), "nothing starts before the approval");
        // changed by hand after the plan: the campaign takes it as it is when its turn comes
        dev.proton("update-environment", "--name", "appr-c1", "--deployment-type", "CURRENT_VERSION", "--spec",
                "proton: EnvironmentSpec\nspec:\n  vpc_name: changed\n").ok();
        dev.proton("wait", "environment-deployed", "--name", "appr-c1").ok();

        JsonNode pending = json(admin.request().get("/api/v1/approvals?status=PENDING").then().statusCode(200).extract().asString());
        String id = null;
        for (JsonNode a : pending.path("approvals")) {
            if (campaign.equals(a.path("campaignId").asText())) {
                id = a.path("id").asText();
                assertEquals("appr-pay", a.path("team").asText());
                assertEquals("environment appr-c1's upgrades need approval", a.path("reason").asText());
            }
        }
        // the admin who started the campaign may not approve it
        api(admin).body("{}").post("/api/v1/approvals/" + id + "/approve").then().statusCode(403)
                .body(containsString("You asked for this change; another approver must decide it"));
        fixtures.load();
        api(WebUser.developer()).body("{}").post("/api/v1/approvals/" + id + "/approve").then().statusCode(403)
                .body(containsString("needs the approver role"));
        api(WebUser.login("appr-boss", PASSWORD)).body("{}").post("/api/v1/approvals/" + id + "/approve").then().statusCode(200);
        String approvalId = id;
        JsonNode done = await(() -> json(admin.request().get("/api/v1/campaigns/" + campaign).then().extract().asString()),
                c -> c.path("status").asText().equals("SUCCEEDED"));
        assertEquals("Every wave passed", done.path("statusMessage").asText(), approvalId);
        JsonNode item = done.path("waves").get(0).path("resources").get(0);
        assertEquals("SUCCEEDED", item.path("status").asText(), item.toString());
        assertTrue(item.path("message").asText().startsWith("Changed since the plan"), item.toString());
        // the approved campaign's MAJOR_VERSION deployment is not held a second time by the environment's own rule
        JsonNode e = environment("appr-c1");
        assertEquals("2", e.path("templateMajorVersion").asText(), e.toString());
        assertTrue(e.path("spec").asText().contains("vpc_name: changed"), e.toString());
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static void create(AwsCli cli, String name, String template) {
        cli.proton("create-environment", "--name", name, "--template-name", template, "--template-major-version", "1", "--template-minor-version", "0",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: main\n", "--codebuild-role-arn", ROLE).ok();
        cli.proton("wait", "environment-deployed", "--name", name).ok();
    }

    private JsonNode environment(String name) {
        return templates.cli().proton("get-environment", "--name", name).ok().json().path("environment");
    }

    private static RequestSpecification api(WebUser user) {
        return user.request().header("X-CSRF-TOKEN", user.csrf).contentType("application/json");
    }

    private static JsonNode await(Supplier<JsonNode> read, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not there in 90 s: " + last.toPrettyString());
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
