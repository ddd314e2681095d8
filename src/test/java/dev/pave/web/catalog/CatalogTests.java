package dev.pave.web.catalog;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.account.AccountService;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.service.NewService;
import dev.pave.service.ServiceService;
import dev.pave.template.Template;
import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.TemplateService.NewTemplate;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.testing.CatalogFixtures;
import dev.pave.testing.PortalBundles;
import dev.pave.testing.WebUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogTests {

    @Inject
    TemplateService templates;

    @Inject
    IdentityService identity;

    @Inject
    CatalogFixtures fixtures;

    @Inject
    AccountService accounts;

    @Inject
    ServiceService services;

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
                .body(containsString("<html lang=\"en\">"), containsString("<nav id=\"main-nav\" aria-label=\"Main\">"),
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
        // page links carry every filter along
        admin.htmx("catalog-list").get("/?text=paged-&kind=environment").then()
                .body(containsString("href=\"/?text=paged-&amp;kind=environment&amp;engine=&amp;page=2\""));
    }

    @Test
    void aDeveloperSeesTheCatalogButNoAdminPages() {
        WebUser dev = WebUser.login("cat-dev", "developer-password-1");
        // searched for: other tests' templates may fill the first page
        dev.request().queryParam("text", "Catalog VPC").get("/").then().statusCode(200)
                .body(containsString("Catalog VPC"), not(containsString("href=\"/admin/users\"")));
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
                .formParam("name", "no-token").post("/admin/templates").then().statusCode(403);
        admin.request().contentType("application/x-www-form-urlencoded").formParam("csrf-token", "forged-token-value")
                .formParam("type", "environment").formParam("name", "no-token").post("/admin/templates").then().statusCode(403);
        admin.request().get("/templates/environment/no-token").then().statusCode(404);
    }

    @Test
    void cardsShowEnginesCompatibleEnvironmentsAndWhatRunsOnThem() {
        fixtures.template(TemplateType.ENVIRONMENT, "cat-cmd-env", "Catalog commands env", "Runs as commands");
        fixtures.publish(TemplateType.ENVIRONMENT, "cat-cmd-env", null, PortalBundles.tarGz(PortalBundles.sandboxFiles()), null);
        fixtures.template(TemplateType.SERVICE, "cat-svc", "Catalog service", null);
        fixtures.publish(TemplateType.SERVICE, "cat-svc", null, PortalBundles.service(), List.of(new CompatibleEnvironment("cat-cmd-env", 1)));
        WebUser admin = WebUser.admin();
        card(admin, "cat-svc").then().body(containsString(">1.0</span>"), containsString("<dd class=\"engine\">CloudFormation; pipeline: Commands</dd>"),
                containsString("<a href=\"/templates/environment/cat-cmd-env\">cat-cmd-env</a> 1"),
                containsString("<dd class=\"deployed\">0 service instances, 0 pipelines</dd>"));
        card(admin, "cat-cmd-env").then().body(containsString("<dd class=\"engine\">Commands</dd>"), containsString("<dd class=\"deployed\">0 environments</dd>"));

        fixtures.deployedEnvironment("cat-cmd-1", "cat-cmd-env", 1, 0);
        card(admin, "cat-cmd-env").then().body(containsString("<dd class=\"deployed\">1 environment</dd>"));
        fixtures.deleteEnvironment("cat-cmd-1");
        card(admin, "cat-cmd-env").then().body(containsString("<dd class=\"deployed\">0 environments</dd>"));

        // a service counts its instances and its pipeline
        fixtures.deployedEnvironment("cat-host", "cat-cmd-env", 1, 0);
        fixtures.template(TemplateType.SERVICE, "cat-hello", null, null);
        fixtures.publish(TemplateType.SERVICE, "cat-hello", null, dev.pave.testing.TestBundles.fromResources("samples/hello-service").tarGz(),
                List.of(new CompatibleEnvironment("cat-cmd-env", 1)));
        if (accounts.settings(Caller.system()).pipelineCodebuildRoleArn == null) {
            accounts.update(Caller.system(), new AccountService.SettingsChange(Optional.empty(),
                    Optional.of("arn:aws:iam::123456789012:role/pave-pipeline-codebuild"), Optional.empty(), false));
        }
        services.create(Caller.system(), NewService.of("cat-hello-svc", "cat-hello", 1, null, """
                proton: ServiceSpec
                pipeline: {}
                instances:
                  - name: one
                    environment: cat-host
                    spec: {}
                """).withRepository("arn:aws:codestar-connections:us-east-1:123456789012:connection/abc", "acme/hello", "main"));
        card(admin, "cat-hello").then().body(containsString("<dd class=\"deployed\">1 service instance, 1 pipeline</dd>"));
        card(admin, "cat-cmd-env").then().body(containsString("<dd class=\"deployed\">1 environment</dd>"));
    }

    @Test
    void theEngineFilterKeepsTemplatesWhoseInstancesOrPipelineUseIt() {
        fixtures.template(TemplateType.ENVIRONMENT, "eng-cfn-env", null, null);
        fixtures.publish(TemplateType.ENVIRONMENT, "eng-cfn-env", null, PortalBundles.environment(), null);
        fixtures.template(TemplateType.ENVIRONMENT, "eng-cmd-env", null, null);
        fixtures.publish(TemplateType.ENVIRONMENT, "eng-cmd-env", null, PortalBundles.tarGz(PortalBundles.sandboxFiles()), null);
        fixtures.template(TemplateType.SERVICE, "eng-svc", null, null);
        fixtures.publish(TemplateType.SERVICE, "eng-svc", null, PortalBundles.service(), List.of(new CompatibleEnvironment("eng-cfn-env", 1)));
        WebUser dev = WebUser.login("cat-dev", "developer-password-1");
        dev.htmx("catalog-list").get("/?text=eng-&engine=commands").then().statusCode(200)
                .body(containsString("<code>eng-cmd-env</code>"), containsString("<code>eng-svc</code>"), not(containsString("<code>eng-cfn-env</code>")));
        dev.htmx("catalog-list").get("/?text=eng-&engine=cloudformation").then()
                .body(containsString("<code>eng-cfn-env</code>"), containsString("<code>eng-svc</code>"), not(containsString("<code>eng-cmd-env</code>")));
        dev.htmx("catalog-list").get("/?text=eng-&engine=cloudformation&kind=environment").then()
                .body(containsString("<code>eng-cfn-env</code>"), not(containsString("<code>eng-svc</code>")));
        dev.htmx("catalog-list").get("/?text=eng-&engine=terraform").then().body(containsString("No templates match."));
        // the whole page keeps the filter chosen, so a reload shows what the pushed URL says
        dev.request().get("/?text=eng-&engine=commands").then()
                .body(containsString("<option value=\"commands\" selected>Commands</option>"), containsString("aria-label=\"Filter templates by engine\""));
    }

    @Test
    void theTemplatePageChartsWhatRunsOnEachVersion() {
        fixtures.template(TemplateType.ENVIRONMENT, "chart-env", "Chart env", null);
        fixtures.publish(TemplateType.ENVIRONMENT, "chart-env", null, PortalBundles.tarGz(PortalBundles.sandboxFiles()), null);
        WebUser admin = WebUser.admin();
        admin.request().get("/templates/environment/chart-env").then().statusCode(200)
                .body(containsString("Nothing runs on this template yet."), not(containsString("<svg")));

        fixtures.publish(TemplateType.ENVIRONMENT, "chart-env", 1, PortalBundles.tarGz(PortalBundles.sandboxFiles()), null);
        fixtures.deployedEnvironment("chart-a", "chart-env", 1, 0);
        fixtures.deployedEnvironment("chart-b", "chart-env", 1, 0);
        fixtures.deployedEnvironment("chart-c", "chart-env", 1, 1);
        String page = admin.request().get("/templates/environment/chart-env").then().statusCode(200)
                .body(containsString("3 environments in all."), containsString("<svg role=\"img\" aria-label=\"Resources per version: 1.1: 1 environment; 1.0: 2 environments\""),
                        containsString("<title>Resources per version of Chart env</title>"))
                .extract().asString();
        // each bar's length and its text equivalent say the version's count; the longest bar fills the space
        Map<String, String> bars = new LinkedHashMap<>();
        Matcher bar = Pattern.compile("<title>([0-9.]+): [^<]*</title>.*?<rect x=\"72\" y=\"\\d+\" width=\"(\\d+)\"", Pattern.DOTALL).matcher(page);
        while (bar.find()) {
            bars.put(bar.group(1), bar.group(2));
        }
        assertEquals(Map.of("1.1", String.valueOf(AdoptionChart.BAR_SPACE / 2), "1.0", String.valueOf(AdoptionChart.BAR_SPACE)), bars);
        assertTrue(page.contains("<tr><th scope=\"row\">1.1</th><td>1</td></tr>"), "the visually hidden table");
        assertTrue(page.contains("<tr><th scope=\"row\">1.0</th><td>2</td></tr>"), "the visually hidden table");
    }

    @Test
    void theTemplatePageDocumentsInputsAndPipelineInputs() {
        fixtures.template(TemplateType.ENVIRONMENT, "docs-env", null, null);
        fixtures.publish(TemplateType.ENVIRONMENT, "docs-env", null, PortalBundles.environment(), null);
        fixtures.template(TemplateType.SERVICE, "docs-svc", null, null);
        fixtures.publish(TemplateType.SERVICE, "docs-svc", null, PortalBundles.service(), List.of(new CompatibleEnvironment("docs-env", 1)));
        String page = WebUser.admin().request().get("/templates/service/docs-svc").then().statusCode(200)
                .body(containsString("<table class=\"inputs\" aria-label=\"Inputs of version 1.0\">"),
                        containsString("<table class=\"inputs\" aria-label=\"Pipeline inputs of version 1.0\">"),
                        containsString("<li><a href=\"/templates/environment/docs-env\">docs-env</a> major version 1</li>"),
                        containsString("<dt>Engine</dt><dd>CloudFormation</dd>"), containsString("<dt>Pipeline engine</dt><dd>Commands</dd>"))
                .extract().asString().replaceAll("\\s+", " ");
        assertTrue(page.contains("<th scope=\"row\" class=\"depth-0\"><code>name</code></th> <td>Service name</td> <td>string</td> <td>Required</td>"
                + " <td></td> <td>minimum length 1<br>maximum length 40</td> <td>What the service is called</td>"), page);
        assertTrue(page.contains("<code>size</code></th> <td></td> <td>string</td> <td><span class=\"muted\">Optional</span></td>"
                + " <td><code>small</code></td> <td>one of small, medium, large</td>"), page);
        assertTrue(page.contains("<code>replicas</code></th> <td></td> <td>integer</td>"), page);
        assertTrue(page.contains("<td>minimum 1<br>maximum 10</td>"), page);
        assertTrue(page.contains("<code>tags</code></th> <td></td> <td>array of string</td>"), page);
        assertTrue(page.contains("<td>maximum items 5</td>"), page);
        assertTrue(page.contains("<th scope=\"row\" class=\"depth-0\"><code>network</code></th> <td></td> <td>object</td>"), page);
        assertTrue(page.contains("<th scope=\"row\" class=\"depth-1\"><code>network.cidr</code></th> <td>CIDR</td> <td>string</td>"), page);
        assertTrue(page.contains("<td>pattern ^[0-9./]+$</td>"), page);
        assertTrue(page.contains("<code>unit_test_command</code></th> <td></td> <td>string</td> <td><span class=\"muted\">Optional</span></td>"
                + " <td><code>make test</code></td> <td></td> <td>Runs the tests</td>"), page);
    }

    @Test
    void adminsEditATemplatesNameAndDescriptionWithInlineLimits() {
        create(TemplateType.ENVIRONMENT, "cat-edit", "Before", "Old words", null);
        WebUser admin = WebUser.admin();
        admin.request().get("/templates/environment/cat-edit").then().body(containsString("href=\"/templates/environment/cat-edit/edit\" aria-label=\"Edit template\""));
        admin.request().get("/templates/environment/cat-edit/edit").then().statusCode(200)
                .body(containsString("aria-label=\"Edit template\""), containsString("value=\"Before\""), containsString(">Old words</textarea>"));
        String tooLong = "x".repeat(Catalog.MAX_DESCRIPTION + 1);
        admin.form().formParam("displayName", "Kept while wrong").formParam("description", tooLong).post("/templates/environment/cat-edit/edit")
                .then().statusCode(400)
                .body(containsString("id=\"f-description-error\" class=\"error\" role=\"alert\">Use at most 500 characters."),
                        containsString("value=\"Kept while wrong\""), containsString(">" + tooLong + "</textarea>"));
        admin.form().formParam("displayName", "").formParam("description", "New words").post("/templates/environment/cat-edit/edit")
                .then().statusCode(303).header("Location", endsWith("/templates/environment/cat-edit"));
        // an empty display name shows the name again
        admin.request().get("/templates/environment/cat-edit").then().body(containsString("<h1>cat-edit</h1>"), containsString("New words"));
        assertEquals(null, QuarkusTransaction.requiringNew().call(() -> Template.find(TemplateType.ENVIRONMENT, "cat-edit").orElseThrow().displayName));
    }

    @Test
    void onlyPlatformAdminsReachTheEditPagesAndSettings() {
        WebUser dev = WebUser.login("cat-dev", "developer-password-1");
        dev.request().get("/templates/environment/cat-vpc").then().statusCode(200).body(not(containsString("aria-label=\"Edit template\"")));
        dev.request().get("/templates/environment/cat-vpc/edit").then().statusCode(403);
        dev.form().formParam("description", "sneaky").post("/templates/environment/cat-vpc/edit").then().statusCode(403);
        dev.request().get("/templates/environment/cat-vpc/versions/1.0/edit").then().statusCode(403);
        dev.form().formParam("description", "sneaky").post("/templates/environment/cat-vpc/versions/1.0/edit").then().statusCode(403);
        dev.request().get("/admin/settings").then().statusCode(403);
        dev.form().formParam("pipelineServiceRoleArn", "").post("/admin/settings").then().statusCode(403);
        dev.htmx("settings-panel").contentType("application/x-www-form-urlencoded").formParam("pipelineServiceRoleArn", "")
                .post("/admin/settings").then().statusCode(403);
        dev.request().get("/").then().body(not(containsString("href=\"/admin/settings\"")));
        WebUser.admin().request().get("/").then().body(containsString("<a href=\"/admin/settings\">Account settings</a>"));
        assertEquals("A network for catalog tests", QuarkusTransaction.requiringNew()
                .call(() -> Template.find(TemplateType.ENVIRONMENT, "cat-vpc").orElseThrow().description));
    }

    private static io.restassured.response.Response card(WebUser user, String name) {
        return user.htmx("catalog-list").get("/?text=" + name);
    }

    private void create(TemplateType type, String name, String displayName, String description, String provisioning) {
        if (Template.find(type, name).isEmpty()) {
            templates.createTemplate(Caller.system(), type, new NewTemplate(name, displayName, description, null, provisioning), Map.of());
        }
    }
}
