package dev.pave.web;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A browser sends its session cookie along with any request another site makes it send, never the session's CSRF
 * token: every state-changing request with the cookie and without that token is refused and changes nothing,
 * whatever its content type or body.
 */
@QuarkusTest
class CsrfTests {

    @Inject
    IdentityService identity;

    /** What a forged request can look like; each must fail. */
    private static Map<String, Function<WebUser, RequestSpecification>> forgeries(WebUser victim, WebUser other) {
        Map<String, Function<WebUser, RequestSpecification>> forged = new LinkedHashMap<>();
        forged.put("text/plain body", u -> u.request().contentType("text/plain").body("csrf-token=" + u.csrf));
        forged.put("JSON body", u -> u.request().contentType("application/json").body("{\"csrf-token\":\"x\"}"));
        forged.put("no body", u -> u.request());
        forged.put("form without token", u -> u.request().contentType("application/x-www-form-urlencoded").formParam("x", "y"));
        forged.put("htmx header only", u -> u.request().header("HX-Request", "true"));
        forged.put("another session's token", u -> u.request().contentType("application/x-www-form-urlencoded").formParam("csrf-token", other.csrf));
        forged.put("another session's token in the header", u -> u.request().header("X-CSRF-TOKEN", other.csrf));
        forged.put("a Proton API call's headers", u -> u.request().header("X-Amz-Target", "AwsProton20200720.ListEnvironments")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=PAVEX/20261203/us-east-1/proton/aws4_request").contentType("application/x-amz-json-1.0; charset=utf-8")
                .body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return forged;
    }

    @Test
    void noForgedRequestDisablesAUser() {
        identity.createLocalUser(Caller.system(), "csrf-target", "csrf-target-password", Set.of(Role.DEVELOPER), false);
        WebUser admin = WebUser.admin();
        WebUser other = WebUser.login("csrf-target", "csrf-target-password");
        forgeries(admin, other).forEach((how, request) -> {
            request.apply(admin).post("/admin/users/csrf-target/disable").then().statusCode(403)
                    .body(containsString("did not come from a Pave page of your session"));
            assertFalse(identity.user("csrf-target").orElseThrow().disabled, how + " disabled the user");
        });
        // the same request with the token goes through
        admin.form().post("/admin/users/csrf-target/disable").then().statusCode(303);
    }

    @Test
    void noForgedRequestWipesTheAccountSettingsOrSignsOut() {
        identity.createLocalUser(Caller.system(), "csrf-other", "csrf-other-password", Set.of(Role.DEVELOPER), false);
        WebUser admin = WebUser.admin();
        WebUser other = WebUser.login("csrf-other", "csrf-other-password");
        String before = admin.request().get("/admin/settings").then().statusCode(200).extract().asString();
        forgeries(admin, other).forEach((how, request) -> {
            request.apply(admin).post("/admin/settings").then().statusCode(403);
            // the import takes forms only: other bodies are refused before the token is even read
            int imported = request.apply(admin).post("/admin/imports").statusCode();
            assertTrue(imported == 403 || imported == 415, how + ": " + imported);
            request.apply(admin).post("/logout").then().statusCode(403);
            request.apply(admin).post("/account/keys").then().statusCode(403);
        });
        assertEquals(before, admin.request().get("/admin/settings").then().statusCode(200).extract().asString(), "settings unchanged");
        admin.request().get("/account/keys").then().statusCode(200); // still signed in
    }

    @Test
    void theProtonApiDoorWithASessionCookieIsABrowserRequest() {
        WebUser admin = WebUser.admin();
        admin.request().header("X-Amz-Target", "AwsProton20200720.DeleteEnvironment").contentType("application/x-amz-json-1.0")
                .body("{\"name\":\"anything\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/").then().statusCode(403);
    }
}
