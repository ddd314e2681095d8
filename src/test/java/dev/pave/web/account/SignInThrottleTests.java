package dev.pave.web.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.LoginThrottle;
import dev.pave.identity.Role;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Password guessing is slowed down and shown to admins; refusals take as long whether the account exists or not. */
@QuarkusTest
class SignInThrottleTests {

    @Inject
    IdentityService identity;

    @Inject
    LoginThrottle throttle;

    @Test
    void theFortyFirstAttemptIsThrottledEvenWithTheRightPasswordUntilAnAdminUnlocks() {
        identity.createLocalUser(Caller.system(), "guessed-dev", "guessed-dev-password", Set.of(Role.DEVELOPER), false);
        SignInForm form = SignInForm.open();
        int wrong = 0;
        int throttled = 0;
        for (int i = 0; i < 40; i++) {
            int status = form.post("guessed-dev", "guess-number-" + i).statusCode();
            wrong += status == 401 ? 1 : 0;
            throttled += status == 429 ? 1 : 0;
        }
        assertEquals(40, wrong + throttled);
        assertTrue(wrong >= 5 && throttled > 0, wrong + " attempts were checked, " + throttled + " throttled");

        Response right = form.post("guessed-dev", "guessed-dev-password");
        right.then().statusCode(429).body(containsString("Too many failed sign-ins"));
        assertTrue(Integer.parseInt(right.header("Retry-After")) > 0, "Retry-After: " + right.header("Retry-After"));
        assertEquals(null, right.cookie("pave-session"));

        WebUser admin = WebUser.admin();
        String page = admin.request().get("/admin/users").then().statusCode(200)
                .body(containsString("Slowed-down sign-ins"), containsString("Account guessed-dev")).extract().asString();
        assertTrue(page.contains("aria-label=\"Unlock Account guessed-dev\""), "an Unlock button for the account");
        admin.form().formParam("key", "account:guessed-dev").post("/admin/users/sign-in-throttle/unlock").then().statusCode(303);
        admin.request().get("/admin/users").then().body(not(containsString("Account guessed-dev")));

        // the address counted the checked failures too; unlocked as well so the next tests sign in from it
        throttle.slowed().forEach(s -> throttle.unlock(Caller.system(), s.key()));
        form.post("guessed-dev", "guessed-dev-password").then().statusCode(303);
    }

    @Test
    void unknownDisabledAndRealAccountsTakeTheSameTimeToRefuse() {
        identity.createLocalUser(Caller.system(), "timed-dev", "timed-dev-password", Set.of(Role.DEVELOPER), false);
        identity.createLocalUser(Caller.system(), "timed-off", "timed-off-password", Set.of(Role.DEVELOPER), false);
        identity.setDisabled(Caller.system(), "timed-off", true);
        SignInForm form = SignInForm.open();
        int tries = 50;
        long[] known = new long[tries];
        long[] unknown = new long[tries];
        long[] disabled = new long[tries];
        form.post("warm-up", "warm-up-password");
        for (int i = 0; i < tries; i++) {
            known[i] = form.timed("timed-dev", "wrong-password-" + i);
            unknown[i] = form.timed("nobody-called-" + i, "wrong-password-" + i);
            disabled[i] = form.timed("timed-off", "timed-off-password");
            // forgotten between tries, so every attempt is checked rather than throttled
            for (String key : new String[] {"account:timed-dev", "account:nobody-called-" + i, "account:timed-off", "address:127.0.0.1"}) {
                throttle.unlock(Caller.system(), key);
            }
        }
        long k = median(known);
        long u = median(unknown);
        long d = median(disabled);
        // 95 ms against 6 ms before the dummy hash; noise on a busy 2-core machine is a few ms
        long tolerance = Math.max(15, Math.max(k, u) / 4);
        String figures = "medians: known " + k + " ms, unknown " + u + " ms, disabled " + d + " ms";
        assertTrue(Math.abs(k - u) <= tolerance, figures);
        assertTrue(Math.abs(k - d) <= tolerance, figures);
    }

    private static long median(long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One sign-in form, posted many times, as a person retrying in the same tab would. */
    private record SignInForm(String nonce, String token) {

        static SignInForm open() {
            Response page = given().get("/login");
            return new SignInForm(page.cookie("pave-login"), WebUser.tokenIn(page));
        }

        Response post(String username, String password) {
            return given().redirects().follow(false).cookie("pave-login", nonce).contentType("application/x-www-form-urlencoded")
                    .formParam("csrf-token", token).formParam("username", username).formParam("password", password).post("/login");
        }

        long timed(String username, String password) {
            long start = System.nanoTime();
            int status = post(username, password).statusCode();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(401, status, username + " refused as a wrong password, not throttled");
            return millis;
        }
    }
}
