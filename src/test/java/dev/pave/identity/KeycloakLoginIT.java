package dev.pave.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.testing.FreePort;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PackagedPave;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * SSO with a real Keycloak (its own distribution from Maven Central, unpacked by the build; ~30 s to start, so once
 * for the class) and the realm that docker/compose.yaml imports, driven through Keycloak's own pages in Chromium:
 * groups become Pave roles, a group taken away is a role lost at the next sign-in, and signing out of Pave signs out
 * of Keycloak too.
 */
class KeycloakLoginIT {

    private static final String REALM_FILE = "docker/keycloak/pave-realm.json";
    private static final String KC_ADMIN = "kc-admin";
    private static final String KC_ADMIN_PASSWORD = "kc-admin-password-51b7";

    private static Process keycloak;
    private static String keycloakUrl;
    private static PackagedPave pave;
    private static HeadlessChromium browser;

    @BeforeAll
    static void startKeycloakAndPave() throws IOException {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.7.3"));
        assertTrue(Files.isRegularFile(home.resolve("bin/kc.sh")), "Keycloak's distribution is unpacked by the build (mvn verify): " + home);
        Path scratch = Files.createTempDirectory("pave-keycloak-it");
        int pavePort = FreePort.pick();
        int keycloakPort = FreePort.pick();
        keycloakUrl = "http://localhost:" + keycloakPort;

        // the compose realm, its client pointed at this test's Pave
        ObjectNode realm = (ObjectNode) new ObjectMapper().readTree(new File(REALM_FILE));
        ObjectNode client = (ObjectNode) realm.get("clients").get(0);
        client.putArray("redirectUris").add("http://localhost:" + pavePort + "/*");
        client.putArray("webOrigins").add("http://localhost:" + pavePort);
        Files.createDirectories(home.resolve("data/import"));
        Files.writeString(home.resolve("data/import/pave-realm.json"), realm.toString());

        ProcessBuilder kc = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + keycloakPort,
                "--db=dev-mem", "--import-realm")
                .redirectErrorStream(true).redirectOutput(scratch.resolve("keycloak.log").toFile());
        kc.environment().put("JAVA_HOME", System.getProperty("java.home"));
        kc.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KC_ADMIN);
        kc.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KC_ADMIN_PASSWORD);
        keycloak = kc.start();
        pave = PackagedPave.launch(pavePort, scratch.resolve("pave.log"), Map.of(
                // a home of its own: when the tests run as root, the database runs as a system account that must reach it
                "PAVE_HOME", Files.createTempDirectory("pave-keycloak-home").toString(),
                "PAVE_SAMPLES_LOAD", "false",
                "QUARKUS_OIDC_TENANT_ENABLED", "true",
                "QUARKUS_OIDC_AUTH_SERVER_URL", keycloakUrl + "/realms/pave",
                "QUARKUS_OIDC_CLIENT_ID", client.get("clientId").asText(),
                "QUARKUS_OIDC_CREDENTIALS_SECRET", client.get("secret").asText()));
        awaitKeycloak(scratch.resolve("keycloak.log"));
        pave.awaitReady();
        browser = HeadlessChromium.start(pave.url(), 900, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (pave != null) {
            pave.stop(Duration.ofSeconds(30));
        }
        if (keycloak != null) {
            keycloak.destroy();
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.destroyForcibly();
            }
        }
    }

    @Test
    void groupsBecomeRolesARemovedGroupIsALostRoleAndSigningOutEndsTheKeycloakSession() {
        browser.open("login");
        browser.findElement(By.linkText("Sign in with SSO")).click();
        signInAtKeycloak("alice", "alice-password");
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Template catalog"));
        assertEquals("alice", browser.findElement(By.cssSelector(".user-menu summary")).getText());
        browser.open("admin/users");
        assertEquals("Users", browser.findElement(By.tagName("h1")).getText(), "alice is in Keycloak's platform-admin group");
        browser.screenshot("sso-01-keycloak-admin");

        // Keycloak's admin moves alice from platform-admin to developer
        keycloakAdmin().delete("/admin/realms/pave/users/" + userId("alice") + "/groups/" + groupId("platform-admin")).then().statusCode(204);
        keycloakAdmin().put("/admin/realms/pave/users/" + userId("alice") + "/groups/" + groupId("developer")).then().statusCode(204);

        // signing out of Pave passes through Keycloak's logout and lands on Pave's sign-in page
        browser.findElement(By.cssSelector(".user-menu summary")).click();
        browser.findElement(By.cssSelector("button[aria-label='Log out']")).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Sign in to Pave"));
        assertTrue(browser.getCurrentUrl().startsWith(pave.url() + "/login"), browser.getCurrentUrl());

        // Keycloak asks for the password again: its session ended with Pave's
        browser.findElement(By.linkText("Sign in with SSO")).click();
        signInAtKeycloak("alice", "alice-password");
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Template catalog"));
        browser.open("admin/users");
        assertEquals("Not allowed", browser.findElement(By.tagName("h1")).getText(), "the platform-admin role went with the group");
        browser.open("environments/new");
        assertEquals("Create environment", browser.findElement(By.tagName("h1")).getText(), "the developer group's role");
    }

    /** Fills in Keycloak's own login page. */
    private static void signInAtKeycloak(String username, String password) {
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(browser.getCurrentUrl().startsWith(keycloakUrl + "/realms/pave/"), "at Keycloak: " + browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    private static RequestSpecification keycloakAdmin() {
        String token = RestAssured.given().baseUri(keycloakUrl).formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", KC_ADMIN).formParam("password", KC_ADMIN_PASSWORD)
                .post("/realms/master/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        return RestAssured.given().baseUri(keycloakUrl).auth().oauth2(token);
    }

    private static String userId(String username) {
        ArrayNode users = keycloakAdmin().queryParam("username", username).queryParam("exact", true).get("/admin/realms/pave/users")
                .then().statusCode(200).extract().as(ArrayNode.class);
        return users.get(0).get("id").asText();
    }

    private static String groupId(String name) {
        ArrayNode groups = keycloakAdmin().queryParam("search", name).queryParam("exact", true).get("/admin/realms/pave/groups")
                .then().statusCode(200).extract().as(ArrayNode.class);
        return groups.get(0).get("id").asText();
    }

    private static void awaitKeycloak(Path log) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(keycloak.isAlive(), () -> "Keycloak exited: " + tail(log));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(keycloakUrl + "/realms/pave/.well-known/openid-configuration").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            PackagedPave.sleep(500);
        }
        throw new AssertionError("Keycloak was not ready within 180 s: " + tail(log));
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
