package dev.pave.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SSO: the OIDC code flow against a WireMock identity provider, ending as a Pave user with Pave roles. */
@QuarkusTest
@TestProfile(OidcLoginTests.SsoOn.class)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
class OidcLoginTests {

    public static class SsoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.client-id", "quarkus-web-app",
                    "quarkus.oidc.credentials.secret", "secret",
                    "quarkus.oidc.authentication.cookie-same-site", "lax",
                    "pave.oidc.teams-claim", "groups");
        }
    }

    @Test
    void theCodeFlowLogsInAndCreatesAPaveUserWithDefaultRoles() {
        signInThroughTheProvider();

        User user = ssoUser();
        assertEquals("alice", user.username, "named after the token's preferred_username");
        assertEquals("https://server.example.com|123456", user.oidcSubject, "keyed by issuer and subject");
        assertEquals("developer", user.roles, "no Pave role in the token's groups: the default role");
        assertEquals(null, user.passwordHash, "SSO users have no local password");
    }

    /** The mock provider's token says groups: [user]; with a team of that name, the user is in it, and in no other. */
    @Test
    void theGroupsClaimNamesTheUsersTeams() {
        try {
            teams.create(Caller.system(), "user", "the provider's group");
        } catch (dev.pave.error.ConflictException madeByAnEarlierRun) {
            // the embedded database outlives a profile's restart
        }
        signInThroughTheProvider();
        assertEquals(java.util.Set.of("user"), ssoUserTeams(), "the existing team the claim names; unknown groups and 'default' are not kept");
    }

    @jakarta.inject.Inject
    dev.pave.team.TeamService teams;

    @Transactional
    java.util.Set<String> ssoUserTeams() {
        return java.util.Set.copyOf(ssoUser().teams);
    }

    private void signInThroughTheProvider() {
        Map<String, String> cookies = new HashMap<>();
        // 1. Pave sends the browser to the identity provider
        Response start = RestAssured.given().redirects().follow(false).get("/login/oidc");
        assertEquals(302, start.statusCode());
        cookies.putAll(start.getCookies());
        String authorize = start.getHeader("Location");
        assertTrue(authorize.contains("client_id=quarkus-web-app"), authorize);
        // 2. the (mock) provider logs the user in and sends them back with a code
        String state = query(authorize, "state");
        String redirectUri = java.net.URLDecoder.decode(query(authorize, "redirect_uri"), java.nio.charset.StandardCharsets.UTF_8);
        String providerLogin = authorize.substring(0, authorize.indexOf("/auth/realms")) + "/login";
        Response back = RestAssured.given().redirects().follow(false)
                .queryParam("redirect_uri", redirectUri).queryParam("state", state).get(providerLogin);
        assertEquals(302, back.statusCode());
        // 3. Pave exchanges the code and starts a session
        Response callback = RestAssured.given().redirects().follow(false).cookies(cookies).get(back.getHeader("Location"));
        assertTrue(callback.statusCode() == 302 || callback.statusCode() == 303, "callback: " + callback.statusCode() + callback.asString());
        cookies.putAll(callback.getCookies());
        Response landed = RestAssured.given().redirects().follow(false).cookies(cookies).get("/login/oidc");
        assertEquals(303, landed.statusCode(), landed.asString());
        assertEquals("/", java.net.URI.create(landed.getHeader("Location")).getPath());
        // from here on a Pave session, which Pave can end; the provider's own cookies open nothing but /login/oidc
        String session = landed.getCookie("pave-session");
        assertTrue(session != null && !session.isEmpty(), "a Pave session: " + landed.getCookies());
        RestAssured.given().redirects().follow(false).cookie("pave-session", session).get("/").then().statusCode(200);
        Response providerCookiesOnly = RestAssured.given().redirects().follow(false).cookies(cookies).get("/");
        assertEquals(302, providerCookiesOnly.statusCode());
        assertTrue(providerCookiesOnly.getHeader("Location").endsWith("/login"), providerCookiesOnly.getHeader("Location"));
    }

    @Transactional
    User ssoUser() {
        return User.<User>find("oidcSubject is not null").firstResultOptional().orElseThrow(
                () -> new AssertionError("users: " + User.<User>listAll().stream().map(u -> u.username + "/" + u.oidcSubject).toList()));
    }

    private static String query(String url, String name) {
        for (String pair : java.net.URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing from " + url);
    }
}
