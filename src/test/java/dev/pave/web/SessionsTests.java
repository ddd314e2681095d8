package dev.pave.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import jakarta.inject.Inject;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionsTests {

    @Inject
    IdentityService identity;

    @Test
    void anonymousPagesRedirectToLogin() {
        for (String page : new String[] { "/", "/templates/environment/vpc", "/account/keys", "/admin/users" }) {
            given().redirects().follow(false).get(page).then().statusCode(302).header("Location", endsWith("/login"));
        }
    }

    @Test
    void loginPageBindsLabelsAndShowsTheError() {
        given().get("/login").then().statusCode(200)
                .body(containsString("<label for=\"f-username\">"), containsString("id=\"f-username\" name=\"j_username\""),
                        containsString("action=\"/j_security_check\""), not(containsString("Sign in with SSO")),
                        not(containsString("role=\"alert\"")));
        given().get("/login?error=true").then().statusCode(200)
                .body(containsString("role=\"alert\">The username or password is wrong."));
    }

    @Test
    void htmxAndTheStylesheetAreServedToAnyone() {
        given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200);
        given().get("/static/pave.css").then().statusCode(200);
    }

    @Test
    void wrongPasswordGoesBackToTheLoginPageWithAnError() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "admin").formParam("j_password", "not-the-password")
                .post("/j_security_check").then().statusCode(302).header("Location", endsWith("/login?error=true"));
    }

    @Test
    void logoutClearsTheSessionCookie() {
        WebUser admin = WebUser.admin();
        Cookie cleared = admin.form().post("/logout").then().statusCode(303).header("Location", endsWith("/login"))
                .extract().detailedCookie("quarkus-credential");
        assertEquals("", cleared.getValue());
        assertTrue(cleared.getMaxAge() <= 0, "cookie expires at once");
    }

    @Test
    void logoutNeedsTheCsrfToken() {
        WebUser admin = WebUser.admin();
        admin.request().contentType("application/x-www-form-urlencoded").formParam("x", "y").post("/logout").then().statusCode(400);
    }

    @Test
    void aUserWhoMustChangePasswordIsHeldOnThatPage() {
        identity.createLocalUser(Caller.system(), "newcomer", "initial-password-1", Set.of(Role.DEVELOPER), true);
        WebUser newcomer = WebUser.login("newcomer", "initial-password-1");
        newcomer.request().get("/").then().statusCode(303).header("Location", endsWith("/account/password"));
        newcomer.request().get("/account/keys").then().statusCode(303);
        newcomer.htmx("catalog-list").get("/").then().statusCode(200).header("HX-Redirect", "/account/password");
        newcomer.request().get("/account/password").then().statusCode(200).body(containsString("Choose a new password"));
        newcomer.request().get("/static/pave.css").then().statusCode(200);

        newcomer.form().formParam("current", "initial-password-1").formParam("new", "a-better-password-2")
                .formParam("confirm", "a-better-password-2").post("/account/password")
                .then().statusCode(303).header("Location", endsWith("/account/password?changed=true"));
        newcomer.request().get("/").then().statusCode(200).body(containsString("Template catalog"));
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
                .then().statusCode(400).body(containsString("class=\"form-error\" role=\"alert\">the current password is wrong"));
    }
}
