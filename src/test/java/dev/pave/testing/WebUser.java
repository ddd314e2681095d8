package dev.pave.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in browser as REST Assured sees it: the session cookie and the session's CSRF token. */
public final class WebUser {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    public final String session;
    public final String csrf;

    private WebUser(String session, String csrf) {
        this.session = session;
        this.csrf = csrf;
    }

    public static WebUser admin() {
        return login("admin", PaveTestResource.ADMIN_PASSWORD);
    }

    /** {@link PortalFixtures}' developer. */
    public static WebUser developer() {
        return login(PortalFixtures.DEVELOPER, PortalFixtures.PASSWORD);
    }

    /** {@link PortalFixtures}' read-only user. */
    public static WebUser reader() {
        return login(PortalFixtures.READER, PortalFixtures.PASSWORD);
    }

    /** {@link PortalFixtures}' user without roles. */
    public static WebUser nobody() {
        return login(PortalFixtures.NOBODY, PortalFixtures.PASSWORD);
    }

    public static WebUser login(String username, String password) {
        Response login = signIn(username, password);
        String session = login.cookie("pave-session");
        if (session == null) {
            throw new AssertionError("login of " + username + " failed: " + login.statusLine());
        }
        return new WebUser(session, tokenOn("/account/password", session));
    }

    /** Posts the sign-in form as a browser does: the form's token and its {@code pave-login} cookie come from GET /login. */
    public static Response signIn(String username, String password) {
        Response form = given().get("/login");
        return given().redirects().follow(false).cookie("pave-login", form.cookie("pave-login"))
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", tokenIn(form))
                .formParam("username", username).formParam("password", password).post("/login");
    }

    /** The CSRF token in the hidden field of the page at {@code path}, as the holder of {@code session} sees it. */
    static String tokenOn(String path, String session) {
        return tokenIn(given().redirects().follow(false).cookie("pave-session", session).get(path));
    }

    public static String tokenIn(Response page) {
        Matcher m = TOKEN.matcher(page.body().asString());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the page: " + page.statusLine());
        }
        return m.group(1);
    }

    /** A request with the session cookie, not following redirects, so tests see them. */
    public RequestSpecification request() {
        return given().redirects().follow(false).cookie("pave-session", session);
    }

    /** A form post carrying the token as a page's hidden field would. */
    public RequestSpecification form() {
        return request().contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf);
    }

    /** A request as htmx sends it, with the token in the header set on {@code <body>}. */
    public RequestSpecification htmx(String target) {
        return request().header("HX-Request", "true").header("HX-Target", target).header("X-CSRF-TOKEN", csrf);
    }
}
