package dev.pave.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.environment.EnvironmentService;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.testing.AwsCli;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TeamMembers;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two teams through the real aws CLI and the portal: team-a's developer owns what they create, team-b's reads it but
 * cannot change it, a platform admin can, and access policies refuse team-b, naming the rule.
 */
@QuarkusTest
class TeamsTests {

    static final String PASSWORD = "team-dev-password-1";

    @TestHTTPResource("/")
    URL pave;

    @Inject
    IdentityService identity;

    @Inject
    TeamService teams;

    @Inject
    TemplateService templates;

    @Inject
    EnvironmentService environments;

    @Inject
    SampleTemplates samples;

    static ServiceTestFixtures fixtures;
    static AwsCli dev1;
    static AwsCli dev2;

    @BeforeEach
    void setUp() {
        if (fixtures != null) {
            return;
        }
        fixtures = new ServiceTestFixtures(pave, samples, templates);
        Caller admin = Caller.system();
        teams.create(admin, "team-a", "Owns the A things");
        teams.create(admin, "team-b", null);
        dev1 = TeamMembers.developer(pave, identity, teams, "team-dev1", PASSWORD, "team-a");
        dev2 = TeamMembers.developer(pave, identity, teams, "team-dev2", PASSWORD, "team-b");
        fixtures.template(TemplateType.ENVIRONMENT, "teams-limited-env", "samples/sandbox-env");
        templates.limitToTeams(admin, TemplateType.ENVIRONMENT, "teams-limited-env", List.of("team-a"));
        fixtures.helloTemplate("teams-hello", java.util.Map.of(), null);
        fixtures.sandbox("teams-shared");
        // team-a always owns something, whichever test runs first
        dev1.proton("create-environment", "--name", "teams-setup-env", "--template-name", "pave-sandbox-env", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  size: small\n", "--codebuild-role-arn", "arn:aws:iam::123456789012:role/pave-codebuild").ok();
    }


    private static void createEnvironment(AwsCli cli, String name, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("create-environment", "--name", name, "--template-name", "pave-sandbox-env",
                "--template-major-version", "1", "--spec", "proton: EnvironmentSpec\nspec:\n  size: small\n",
                "--codebuild-role-arn", "arn:aws:iam::123456789012:role/pave-codebuild"));
        args.addAll(List.of(more));
        cli.proton(args.toArray(String[]::new)).ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", name).ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()), "environment " + name + " deployed");
    }

    private static String teamTag(AwsCli cli, String arn) {
        for (JsonNode tag : cli.proton("list-tags-for-resource", "--resource-arn", arn).ok().json().path("tags")) {
            if (tag.path("key").asText().equals("pave:team")) {
                return tag.path("value").asText();
            }
        }
        return null;
    }

    private static void assertRefused(AwsCli.Result result, String type, String... fragments) {
        assertNotEquals(0, result.exitCode(), "refused: " + result.stdout());
        assertTrue(result.stderr().contains(type), result.stderr());
        for (String fragment : fragments) {
            assertTrue(result.stderr().contains(fragment), "the refusal names " + fragment + ": " + result.stderr());
        }
    }

    @Test
    void theOwningTeamChangesWhatItOwnsOthersReadItAndAnAdminHandsItOver() {
        createEnvironment(dev1, "teams-a-env");
        String arn = dev1.proton("get-environment", "--name", "teams-a-env").ok().json().path("environment").path("arn").asText();
        assertEquals("team-a", teamTag(dev2, arn), "the creator's only team owns it, read back as the pave:team tag");

        // team-b's developer reads it, and is refused every change, the team named
        assertEquals("teams-a-env", dev2.proton("get-environment", "--name", "teams-a-env").ok().json().path("environment").path("name").asText());
        assertRefused(dev2.proton("update-environment", "--name", "teams-a-env", "--description", "mine now", "--deployment-type", "NONE"),
                "AccessDeniedException", "team-dev2 may not change environment teams-a-env", "owned by team team-a");
        assertRefused(dev2.proton("delete-environment", "--name", "teams-a-env"), "AccessDeniedException", "owned by team team-a");
        assertRefused(dev2.proton("tag-resource", "--resource-arn", arn, "--tags", "key=cost,value=b"), "AccessDeniedException", "team-a");
        assertEquals("", dev1.proton("get-environment", "--name", "teams-a-env").ok().json().path("environment").path("description").asText(""));

        // the owner changes it
        dev1.proton("update-environment", "--name", "teams-a-env", "--description", "A's", "--deployment-type", "NONE").ok();
        dev1.proton("tag-resource", "--resource-arn", arn, "--tags", "key=cost,value=a").ok();

        // a platform admin hands it to team-b with the tag; from then on team-b changes it and team-a doesn't
        fixtures.cli.proton("tag-resource", "--resource-arn", arn, "--tags", "key=pave:team,value=team-b").ok();
        assertEquals("team-b", teamTag(dev1, arn));
        dev2.proton("update-environment", "--name", "teams-a-env", "--description", "B's now", "--deployment-type", "NONE").ok();
        assertRefused(dev1.proton("update-environment", "--name", "teams-a-env", "--description", "back", "--deployment-type", "NONE"),
                "AccessDeniedException", "owned by team team-b");
        assertRefused(dev2.proton("untag-resource", "--resource-arn", arn, "--tag-keys", "pave:team"), "ValidationException", "not removed");
        assertRefused(dev2.proton("tag-resource", "--resource-arn", arn, "--tags", "key=pave:team,value=nobody-team"),
                "ValidationException", "Team nobody-team does not exist");
        assertEquals(List.of("cost"), tagKeys(dev2, arn).stream().filter(k -> !k.equals("pave:team")).toList(), "the team is not a stored tag");
    }

    private static List<String> tagKeys(AwsCli cli, String arn) {
        List<String> keys = new java.util.ArrayList<>();
        cli.proton("list-tags-for-resource", "--resource-arn", arn).ok().json().path("tags").forEach(t -> keys.add(t.path("key").asText()));
        return keys;
    }

    @Test
    void accessPoliciesRefuseOtherTeamsNamingTheRule() {
        // a template limited to team-a
        assertRefused(dev2.proton("create-environment", "--name", "teams-b-limited", "--template-name", "teams-limited-env",
                "--template-major-version", "1", "--spec", "proton: EnvironmentSpec\nspec:\n  size: small\n",
                "--codebuild-role-arn", "arn:aws:iam::123456789012:role/pave-codebuild"),
                "AccessDeniedException", "environment template teams-limited-env is limited to team team-a", "owned by team team-b");
        assertTrue(dev2.proton("get-environment", "--name", "teams-b-limited").stderr().contains("ResourceNotFoundException"));
        dev1.proton("create-environment", "--name", "teams-a-limited", "--template-name", "teams-limited-env",
                "--template-major-version", "1", "--spec", "proton: EnvironmentSpec\nspec:\n  size: small\n",
                "--codebuild-role-arn", "arn:aws:iam::123456789012:role/pave-codebuild").ok();

        // naming a team of someone else's
        assertRefused(dev2.proton("create-environment", "--name", "teams-b-as-a", "--template-name", "pave-sandbox-env",
                "--template-major-version", "1", "--spec", "proton: EnvironmentSpec\nspec:\n  size: small\n",
                "--codebuild-role-arn", "arn:aws:iam::123456789012:role/pave-codebuild", "--tags", "key=pave:team,value=team-a"),
                "AccessDeniedException", "not a member", "their teams: team-b");

        // an environment that takes only team-a's services' instances
        environments.limitInstancesToTeams(Caller.system(), "teams-shared", List.of("team-a"));
        assertRefused(helloService(dev2, "teams-b-svc"), "AccessDeniedException",
                "environment teams-shared takes service instances only of team team-a", "owned by team team-b");
        assertTrue(dev2.proton("get-service", "--name", "teams-b-svc").stderr().contains("ResourceNotFoundException"), "nothing was created");
        helloService(dev1, "teams-a-svc").ok();
        assertEquals("team-a", teamTag(dev1, fixtures.service("teams-a-svc").path("arn").asText()));
        fixtures.awaitService("teams-a-svc", "ACTIVE");
        assertRefused(dev2.proton("update-service-instance", "--service-name", "teams-a-svc", "--name", "dev", "--deployment-type",
                "CURRENT_VERSION"), "AccessDeniedException", "service teams-a-svc", "owned by team team-a");
    }

    private static AwsCli.Result helloService(AwsCli cli, String name) {
        return cli.proton("create-service", "--name", name, "--template-name", "teams-hello", "--template-major-version", "1",
                "--repository-connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc",
                "--repository-id", "acme/" + name, "--branch-name", "main", "--spec",
                "proton: ServiceSpec\npipeline:\n  branch: main\ninstances:\n  - name: dev\n    environment: teams-shared\n    spec:\n      greeting: hi\n");
    }

    @Test
    void thePortalShowsTheOwnerOffersChangesToItOnlyAndListsWhatATeamOwns() {
        createEnvironment(dev1, "teams-portal-env");
        WebUser other = WebUser.login("team-dev2", PASSWORD);
        String page = other.request().get("/environments/teams-portal-env").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Owned by team <a href=\"/teams/team-a\">team-a</a>"), page);
        assertFalse(page.contains("aria-label=\"Edit environment\""), "no Edit for team-b");
        assertFalse(page.contains("Change team"), "no hand-over for team-b");
        Response delete = other.form().post("/environments/teams-portal-env/delete");
        assertEquals(403, delete.statusCode());
        assertTrue(delete.asString().contains("owned by team team-a"), delete.asString());

        WebUser owner = WebUser.login("team-dev1", PASSWORD);
        assertEquals("/teams/team-a", java.net.URI.create(owner.request().get("/teams/mine").then().statusCode(303).extract().header("Location")).getPath(),
                "My team: the developer's only team");
        String mine = owner.request().get("/teams/team-a").then().statusCode(200).extract().asString();
        assertTrue(mine.contains("href=\"/environments/teams-portal-env\""), "team-a's page lists what it owns");
        assertTrue(mine.contains("team-dev1"), "and its members");
        String ownerPage = owner.request().get("/environments/teams-portal-env").then().statusCode(200).extract().asString();
        assertTrue(ownerPage.contains("aria-label=\"Edit environment\"") && ownerPage.contains("Change team"), "the owner may change it");

        // the owner hands it to team-b; then team-b's developer may delete it
        String arn = dev1.proton("get-environment", "--name", "teams-portal-env").ok().json().path("environment").path("arn").asText();
        owner.form().formParam("arn", arn).formParam("team", "team-b").formParam("back", "/environments/teams-portal-env")
                .post("/teams/transfer").then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/environments/teams-portal-env"));
        assertEquals("team-b", teamTag(dev1, arn));
        assertTrue(other.request().get("/environments/teams-portal-env").asString().contains("aria-label=\"Edit environment\""));
        assertTrue(other.request().get("/teams/team-b").asString().contains("href=\"/environments/teams-portal-env\""));
        // the way back is a path on Pave only
        String away = other.form().formParam("arn", arn).formParam("team", "team-b").formParam("back", "//elsewhere")
                .post("/teams/transfer").then().statusCode(303).extract().header("Location");
        assertEquals("/teams/team-b", java.net.URI.create(away).getPath(), away);
    }

    @Test
    void adminsManageTeamsOnThePage() {
        WebUser admin = WebUser.admin();
        Response bad = admin.form().formParam("name", "Not A Name").post("/teams");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.asString().contains("lowercase letters"), "the rule beside the field");
        admin.form().formParam("name", "teams-web").formParam("description", "made on the page").post("/teams").then().statusCode(303);
        admin.form().formParam("username", "team-dev2").post("/teams/teams-web/members").then().statusCode(303);
        assertTrue(admin.request().get("/teams/teams-web").asString().contains("team-dev2"));
        Response unknown = admin.form().formParam("username", "no-such-user").post("/teams/teams-web/members");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.asString().contains("There is no user no-such-user"));
        // a team with a notice target is not deleted, so the target does not go silently with it
        String target = admin.form().formParam("name", "teams-web hook").formParam("kind", "WEBHOOK").formParam("team", "teams-web")
                .formParam("url", "http://127.0.0.1:9/hook").formParam("secret", "a-secret-of-enough-length").post("/notices").then().statusCode(303)
                .extract().header("Location").replaceFirst(".*/notices/", "");
        // one test notice at a time: nothing answers on port 9, so the first is still being retried
        admin.form().post("/notices/" + target + "/test").then().statusCode(200);
        Response again = admin.form().post("/notices/" + target + "/test");
        assertEquals(429, again.statusCode(), again.asString());
        assertTrue(again.asString().contains("is still being delivered"), again.asString());
        Response withTarget = admin.form().post("/teams/teams-web/delete");
        assertEquals(409, withTarget.statusCode(), withTarget.asString());
        assertTrue(withTarget.asString().contains("has 1 notice target(s)"), withTarget.asString());
        admin.form().post("/notices/" + target + "/delete").then().statusCode(303);
        admin.form().post("/teams/teams-web/delete").then().statusCode(303);
        admin.request().get("/teams/teams-web").then().statusCode(404);

        // the pages' own addresses are not team names; a NUL is refused, not a crash
        Response reserved = admin.form().formParam("name", "mine").post("/teams");
        assertEquals(400, reserved.statusCode());
        assertTrue(reserved.asString().contains("taken by the team pages"), reserved.asString());
        Response nul = admin.form().formParam("name", "nul-team").formParam("description", "a\u0000b").post("/teams");
        assertEquals(400, nul.statusCode(), nul.asString());
        assertTrue(nul.asString().contains("must not contain NUL"), nul.asString());

        // a team that owns something stays, saying why
        Response owning = admin.form().post("/teams/team-a/delete");
        assertEquals(409, owning.statusCode(), owning.asString());
        assertTrue(owning.asString().contains("still owns"), owning.asString());
        // and developers can't manage teams
        WebUser.login("team-dev1", PASSWORD).form().formParam("name", "sneaky").post("/teams").then().statusCode(403);
    }
}
