package dev.pave.web.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import jakarta.inject.Inject;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionsTests {

    @Inject
    IdentityService identity;

    @Inject
    dev.pave.PaveConfig config;

    @Test
    void anonymousPagesRedirectToLogin() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", endsWith("/login"));
        for (String page : new String[] { "/templates/environment/vpc", "/account/keys", "/admin/users?created=x" }) {
            given().redirects().follow(false).get(page).then().statusCode(302)
                    .header("Location", endsWith("/login?next=" + java.net.URLEncoder.encode(page, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    @Test
    void loginPageBindsLabelsAndCarriesItsOwnToken() {
        io.restassured.response.Response page = given().get("/login");
        page.then().statusCode(200).header("Cache-Control", "no-store")
                .body(containsString("<label for=\"f-username\">"), containsString("id=\"f-username\" name=\"username\""),
                        containsString("action=\"/login\""), containsString("name=\"csrf-token\""), not(containsString("Sign in with SSO")),
                        not(containsString("role=\"alert\"")));
        Cookie nonce = page.detailedCookie("pave-login");
        assertTrue(nonce.isHttpOnly() && nonce.getValue().length() > 20, "the form's token is bound to an HttpOnly cookie: " + nonce);
    }

    @Test
    void aWrongPasswordShowsTheErrorAndStartsNoSession() {
        io.restassured.response.Response refused = WebUser.signIn("admin", "not-the-password");
        refused.then().statusCode(401).body(containsString("role=\"alert\">The username or password is wrong."),
                containsString("value=\"admin\""));
        assertEquals(null, refused.cookie("pave-session"));
    }

    @Test
    void signingInGoesBackToTheAskedPageButNeverToAnotherSite() {
        io.restassured.response.Response form = given().get("/login?next=/account/keys");
        form.then().body(containsString("name=\"next\" value=\"/account/keys\""));
        for (String[] next : new String[][] { {"/account/keys", "/account/keys"}, {"//evil.example/x", "/"}, {"/\\evil.example", "/"},
                {"https://evil.example/", "/"}, {"/login?next=//evil.example", "/"} }) {
            String location = given().redirects().follow(false).cookie("pave-login", form.cookie("pave-login"))
                    .contentType("application/x-www-form-urlencoded").formParam("csrf-token", WebUser.tokenIn(form)).formParam("username", "admin")
                    .formParam("password", PaveTestResource.ADMIN_PASSWORD).formParam("next", next[0]).post("/login")
                    .then().statusCode(303).extract().header("Location");
            java.net.URI target = java.net.URI.create(location);
            assertEquals("localhost", target.getHost(), location);
            assertEquals(next[1], target.getRawPath(), location);
        }
    }

    @Test
    void theSignInFormNeedsItsOwnToken() {
        io.restassured.response.Response form = given().get("/login");
        String nonce = form.cookie("pave-login");
        // no token, a made-up one, or a real one without its cookie: refused even with the right password
        for (var attempt : new io.restassured.specification.RequestSpecification[] {
                given().cookie("pave-login", nonce),
                given().cookie("pave-login", nonce).formParam("csrf-token", "forged-token-forged-token"),
                given().formParam("csrf-token", WebUser.tokenIn(form)) }) {
            io.restassured.response.Response r = attempt.redirects().follow(false).contentType("application/x-www-form-urlencoded")
                    .formParam("username", "admin").formParam("password", PaveTestResource.ADMIN_PASSWORD).post("/login");
            r.then().statusCode(400).body(containsString("This sign-in form has expired"));
            assertEquals(null, r.cookie("pave-session"));
        }
    }

    @Test
    void htmxAndTheStylesheetAreServedToAnyone() {
        given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200);
        given().get("/static/pave.css").then().statusCode(200);
    }

    @Test
    void logoutClearsTheSessionCookie() {
        WebUser admin = WebUser.admin();
        Cookie cleared = admin.form().post("/logout").then().statusCode(303).header("Location", endsWith("/login"))
                .extract().detailedCookie("pave-session");
        assertEquals("", cleared.getValue());
        assertTrue(cleared.getMaxAge() <= 0, "cookie expires at once");
    }

    @Test
    void logoutNeedsTheCsrfToken() {
        WebUser admin = WebUser.admin();
        admin.request().contentType("application/x-www-form-urlencoded").formParam("x", "y").post("/logout").then().statusCode(403);
        admin.request().get("/").then().statusCode(200);
    }

    @Test
    void aUserWhoMustChangePasswordIsHeldOnThatPage() {
        identity.createLocalUser(Caller.system(), "newcomer", "initial-password-1", Set.of(Role.DEVELOPER), true);
        WebUser newcomer = WebUser.login("newcomer", "initial-password-1");
        newcomer.request().get("/").then().statusCode(303).header("Location", endsWith("/account/password"));
        newcomer.request().get("/account/keys").then().statusCode(303);
        // headers a machine call would carry change nothing: the session decides
        newcomer.request().header("X-Amz-Target", "AwsProton20200720.ListEnvironments").get("/account/keys").then().statusCode(303);
        newcomer.request().header("Authorization", "AWS4-HMAC-SHA256 Credential=x/20261203/us-east-1/proton/aws4_request")
                .get("/environments").then().statusCode(303);
        newcomer.form().header("X-Amz-Target", "AwsProton20200720.CreateEnvironment").formParam("description", "x")
                .post("/account/keys").then().statusCode(303).header("Location", endsWith("/account/password"));
        newcomer.htmx("catalog-list").get("/").then().statusCode(200).header("HX-Redirect", "/account/password");
        newcomer.request().get("/account/password").then().statusCode(200).body(containsString("Choose a password of your own"),
                not(containsString("yours was set by an administrator")));
        // every field is checked at once: a blank current password, a too short new one and a differing repeat
        newcomer.form().formParam("current", "").formParam("new", "short").formParam("confirm", "shorter").post("/account/password")
                .then().statusCode(400).body(containsString("id=\"f-current-error\" class=\"error\" role=\"alert\">Enter your current password."),
                        containsString("id=\"f-new-error\" class=\"error\" role=\"alert\">passwords need at least 12 characters"),
                        containsString("id=\"f-confirm-error\" class=\"error\" role=\"alert\">The two new passwords differ."));
        newcomer.request().get("/static/pave.css").then().statusCode(200);

        String renewed = newcomer.form().formParam("current", "initial-password-1").formParam("new", "a-better-password-2")
                .formParam("confirm", "a-better-password-2").post("/account/password")
                .then().statusCode(303).header("Location", endsWith("/")).extract().cookie("pave-session");
        given().redirects().follow(false).cookie("pave-session", renewed).get("/").then().statusCode(200).body(containsString("Template catalog"));
    }

    @Test
    void passwordErrorsAreShownNextToTheFields() {
        identity.createLocalUser(Caller.system(), "forgetful", "initial-password-1", Set.of(Role.DEVELOPER), false);
        WebUser user = WebUser.login("forgetful", "initial-password-1");
        user.form().formParam("current", "initial-password-1").formParam("new", "a-better-password-2")
                .formParam("confirm", "something-else").post("/account/password")
                .then().statusCode(400).body(containsString("id=\"f-confirm-error\" class=\"error\" role=\"alert\">The two new passwords differ."),
                        not(containsString("value=\"a-better-password-2\"")));
        user.form().formParam("current", "wrong-password-here").formParam("new", "a-better-password-2")
                .formParam("confirm", "a-better-password-2").post("/account/password")
                .then().statusCode(400).body(containsString("id=\"f-current-error\" class=\"error\" role=\"alert\">The current password is wrong."));
        // a voluntary change is confirmed on the page itself
        user.form().formParam("current", "initial-password-1").formParam("new", "a-better-password-2")
                .formParam("confirm", "a-better-password-2").post("/account/password")
                .then().statusCode(303).header("Location", endsWith("/account/password?changed=true"));
    }

    /** Pave's generated first admin password leaves PAVE_HOME once admin has chosen their own. */
    @Test
    void theGeneratedAdminPasswordFileGoesOnceAdminChoosesTheirOwn() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Path.of(config.home()).resolve("initial-admin-password");
        java.nio.file.Files.writeString(file, "generated\n");
        WebUser.admin().form().formParam("current", PaveTestResource.ADMIN_PASSWORD).formParam("new", "admins-own-password-7")
                .formParam("confirm", "admins-own-password-7").post("/account/password").then().statusCode(303);
        assertTrue(!java.nio.file.Files.exists(file), "the generated password is gone from disk");
        // back to the password every other test signs in with
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> identity.changePassword(
                new Caller("admin", Set.of(Role.PLATFORM_ADMIN), dev.pave.identity.Door.WEB), "admins-own-password-7", PaveTestResource.ADMIN_PASSWORD));
        WebUser.admin();
    }
}
