package dev.pave.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import dev.pave.testing.PortalFixtures;
import dev.pave.testing.SecurityHeaders;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of response carries the security headers: pages signed in and out, redirects to the login page, error
 * pages (Pave's own and the framework's), htmx fragments, static files, the webjar htmx comes from, the API door.
 */
@QuarkusTest
class SecurityHeadersTests {

    @Inject
    PortalFixtures fixtures;

    @BeforeEach
    void load() {
        fixtures.load();
    }

    @Test
    void pagesSignedInAndOutCarryTheHeaders() {
        check("the login page", given().get("/login").then().statusCode(200).body(containsString("Sign in to Pave")).extract().response());
        check("a failed login", WebUser.signIn("nobody-at-all", "wrong-password-here").then().statusCode(401).extract().response());
        check("the redirect of an anonymous page request", given().redirects().follow(false).get("/environments").then().statusCode(302)
                .extract().response());
        WebUser admin = WebUser.admin();
        check("the catalog", admin.request().get("/").then().statusCode(200).body(containsString("Template catalog")).extract().response());
        check("the account settings page", admin.request().get("/admin/settings").then().statusCode(200).extract().response());
        check("an htmx fragment", admin.htmx("catalog-list").get("/?text=nothing-matches").then().statusCode(200).extract().response());
    }

    @Test
    void errorPagesCarryTheHeaders() {
        WebUser developer = WebUser.developer();
        check("Pave's 404 page", developer.request().get("/environments/no-such-environment").then().statusCode(404)
                .body(containsString("Not found")).extract().response());
        check("the framework's 404", developer.request().get("/no/such/page").then().statusCode(404).extract().response());
        check("a 403 page", WebUser.reader().request().get("/environments/new").then().statusCode(403).extract().response());
        check("a 404 of a static file", given().get("/static/no-such-file.js").then().statusCode(404).extract().response());
        check("the metrics' refusal of a scraper without the token", given().get("/q/metrics").then().statusCode(401).extract().response());
        check("the REST document", developer.request().get("/q/openapi").then().statusCode(200).extract().response());
        // only the Swagger UI page itself has the relaxed policy, not its scripts or other paths under it
        check("Swagger UI's script", developer.request().get("/q/swagger-ui/swagger-ui-bundle.js").then().statusCode(200).extract().response());
        check("a made-up file under Swagger UI", developer.request().redirects().follow(false).get("/q/swagger-ui/no-such-file.html").then().extract().response());
        check("the API door's refusal of an unsigned call", given().contentType("application/x-amz-json-1.0").header("X-Amz-Target", "AwsProton20200720.ListEnvironments")
                .body("{}".getBytes(StandardCharsets.UTF_8)).post("/").then().statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)))
                .extract().response());
    }

    @Test
    void staticFilesCarryTheHeaders() {
        check("the stylesheet", given().get("/static/pave.css").then().statusCode(200).extract().response());
        check("the page script", given().get("/static/pave.js").then().statusCode(200).extract().response());
        check("htmx", given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200).extract().response());
    }

    private static void check(String what, Response response) {
        SecurityHeaders.assertPresent(what + " (" + response.statusLine() + ")", response::header);
    }
}
