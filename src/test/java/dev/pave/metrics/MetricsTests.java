package dev.pave.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.api.SignedHttpAccess;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.ProtonClients;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.proton.ProtonClient;
import software.amazon.awssdk.services.proton.model.ResourceNotFoundException;

/** {@code /q/metrics}: Prometheus text for a scraper with the token or an admin's session, nothing for anyone else. */
@QuarkusTest
class MetricsTests {

    @TestHTTPResource("/")
    URI pave;

    @TestHTTPResource("/")
    URL paveUrl;

    @Inject
    PortalFixtures fixtures;

    @Test
    void onlyTheScrapeTokenAndPlatformAdminsReadTheMetrics() throws Exception {
        RestAssured.given().redirects().follow(false).get("/q/metrics").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"Pave metrics\"");
        RestAssured.given().redirects().follow(false).header("Authorization", "Bearer not-the-token").get("/q/metrics").then().statusCode(401);
        fixtures.load();
        WebUser.developer().request().redirects().follow(false).get("/q/metrics").then().statusCode(403);
        WebUser.admin().request().get("/q/metrics").then().statusCode(200);
        assertTrue(raw("GET /x/../q/metrics HTTP/1.1").startsWith("HTTP/1.1 401"), "a path the router reads as /q/metrics is refused like it");
        scrape();
    }

    @Test
    void aDeploymentARenderAndApiCallsShowInTheMetrics() throws Exception {
        double started = value(scrape(), "pave_deployments_started_total", "action=\"deploy\"", "engine=\"commands\"");
        double succeeded = value(scrape(), "pave_deployments_finished_seconds_count", "engine=\"commands\"", "outcome=\"succeeded\"");
        fixtures.load();
        fixtures.sandbox("metrics-sandbox");

        ProtonClient proton = ProtonClients.admin(paveUrl);
        proton.getEnvironment(b -> b.name("metrics-sandbox"));
        try {
            proton.getEnvironment(b -> b.name("metrics-nowhere"));
        } catch (ResourceNotFoundException expected) {
            // counted as its error type
        }
        SignedHttpAccess.Response preview = SignedHttpAccess.post(pave, "/api/v1/render", """
                {"templateType": "ENVIRONMENT", "templateName": "pave-sandbox-env", "majorVersion": "1", "minorVersion": "0",
                 "name": "metrics-preview", "spec": "proton: EnvironmentSpec\\nspec:\\n  size: medium\\n"}""");
        assertEquals(200, preview.status(), preview.body());
        WebUser.developer().request().get("/environments/metrics-sandbox").then().statusCode(200);

        String metrics = scrape();
        assertEquals(started + 1, value(metrics, "pave_deployments_started_total", "action=\"deploy\"", "engine=\"commands\""), 0.0);
        // the outcome is counted after the commit that records it, which the fixture may see a moment before
        assertTrue(ProtonClients.await(() -> value(scrape(), "pave_deployments_finished_seconds_count", "engine=\"commands\"",
                "outcome=\"succeeded\"") >= succeeded + 1, true));
        assertTrue(value(metrics, "pave_api_requests_seconds_count", "operation=\"GetEnvironment\"", "outcome=\"ok\"") >= 1, metrics);
        assertTrue(value(metrics, "pave_api_requests_seconds_count", "operation=\"GetEnvironment\"", "outcome=\"ResourceNotFoundException\"") >= 1,
                metrics);
        assertTrue(value(metrics, "pave_render_seconds_count") >= 1, metrics);
        assertTrue(value(metrics, "http_server_requests_seconds_count", "uri=\"/environments/{name}\"", "status=\"200\"") >= 1, metrics);
        assertTrue(metrics.contains("pave_deployments_waiting "), metrics);
        assertTrue(metrics.contains("pave_deployments_waiting_oldest_seconds "), metrics);
        assertTrue(metrics.contains("agroal_active_count"), "the database pool: " + metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "the JVM: " + metrics);

        // the sample dashboard charts only meters Pave serves
        Matcher charted = Pattern.compile("\\b((?:pave|http_server|agroal|jvm)_[a-z_]+)").matcher(Files.readString(Path.of("docker/grafana/pave-dashboard.json")));
        while (charted.find()) {
            assertTrue(metrics.contains("\n" + charted.group(1)), "the dashboard charts " + charted.group(1) + ", which /q/metrics does not have");
        }
    }

    @Test
    void unknownOperationsShareOneLabelSoCallersCannotGrowTheMetrics() throws Exception {
        double before = value(scrape(), "pave_api_requests_seconds_count", "operation=\"unknown\"");
        for (String name : new String[] {"Made.Up.One", "MadeUpTwo"}) {
            RestAssured.given().header("X-Amz-Target", "AwsProton20200720." + name).contentType("application/x-amz-json-1.0").body("{}".getBytes(StandardCharsets.UTF_8))
                    .post("/").then().statusCode(403);
        }
        String metrics = scrape();
        assertTrue(!metrics.contains("MadeUp"), "no label names an unknown operation");
        assertEquals(before + 2, value(metrics, "pave_api_requests_seconds_count", "operation=\"unknown\""), 0.0, metrics);
    }

    @Test
    void madeUpMethodsAndDotSegmentPathsCannotGrowTheHttpMetersOrCrowdOutRealRoutes() throws Exception {
        for (int i = 0; i < 120; i++) {
            // past Quarkus's 100 uri labels: each would have been a series of its own, and then real routes lose theirs
            String answer = raw("GET /x" + i + "/../q/health HTTP/1.1");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            raw("GET /x" + i + "/%2e%2e/q/health HTTP/1.1");
        }
        for (String method : new String[] {"FROB", "MADEUPVERB", "PROPFIND"}) {
            raw(method + " / HTTP/1.1");
        }
        double login = value(scrape(), "http_server_requests_seconds_count", "uri=\"/login\"", "method=\"GET\"");
        RestAssured.given().get("/login").then().statusCode(200);

        String metrics = scrape();
        assertEquals(login + 1, value(metrics, "http_server_requests_seconds_count", "uri=\"/login\"", "method=\"GET\""), 0.0,
                "a real route is still recorded: " + metrics);
        Matcher labels = Pattern.compile("(?m)^http_server_[a-z_]+\\{([^}]*)\\}").matcher(metrics);
        while (labels.find()) {
            assertTrue(!labels.group(1).contains("..") && !labels.group(1).contains("%2e"), "an unnormalised path as a label: " + labels.group());
            Matcher method = Pattern.compile("method=\"([^\"]*)\"").matcher(labels.group(1));
            assertTrue(!method.find() || HttpMeterLabels.METHODS.contains(method.group(1)) || method.group(1).equals("OTHER"),
                    "a made-up method as a label: " + labels.group());
        }
    }

    /** Sends one request line as written (HTTP clients would normalise the path or refuse the method); answers the status line. */
    private String raw(String requestLine) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(pave.getHost(), pave.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.lines().findFirst().orElse("");
        }
    }

    private static String scrape() {
        return RestAssured.given().header("Authorization", "Bearer " + PaveTestResource.METRICS_TOKEN).get("/q/metrics")
                .then().statusCode(200).extract().asString();
    }

    /** The sum of a meter's samples whose labels contain all of {@code labels}; 0 when there are none yet. */
    private static double value(String metrics, String name, String... labels) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{.*\\})? (\\S+)$").matcher(metrics);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
