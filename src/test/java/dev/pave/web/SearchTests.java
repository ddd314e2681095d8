package dev.pave.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The header's search over HTTP: what it finds, how it reads typed text, and who may ask. */
@QuarkusTest
class SearchTests {

    @Inject
    PortalFixtures fixtures;

    @BeforeEach
    void load() {
        fixtures.load();
        fixtures.sandbox("srch-alpha");
        fixtures.sandbox("srch-beta");
    }

    @Test
    void namesAreFoundByAnyPartPrefixesFirstAndDeploymentsByTheStartOfTheirId() {
        String id = dev.pave.environment.Environment.<dev.pave.environment.Environment>find("name", "srch-alpha").firstResultOptional()
                .map(e -> e.deployment.lastAttemptedId).orElseThrow();
        WebUser.developer().request().queryParam("q", "srch-").get("/search").then().statusCode(200)
                .body(containsString("href=\"/environments/srch-alpha\">srch-alpha</a>"), containsString("href=\"/environments/srch-beta\""),
                        containsString("<nav id=\"main-nav\""));
        WebUser.developer().request().queryParam("q", "ALPHA").get("/search").then().statusCode(200)
                .body(containsString("srch-alpha"), not(containsString("srch-beta")));
        WebUser.developer().request().queryParam("q", id.substring(0, 8)).get("/search").then().statusCode(200)
                .body(containsString("href=\"/deployments/" + id + "\""));
        // the sandbox sample template, by its name
        WebUser.developer().request().queryParam("q", PortalFixtures.SANDBOX).get("/search").then().statusCode(200)
                .body(containsString("href=\"/templates/environment/" + PortalFixtures.SANDBOX + "\""));
    }

    @Test
    void theBoxGetsAShortListAndTypedTextIsLiteralAndEscaped() {
        WebUser.developer().htmx("search-suggestions").queryParam("q", "srch").get("/search").then().statusCode(200)
                .body(containsString("id=\"search-suggestions\""), containsString("srch-alpha"), not(containsString("<html")),
                        containsString("href=\"/search?q=srch\""));
        // % and _ are what they are, not wildcards; markup comes back as text
        WebUser.developer().request().queryParam("q", "%_").get("/search").then().statusCode(200)
                .body(containsString("Nothing is called “%_”"), not(containsString("srch-alpha")));
        WebUser.developer().htmx("search-suggestions").queryParam("q", "<b>x</b>").get("/search").then().statusCode(200)
                .body(containsString("&lt;b&gt;x&lt;/b&gt;"), not(containsString("<b>x</b>")));
        // one character finds nothing yet
        WebUser.developer().htmx("search-suggestions").queryParam("q", "s").get("/search").then().statusCode(200)
                .body(not(containsString("<li>")));
    }

    @Test
    void serviceSlashInstanceNarrowsToThatServicesInstances() {
        fixtures.helloService("srch-svc", "srch-hello", "srch-alpha");
        WebUser.developer().request().queryParam("q", "srch-svc/de").get("/search").then().statusCode(200)
                .body(containsString("href=\"/services/srch-svc/instances/dev\">srch-svc/dev</a>"));
        WebUser.developer().request().queryParam("q", "other-svc/de").get("/search").then().statusCode(200)
                .body(not(containsString("/services/srch-svc/instances/dev")));
    }

    /** PostgreSQL can't compare text holding NUL: such an address is refused before any page reads it. */
    @Test
    void anAddressWithANulCharacterIsRefusedNotAServerError() {
        WebUser dev = WebUser.developer();
        for (String path : java.util.List.of("/search?q=%00x", "/environments/a%00b", "/deployments/a%00b", "/environments/new?text=a%00b")) {
            dev.request().urlEncodingEnabled(false).get(path).then().statusCode(400)
                    .body(containsString("Not a valid address"), containsString("<nav id=\"main-nav\""));
        }
        WebUser.admin().form().urlEncodingEnabled(false).post("/admin/users/a%00b/password").then().statusCode(400);
    }

    @Test
    void searchingNeedsARole() {
        WebUser.nobody().request().queryParam("q", "srch").get("/search").then().statusCode(403);
    }
}
