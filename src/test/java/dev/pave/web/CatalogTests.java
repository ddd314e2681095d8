package dev.pave.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateService.NewTemplate;
import dev.pave.template.TemplateType;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogTests {

    @Inject
    TemplateService templates;

    @Inject
    IdentityService identity;

    @BeforeEach
    void catalog() {
        create(TemplateType.ENVIRONMENT, "cat-vpc", "Catalog VPC", "A network for catalog tests", null);
        create(TemplateType.SERVICE, "cat-web", null, "A web service for catalog tests", Template.CUSTOMER_MANAGED);
        if (identity.user("cat-dev").isEmpty()) {
            identity.createLocalUser(Caller.system(), "cat-dev", "developer-password-1", Set.of(Role.DEVELOPER), false);
        }
    }

    @Test
    void cardsShowNamesKindsAndRecommendedVersions() {
        WebUser.admin().request().get("/?text=catalog").then().statusCode(200)
                .body(containsString("<html lang=\"en\">"), containsString("<nav aria-label=\"Main\">"),
                        containsString("href=\"/templates/environment/cat-vpc\">Catalog VPC</a>"),
                        containsString("<code>cat-web</code>"), containsString("No published version"),
                        containsString("hx-trigger=\"input changed delay:300ms, search\""));
    }

    @Test
    void anHtmxFilterGetsOnlyTheList() {
        WebUser.admin().htmx("catalog-list").queryParam("text", "catalog vpc").get("/").then().statusCode(200)
                .body(startsWith("<div id=\"catalog-list\""), not(containsString("<html")), not(containsString("<h1")),
                        containsString("Catalog VPC"), not(containsString("cat-web")));
        WebUser.admin().htmx("catalog-list").get("/?text=catalog&kind=service").then().statusCode(200)
                .body(containsString("cat-web"), not(containsString("cat-vpc")));
        // a reload after the URL was pushed asks for the whole page again
        WebUser.admin().htmx("catalog-list").header("HX-History-Restore-Request", "true").get("/?text=catalog")
                .then().body(containsString("<html"));
    }

    @Test
    void theCatalogPages() {
        for (int i = 0; i < Catalog.PAGE_SIZE + 1; i++) {
            create(TemplateType.ENVIRONMENT, "paged-" + (100 + i), null, null, null);
        }
        WebUser admin = WebUser.admin();
        admin.htmx("catalog-list").get("/?text=paged-").then()
                .body(containsString("paged-111"), not(containsString("paged-112")), containsString("aria-label=\"Next page\""),
                        not(containsString("aria-label=\"Previous page\"")));
        admin.htmx("catalog-list").get("/?text=paged-&page=2").then()
                .body(containsString("paged-112"), not(containsString("paged-111")), containsString("aria-label=\"Previous page\""));
    }

    @Test
    void aDeveloperSeesTheCatalogButNoAdminPages() {
        WebUser dev = WebUser.login("cat-dev", "developer-password-1");
        dev.request().get("/").then().statusCode(200).body(containsString("Catalog VPC"), not(containsString("href=\"/admin/users\"")));
        dev.request().get("/templates/service/cat-web").then().statusCode(200)
                .body(containsString("CUSTOMER_MANAGED"), not(containsString("Upload a new version")));
        dev.request().get("/admin/templates/new").then().statusCode(403);
        dev.form().formParam("type", "environment").formParam("name", "sneaky").post("/admin/templates").then().statusCode(403);
        dev.request().get("/admin/users").then().statusCode(403);
        dev.form().formParam("username", "sneaky").post("/admin/users").then().statusCode(403);
    }

    @Test
    void theTemplatePageShowsItsVersionsAndProvisioning() {
        WebUser.admin().request().get("/templates/service/cat-web").then().statusCode(200)
                .body(containsString("<h1>cat-web</h1>"), containsString("CUSTOMER_MANAGED"), containsString("No versions yet."),
                        containsString("Compatible environment templates"), containsString("aria-label=\"Upload version bundle\""));
        WebUser.admin().request().get("/templates/service/nothing-here").then().statusCode(404)
                .body(containsString("The service template nothing-here was not found"));
        WebUser.admin().request().get("/templates/pipeline/cat-web").then().statusCode(404);
    }

    @Test
    void anAdminCreatesATemplate() {
        WebUser admin = WebUser.admin();
        admin.request().get("/admin/templates/new").then().statusCode(200).body(containsString("aria-label=\"Create template\""));
        admin.form().formParam("type", "environment").formParam("name", "cat-created").formParam("displayName", "Created here")
                .formParam("customerManaged", "true").post("/admin/templates")
                .then().statusCode(303).header("Location", endsWith("/templates/environment/cat-created"));
        admin.request().get("/templates/environment/cat-created").then().body(containsString("Created here"), containsString("CUSTOMER_MANAGED"));
    }

    @Test
    void createErrorsAreInlineAndKeepTheValues() {
        WebUser admin = WebUser.admin();
        admin.form().formParam("type", "service").formParam("name", "").formParam("displayName", "Kept display name")
                .post("/admin/templates").then().statusCode(400)
                .body(containsString("id=\"f-name-error\" class=\"error\" role=\"alert\">Enter a name."),
                        containsString("value=\"Kept display name\""), containsString("value=\"service\" checked"));
        admin.form().formParam("type", "environment").formParam("name", "cat-vpc").post("/admin/templates").then().statusCode(400)
                .body(containsString("class=\"form-error\" role=\"alert\">environment template cat-vpc already exists"));
    }

    @Test
    void formPostsNeedTheCsrfToken() {
        WebUser admin = WebUser.admin();
        admin.request().contentType("application/x-www-form-urlencoded").formParam("type", "environment")
                .formParam("name", "no-token").post("/admin/templates").then().statusCode(400);
        admin.request().contentType("application/x-www-form-urlencoded").formParam("csrf-token", "forged-token-value")
                .formParam("type", "environment").formParam("name", "no-token").post("/admin/templates").then().statusCode(400);
        admin.request().get("/templates/environment/no-token").then().statusCode(404);
    }

    private void create(TemplateType type, String name, String displayName, String description, String provisioning) {
        if (Template.find(type, name).isEmpty()) {
            templates.createTemplate(Caller.system(), type, new NewTemplate(name, displayName, description, null, provisioning), Map.of());
        }
    }
}
