package dev.pave.web.account;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.identity.User;
import dev.pave.testing.AwsCli;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersTests {

    private static final Pattern SNIPPET = Pattern.compile("id=\"new-key-snippet\"[^>]*>([^<]+)</pre>");
    private static final Pattern CREDENTIALS = Pattern.compile("aws_access_key_id (\\S+) --profile \\S+\\naws configure set aws_secret_access_key (\\S+) ");

    @Inject
    IdentityService identity;

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAdminCreatesALocalUser() {
        WebUser admin = WebUser.admin();
        admin.request().get("/admin/users").then().statusCode(200)
                .body(containsString("aria-label=\"Create user\""), containsString("<label for=\"f-role-developer\">"),
                        containsString("name=\"mustChangePassword\" value=\"true\" checked"));
        admin.form().formParam("username", "new-dev").formParam("password", "initial-password-9")
                .formParam("roles", "developer").formParam("roles", "approver").formParam("mustChangePassword", "true")
                .post("/admin/users").then().statusCode(303).header("Location", endsWith("/admin/users?created=new-dev"));
        User created = identity.user("new-dev").orElseThrow();
        assertEquals(Set.of(Role.DEVELOPER, Role.APPROVER), created.roleSet());
        assertTrue(created.mustChangePassword);
        admin.request().get("/admin/users?created=new-dev").then().body(containsString("User <strong>new-dev</strong> was created."));
    }

    @Test
    void createErrorsAreInlineAndKeepTheChoices() {
        WebUser admin = WebUser.admin();
        admin.form().formParam("username", "half-done").formParam("password", "")
                .formParam("roles", "approver").post("/admin/users").then().statusCode(400)
                .body(containsString("id=\"f-password-error\" class=\"error\" role=\"alert\">Enter an initial password."),
                        containsString("value=\"half-done\""), containsString("value=\"approver\" checked"));
        admin.form().formParam("username", "weak").formParam("password", "short").formParam("roles", "developer")
                .post("/admin/users").then().statusCode(400)
                .body(containsString("class=\"form-error\" role=\"alert\">passwords need at least 12 characters"));
        admin.form().formParam("username", "no-roles").formParam("password", "long-enough-password")
                .post("/admin/users").then().statusCode(400)
                .body(containsString("role=\"alert\">Choose at least one role."));
    }

    @Test
    void aRobotGetsAKeyFromAnAdminCallsTheApiWithItAndStopsWhenDisabled() {
        WebUser admin = WebUser.admin();
        admin.form().formParam("username", "ci-bot").formParam("robot", "true").formParam("roles", "developer")
                .post("/admin/users").then().statusCode(303).header("Location", endsWith("/admin/users?created=ci-bot"));
        User robot = identity.user("ci-bot").orElseThrow();
        assertTrue(robot.robot() && robot.passwordHash == null, "a robot has no password");
        assertTrue(identity.authenticate("ci-bot", new char[0]).isEmpty(), "a robot never signs in");
        admin.request().get("/admin/users").then().body(containsString("Robot (access keys only)"));

        String page = admin.form().formParam("description", "release pipeline").post("/admin/users/ci-bot/keys").then().statusCode(200)
                .header("Cache-Control", "no-store").body(containsString("New access key for ci-bot"), containsString("Pave will not show it again"))
                .extract().asString();
        Matcher m = CREDENTIALS.matcher(page);
        assertTrue(m.find(), "credentials snippet on the page");
        String secret = m.group(2);
        admin.request().get("/admin/users").then().body(not(containsString(secret)));
        admin.request().get("/account/keys").then().body(containsString(m.group(1)), containsString("release pipeline"), not(containsString(secret)));

        // the robot's key signs real aws CLI calls with the robot's roles: a developer reads but may not publish templates
        AwsCli cli = new AwsCli(base.toString(), m.group(1), secret);
        cli.proton("list-environment-templates").ok();
        AwsCli.Result refused = cli.proton("create-environment-template", "--name", "robot-made");
        assertTrue(refused.stderr().contains("AccessDeniedException"), refused.stderr());

        // disabled: the row swaps in place and the key stops working; enabled again, it works again
        admin.htmx("user-" + robot.id).post("/admin/users/ci-bot/disable").then().statusCode(200)
                .body(containsString("<td>Disabled</td>"), containsString("aria-label=\"Enable ci-bot\""), not(containsString("<html")));
        AwsCli.Result disabled = cli.proton("list-environment-templates");
        assertTrue(disabled.exitCode() != 0 && disabled.stderr().contains("AccessDenied"), disabled.stderr());
        admin.form().post("/admin/users/ci-bot/enable").then().statusCode(303);
        cli.proton("list-environment-templates").ok();
    }

    /** The instructions a new key comes with, run as written by bash and the real aws CLI in an empty AWS configuration. */
    @Test
    void aNewKeysCommandsWorkAsWrittenAndEachUserGetsTheirOwnProfile() throws Exception {
        identity.createLocalUser(dev.pave.identity.Caller.system(), "cli-one", "cli-one-password", Set.of(Role.DEVELOPER), false);
        identity.createLocalUser(dev.pave.identity.Caller.system(), "cli-two", "cli-two-password", Set.of(Role.DEVELOPER), false);
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("aws-home");
        for (String user : java.util.List.of("cli-one", "cli-two")) {
            String page = WebUser.admin().form().post("/admin/users/" + user + "/keys").then().statusCode(200).extract().asString();
            Matcher snippet = SNIPPET.matcher(page);
            assertTrue(snippet.find(), page);
            String commands = snippet.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
            assertTrue(commands.contains("--profile pave-" + user), commands);
            ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands).redirectErrorStream(true);
            bash.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            bash.environment().put("HOME", home.toString());
            Process p = bash.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertTrue(out.contains("\"environments\""), out);
        }
        // the second key did not replace the first
        String credentials = java.nio.file.Files.readString(home.resolve(".aws/credentials"));
        assertTrue(credentials.contains("[pave-cli-one]") && credentials.contains("[pave-cli-two]"), credentials);
    }

    @Test
    void anAdminChangesRolesAndResetsAPasswordShownOnce() {
        identity.createLocalUser(dev.pave.identity.Caller.system(), "role-dev", "role-dev-password", Set.of(Role.DEVELOPER), false);
        WebUser before = WebUser.login("role-dev", "role-dev-password");
        WebUser admin = WebUser.admin();
        admin.request().get("/admin/users").then().body(containsString("href=\"/admin/users/role-dev\" aria-label=\"Manage role-dev\""));
        admin.request().get("/admin/users/role-dev").then().statusCode(200).body(containsString("value=\"developer\" checked"));
        admin.form().formParam("roles", "approver").post("/admin/users/role-dev/roles").then().statusCode(303)
                .header("Location", endsWith("/admin/users/role-dev?saved=roles"));
        assertEquals(Set.of(Role.APPROVER), identity.user("role-dev").orElseThrow().roleSet());
        // the new role counts from the next request of a session that already exists
        before.request().get("/environments/new").then().statusCode(403);
        admin.form().post("/admin/users/role-dev/roles").then().statusCode(400).body(containsString("choose at least one role"));
        admin.form().formParam("roles", "developer").post("/admin/users/admin/roles").then().statusCode(400)
                .body(containsString("you cannot take platform-admin from yourself"));

        String page = admin.form().post("/admin/users/role-dev/password").then().statusCode(200).header("Cache-Control", "no-store")
                .body(containsString("Pave will not show it again")).extract().asString();
        Matcher m = Pattern.compile("aria-label=\"New password\">([^<]+)</pre>").matcher(page);
        assertTrue(m.find(), page);
        String password = m.group(1);
        assertTrue(identity.authenticate("role-dev", "role-dev-password".toCharArray()).isEmpty(), "the old password is gone");
        User reset = identity.authenticate("role-dev", password.toCharArray()).orElseThrow();
        assertTrue(reset.mustChangePassword, "it must be replaced at the next sign-in");
        before.request().redirects().follow(false).get("/environments").then().statusCode(302);
        admin.request().get("/admin/users/role-dev").then().body(not(containsString(password)));
        admin.form().post("/admin/users/admin-robot-none/password").then().statusCode(404);
    }

    @Test
    void onlyAdminsManageAccountsAndNobodyDisablesThemselves() {
        identity.createLocalUser(dev.pave.identity.Caller.system(), "plain-dev", "plain-dev-password", Set.of(Role.DEVELOPER), false);
        WebUser dev = WebUser.login("plain-dev", "plain-dev-password");
        dev.form().formParam("description", "x").post("/admin/users/admin/keys").then().statusCode(403);
        dev.form().post("/admin/users/admin/disable").then().statusCode(403);
        dev.htmx("user-1").post("/admin/users/admin/disable").then().statusCode(403);
        dev.request().get("/admin/users").then().statusCode(403);
        WebUser.admin().form().post("/admin/users/admin/disable").then().statusCode(400);
        assertTrue(!identity.user("admin").orElseThrow().disabled);
    }
}
