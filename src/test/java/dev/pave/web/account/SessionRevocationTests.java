package dev.pave.web.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sessions Pave can end: a cookie copied before a logout, a password change or a disable opens nothing after it, and
 * no session outlives its idle timeout or its absolute lifetime.
 */
@QuarkusTest
class SessionRevocationTests {

    @Inject
    IdentityService identity;

    @Inject
    EntityManager em;

    @Test
    void aCookieCopiedBeforeLogoutIsRefusedAfterIt() {
        identity.createLocalUser(Caller.system(), "leaving-dev", "leaving-dev-password", Set.of(Role.DEVELOPER), false);
        WebUser laptop = WebUser.login("leaving-dev", "leaving-dev-password");
        WebUser phone = WebUser.login("leaving-dev", "leaving-dev-password");
        String copied = laptop.session;
        opens(copied);

        laptop.form().post("/logout").then().statusCode(303);

        refused(copied);
        refused(phone.session); // signing out ends every session of the user
        WebUser.login("leaving-dev", "leaving-dev-password"); // and a new sign-in works
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionAndRenewsThisOne() {
        identity.createLocalUser(Caller.system(), "renewing-dev", "renewing-dev-password", Set.of(Role.DEVELOPER), false);
        WebUser browser = WebUser.login("renewing-dev", "renewing-dev-password");
        WebUser elsewhere = WebUser.login("renewing-dev", "renewing-dev-password");

        String renewed = browser.form().formParam("current", "renewing-dev-password").formParam("new", "renewed-dev-password")
                .formParam("confirm", "renewed-dev-password").post("/account/password").then().statusCode(303)
                .extract().cookie("pave-session");

        assertNotEquals(browser.session, renewed);
        refused(browser.session);
        refused(elsewhere.session);
        opens(renewed);
    }

    @Test
    void disablingEndsTheSessionsForGoodAndEnablingDoesNotReviveThem() {
        identity.createLocalUser(Caller.system(), "paused-dev", "paused-dev-password", Set.of(Role.DEVELOPER), false);
        WebUser dev = WebUser.login("paused-dev", "paused-dev-password");
        WebUser admin = WebUser.admin();

        admin.form().post("/admin/users/paused-dev/disable").then().statusCode(303);
        refused(dev.session);
        admin.form().post("/admin/users/paused-dev/enable").then().statusCode(303);
        refused(dev.session);
        WebUser.login("paused-dev", "paused-dev-password");
    }

    @Test
    void aSessionEndsAfterItsLifetimeAndAfterItsIdleTimeout() {
        identity.createLocalUser(Caller.system(), "long-day-dev", "long-day-dev-password", Set.of(Role.DEVELOPER), false);
        Cookie cookie = WebUser.signIn("long-day-dev", "long-day-dev-password").detailedCookie("pave-session");
        assertTrue(cookie.isHttpOnly(), "HttpOnly");
        assertEquals("/", cookie.getPath());
        assertTrue(Math.abs(cookie.getMaxAge() - 12 * 3600) < 60, "the cookie lasts the session's 12 hours: " + cookie.getMaxAge());

        opens(cookie.getValue());
        age(cookie.getValue(), "expires_at = now() - interval '1 second'");
        refused(cookie.getValue());

        String idle = WebUser.login("long-day-dev", "long-day-dev-password").session;
        opens(idle);
        age(idle, "last_seen_at = now() - interval '8 hours 1 minute'");
        refused(idle);
    }

    @Test
    void anUnknownOrMalformedCookieIsAnonymous() {
        refused("not-a-session-id-but-long-enough-to-look-like-one");
        refused("short");
        refused("'; drop table web_session; --");
    }

    /** Moves a session's clock, as if hours had passed; the only way to test a 12-hour lifetime in a test run. */
    @Transactional
    void age(String sessionId, String assignment) {
        int updated = em.createNativeQuery("update web_session set " + assignment + " where token_hash = ?1")
                .setParameter(1, sha256(sessionId)).executeUpdate();
        assertEquals(1, updated, "the session is stored under the SHA-256 of its id");
    }

    private static void opens(String session) {
        given().redirects().follow(false).cookie("pave-session", session).get("/").then().statusCode(200)
                .body(containsString("Template catalog"));
    }

    private static void refused(String session) {
        given().redirects().follow(false).cookie("pave-session", session).get("/").then().statusCode(302)
                .header("Location", endsWith("/login"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
