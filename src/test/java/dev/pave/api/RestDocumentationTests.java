package dev.pave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/openapi}: every REST endpoint beside the Proton API is described, for signed-in users only, and what it
 * describes is true (its example request works).
 */
@QuarkusTest
class RestDocumentationTests {

    @TestHTTPResource("/")
    URI pave;

    @Inject
    PortalFixtures fixtures;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDocumentAndItsUiAreForSignedInUsers() {
        RestAssured.given().redirects().follow(false).get("/q/openapi").then().statusCode(302);
        RestAssured.given().redirects().follow(false).get("/q/swagger-ui/").then().statusCode(302);
        fixtures.load();
        WebUser.developer().request().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void everyEndpointOfTheApiPackageButProtonsIsDescribed() throws Exception {
        fixtures.load();
        JsonNode doc = document();
        TreeSet<String> described = new TreeSet<>();
        doc.get("paths").fieldNames().forEachRemaining(described::add);
        for (String endpoint : apiEndpoints()) {
            assertTrue(described.contains(endpoint), endpoint + " is not in /q/openapi: " + described);
        }
        assertTrue(described.contains("/deployments/{id}/events") && described.contains("/q/metrics"), described.toString());
        assertTrue(!described.contains("/"), "the Proton API is botocore's model, not this document");
    }

    @Test
    void theRenderPreviewsDocumentedExampleWorksAsDocumented() throws Exception {
        fixtures.load(); // publishes the sample the example names
        JsonNode operation = document().get("paths").get("/api/v1/render").get("post");
        JsonNode example = operation.get("requestBody").get("content").get("application/json").get("example");
        SignedHttpAccess.Response r = SignedHttpAccess.post(pave, "/api/v1/render", example.toString());
        assertEquals(200, r.status(), r.body());
        JsonNode files = json.readTree(r.body()).get("environment").get("files");
        assertTrue(files.isArray() && !files.isEmpty(), r.body());
        assertTrue(files.get(0).has("path") && files.get(0).has("content"), "the result has the documented shape: " + r.body());
    }

    private JsonNode document() throws Exception {
        return json.readTree(WebUser.developer().request().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
    }

    /** The paths of the JAX-RS resources in dev.pave.api, as OpenAPI writes them ({@code {name: .+}} becomes {@code {name}}). */
    private static List<String> apiEndpoints() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(ProtonApi.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/pave/api");
        List<String> paths = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                Class<?> type = Class.forName("dev.pave.api." + file.getFileName().toString().replace(".class", ""));
                Path path = type.getAnnotation(Path.class);
                if (path != null && type != ProtonApi.class) {
                    paths.add(path.value().replaceAll("\\{(\\w+)\\s*:[^}]*\\}", "{$1}"));
                }
            }
        }
        assertTrue(paths.size() >= 2, "at least the render preview and repository access: " + paths);
        return paths;
    }
}
