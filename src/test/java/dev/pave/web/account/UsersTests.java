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

    private static final Pattern CREDENTIALS = Pattern.compile("aws_access_key_id = (\\S+)\\naws_secret_access_key = (\\S+)</pre>");

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
