package dev.pave.web;

import static io.restassured.RestAssured.given;

import dev.pave.testing.PaveTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in browser as REST Assured sees it: the session cookie plus the CSRF cookie and token. */
final class WebUser {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    final String session;
    final String csrf;

    private WebUser(String session, String csrf) {
        this.session = session;
        this.csrf = csrf;
    }

    static WebUser admin() {
        return login("admin", PaveTestResource.ADMIN_PASSWORD);
    }

    /** {@link PortalFixtures}' developer. */
    static WebUser developer() {
        return login(PortalFixtures.DEVELOPER, PortalFixtures.PASSWORD);
    }

    /** {@link PortalFixtures}' read-only user. */
    static WebUser reader() {
        return login(PortalFixtures.READER, PortalFixtures.PASSWORD);
    }

    /** {@link PortalFixtures}' user without roles. */
    static WebUser nobody() {
        return login(PortalFixtures.NOBODY, PortalFixtures.PASSWORD);
    }

    static WebUser login(String username, String password) {
        Response login = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", username).formParam("j_password", password)
                .post("/j_security_check");
        String session = login.cookie("quarkus-credential");
        if (session == null) {
            throw new AssertionError("login of " + username + " failed: " + login.statusLine());
        }
        // any form page hands out the CSRF cookie and the same token in its hidden field
        Response page = given().redirects().follow(false).cookie("quarkus-credential", session).get("/account/password");
        Matcher m = TOKEN.matcher(page.body().asString());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on /account/password: " + page.statusLine());
        }
        return new WebUser(session, m.group(1));
    }

    /** A request with the session and CSRF cookies, not following redirects, so tests see them. */
    RequestSpecification request() {
        return given().redirects().follow(false).cookie("quarkus-credential", session).cookie("pave-csrf", csrf);
    }

    /** A form post carrying the token as a page's hidden field would. */
    RequestSpecification form() {
        return request().contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf);
    }

    /** A request as htmx sends it, with the token in the header set on {@code <body>}. */
    RequestSpecification htmx(String target) {
        return request().header("HX-Request", "true").header("HX-Target", target).header("X-CSRF-TOKEN", csrf);
    }
}
