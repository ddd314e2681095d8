package dev.pave.web.resources;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.environment.Environment;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The environment pages as developers, admins and read-only users meet them. */
@QuarkusTest
class EnvironmentsTests {

    private static final String VALIDATE = "/forms/validate?type=environment&template=" + PortalFixtures.SEED_TEMPLATE + "&version=1.0";

    @Inject
    PortalFixtures fixtures;

    @BeforeEach
    void load() {
        fixtures.load();
    }

    /** A create form for the seed template with valid page fields; inputs come from the caller. */
    private static RequestSpecification seedForm(WebUser user, String name) {
        return user.form().formParam("template", PortalFixtures.SEED_TEMPLATE).formParam("version", "1.0").formParam("name", name)
                .formParam("description", "made by a test").formParam("provisioning", "serviceRole")
                .formParam("protonServiceRoleArn", "arn:aws:iam::123456789012:role/proton-service");
    }

    @Test
    void switchingTheVersionKeepsWhatWasTypedAndNamesWhatItDrops() {
        String page = WebUser.developer().form().formParam("template", PortalFixtures.SANDBOX).formParam("version", "1.0")
                .formParam("switchVersion", "true").formParam("name", "kept-name").formParam("provisioning", "codebuild")
                .formParam("codebuildRoleArn", "arn:aws:iam::123456789012:role/kept").formParam("input.size", "large")
                .formParam("input.network_cidr", "10.9.0.0/16").formParam("input.retired_input", "gone")
                .post("/environments/new").then().statusCode(200).extract().asString();
        assertTrue(page.contains("value=\"kept-name\"") && page.contains("value=\"arn:aws:iam::123456789012:role/kept\"")
                && page.contains("value=\"10.9.0.0/16\""), page);
        assertTrue(java.util.regex.Pattern.compile("value=\"large\"[^>]*checked").matcher(page).find(), "the chosen size is kept: " + page);
        assertTrue(page.contains("aria-label=\"Version switched\">Now on 1.0; it has no retired_input, so that value was dropped.</p>"), page);
        assertTrue(java.util.regex.Pattern.compile("<option value=\"1.0\"[^>]*selected").matcher(page).find(), page);
        assertFalse(page.contains("is not an input of this template"), "a switch drops what the version lacks instead of refusing it");
        // the page's forms still refuse an undeclared input on review
        WebUser.developer().form().formParam("template", PortalFixtures.SANDBOX).formParam("version", "1.0").formParam("name", "kept-name")
                .formParam("provisioning", "codebuild").formParam("codebuildRoleArn", "arn:aws:iam::123456789012:role/kept")
                .formParam("input.retired_input", "gone").post("/environments/review").then().statusCode(400)
                .body(containsString("retired_input"));
        WebUser.reader().form().formParam("template", PortalFixtures.SANDBOX).formParam("switchVersion", "true")
                .post("/environments/new").then().statusCode(403);
    }

    @Test
    void theNavigationDependsOnRoles() {
        WebUser.admin().request().get("/environments").then().statusCode(200)
                .body(containsString("href=\"/environments\">Environments</a>"), containsString("href=\"/deployments\">Deployments</a>"),
                        containsString("href=\"/admin/users\""), containsString("aria-label=\"Create environment\""));
        WebUser.developer().request().get("/environments").then().statusCode(200)
                .body(containsString("href=\"/environments/new\""), not(containsString("href=\"/admin/users\"")));
        WebUser.reader().request().get("/environments").then().statusCode(200)
                .body(containsString("<h1>Environments</h1>"), not(containsString("href=\"/environments/new\"")));
    }

    @Test
    void readersCannotChangeAnything() {
        WebUser reader = WebUser.reader();
        reader.request().get("/environments/new").then().statusCode(403);
        seedForm(reader, "reader-env").formParam("input.vpc_cidr", "10.0.0.0/16").post("/environments").then().statusCode(403);
        seedForm(reader, "reader-env").post("/environments/review").then().statusCode(403);
        reader.form().post("/environments/anything/cancel").then().statusCode(403);
        reader.form().post("/environments/anything/delete").then().statusCode(403);
        reader.form().formParam("deploymentType", "MINOR_VERSION").formParam("major", 1).formParam("minor", 1)
                .post("/environments/anything/update").then().statusCode(403);
        reader.request().get("/environments/anything/edit").then().statusCode(403);
        reader.form().post("/deployments/anything/cancel").then().statusCode(403);
        given().redirects().follow(false).get("/environments").then().statusCode(302);
        given().redirects().follow(false).get("/deployments/x/events").then().statusCode(302);
    }

    private static RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }

    @Test
    void stepOneListsEnvironmentTemplates() {
        WebUser.developer().request().get("/environments/new?text=" + PortalFixtures.SANDBOX).then().statusCode(200)
                .body(containsString("aria-label=\"Use template " + PortalFixtures.SANDBOX + "\""), not(containsString("pave-hello-service")),
                        containsString("aria-label=\"Filter environment templates by text\""));
        WebUser.developer().request().get("/environments/new?text=" + PortalFixtures.SEED_TEMPLATE).then().statusCode(200)
                .body(containsString("href=\"/environments/new?template=" + PortalFixtures.SEED_TEMPLATE + "\""));
    }

    @Test
    void theSeedSchemaBecomesAForm() {
        WebUser.developer().request().get("/environments/new?template=" + PortalFixtures.SEED_TEMPLATE).then().statusCode(200)
                .body(containsString("<option value=\"1.0\" selected>1.0 (recommended)</option>"),
                        containsString("name=\"input.vpc_cidr\" type=\"text\" value=\"10.0.0.0/16\""),
                        containsString("pattern=\"^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$\""),
                        containsString("CIDR block for the VPC"),
                        containsString("<select id=\"in-log_retention_days\" name=\"input.log_retention_days\""),
                        containsString("<option value=\"30\" selected>30</option>"),
                        containsString("type=\"radio\" name=\"input.nat_gateway_count\" value=\"1\""),
                        containsString("type=\"checkbox\" id=\"in-container_insights\""),
                        containsString("hx-post=\"" + VALIDATE.replace("&", "&amp;") + "\""));
    }

    @Test
    void aFieldIsCheckedAsTheUserTypes() {
        WebUser dev = WebUser.developer();
        dev.htmx("in-vpc_cidr-error").header("HX-Trigger-Name", "input.vpc_cidr").contentType("application/x-www-form-urlencoded")
                .formParam("input.vpc_cidr", "10.0.0.0/x").formParam("input.log_retention_days", "30")
                .post(VALIDATE).then().statusCode(200)
                .body(allOf(containsString("id=\"in-vpc_cidr-error\""), containsString("Must look like 10.0.0.0/16.")), not(containsString("<html")));
        dev.htmx("in-vpc_cidr-error").header("HX-Trigger-Name", "input.vpc_cidr").contentType("application/x-www-form-urlencoded")
                .formParam("input.vpc_cidr", "10.1.0.0/16").post(VALIDATE).then().statusCode(200)
                .body(containsString("id=\"in-vpc_cidr-error\""), containsString("hidden"));
    }

    @Test
    void aFailedReviewKeepsEveryValueAndShowsErrorsByTheirFields() {
        seedForm(WebUser.developer(), "bad-ecs").formParam("input.vpc_cidr", "10.9.0.0/99x").formParam("input.log_retention_days", "8")
                .formParam("input.container_insights", "false").formParam("input.container_insights", "true")
                .formParam("input.nat_gateway_count", "2")
                .post("/environments/review").then().statusCode(400)
                .body(containsString("value=\"10.9.0.0/99x\""), containsString("Must look like 10.0.0.0/16."),
                        containsString("id=\"f-name\" name=\"name\" type=\"text\" value=\"bad-ecs\""),
                        containsString("value=\"2\" id=\"in-nat_gateway_count-1\" checked"),
                        containsString("name=\"input.container_insights\" value=\"true\" checked"),
                        containsString("aria-invalid=\"true\""));
    }

    @Test
    void undeclaredInputsAndBadProvisioningAreRefused() {
        seedForm(WebUser.developer(), "sneaky-ecs").formParam("input.vpc_cidr", "10.0.0.0/16").formParam("input.sneaky", "x")
                .formParam("protonServiceRoleArn", "not-an-arn")
                .post("/environments").then().statusCode(400)
                .body(containsString("spec.sneaky: is not an input of this template"), containsString("Enter an IAM role ARN"));
    }

    @Test
    void theReviewShowsTheSpecAndTheRenderPreview() {
        seedForm(WebUser.developer(), "review-ecs").formParam("input.vpc_cidr", "10.42.0.0/16").formParam("input.log_retention_days", "14")
                .formParam("input.container_insights", "false").formParam("input.nat_gateway_count", "1")
                .post("/environments/review").then().statusCode(200)
                .body(containsString("proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.42.0.0/16\n  container_insights: false\n  log_retention_days: 14"),
                        containsString("aria-label=\"Rendered infrastructure/cloudformation.yaml\""), containsString("10.42.0.0/16"),
                        containsString("aria-label=\"Copy spec\""),
                        containsString("<input type=\"hidden\" name=\"input.vpc_cidr\" value=\"10.42.0.0/16\">"),
                        containsString("aria-label=\"Create environment\""));
    }

    @Test
    void aSandboxIsCreatedDeployedWatchedUpdatedAndDeleted() {
        WebUser dev = WebUser.developer();
        dev.form().formParam("template", PortalFixtures.SANDBOX).formParam("version", "1.0").formParam("name", "portal-sbx")
                .formParam("provisioning", "codebuild").formParam("codebuildRoleArn", "arn:aws:iam::123456789012:role/codebuild")
                .formParam("input.network_cidr", "10.5.0.0/16").formParam("input.size", "large")
                .post("/environments").then().statusCode(303).header("Location", endsWith("/environments/portal-sbx"));
        dev.request().get("/environments/portal-sbx").then().statusCode(200)
                .body(containsString("<h1>portal-sbx</h1>"), containsString("data-events=\"/deployments/"), containsString("network_cidr: 10.5.0.0/16"));
        // followed live: the stream opens while the deployment runs and closes after its end
        String running = fixtures.await("portal-sbx", x -> x.deployment.lastAttemptedId != null).deployment.lastAttemptedId;
        String live = dev.request().header("Accept", "text/event-stream").get("/deployments/" + running + "/events").then().statusCode(200)
                .extract().asString();
        assertTrue(live.contains("Sandbox sbx-") && live.contains("SUCCEEDED"), live);
        Environment e = fixtures.await("portal-sbx", x -> x.deployment.status == DeploymentStatus.SUCCEEDED);
        String deployment = e.deployment.lastAttemptedId;

        dev.request().get("/environments/portal-sbx").then().statusCode(200)
                .body(containsString("Status SUCCEEDED"), containsString("<dt>SandboxId</dt>"), containsString("<dt>NetworkCidr</dt><dd><code>10.5.0.0/16</code>"),
                        containsString("aria-label=\"Applied provision.sh\""), containsString("aria-label=\"Deployment " + deployment + "\""),
                        not(containsString("aria-label=\"Cancel deployment\"")));

        // the log: every line, then the end; from a cursor only the later ones
        String all = dev.request().header("Accept", "text/event-stream").get("/deployments/" + deployment + "/events").then().statusCode(200)
                .extract().asString();
        assertTrue(all.contains("Sandbox sbx-"), all);
        assertTrue(all.contains("event:end") || all.contains("event: end"), all);
        assertTrue(all.contains("SUCCEEDED"), all);
        assertTrue(all.contains("id:1\n") || all.contains("id: 1\n"), all);
        String resumed = dev.request().header("Accept", "text/event-stream").header("Last-Event-ID", "2")
                .get("/deployments/" + deployment + "/events").then().statusCode(200).extract().asString();
        assertFalse(resumed.contains("\"seq\":1,") || resumed.contains("\"seq\":2,"), resumed);
        assertTrue(resumed.contains("\"seq\":3,"), resumed);
        WebUser.reader().request().get("/deployments/" + deployment + "/events").then().statusCode(200);

        // the deployment pages
        dev.request().get("/deployments/" + deployment).then().statusCode(200)
                .body(containsString("Target state"), containsString("templateName: pave-sandbox-env"),
                        containsString("aria-label=\"Applied provision.sh\""), containsString("href=\"/environments/portal-sbx\""));
        dev.request().get("/deployments?environment=portal-sbx&status=SUCCEEDED").then().statusCode(200).body(containsString(deployment));
        dev.htmx("deployment-list").get("/deployments?environment=portal-sbx&status=FAILED").then().statusCode(200)
                .body(not(containsString(deployment)), not(containsString("<html")), containsString("No deployments."));

        // a newer minor: the notice, and its one button
        String minor = fixtures.publishNextSandboxMinor("bigger default");
        dev.request().get("/environments/portal-sbx").then()
                .body(containsString(minor + "</strong> is recommended; you run 1.0"), containsString("value=\"MINOR_VERSION\""));
        String[] v = minor.split("\\.");
        dev.form().formParam("deploymentType", "MINOR_VERSION").formParam("major", v[0]).formParam("minor", v[1])
                .post("/environments/portal-sbx/update").then().statusCode(303);
        Environment updated = fixtures.await("portal-sbx", x -> x.deployment.status == DeploymentStatus.SUCCEEDED
                && !x.deployment.lastAttemptedId.equals(deployment));
        assertEquals(minor, updated.templateVersion.major + "." + updated.templateVersion.minor);
        dev.request().get("/environments/portal-sbx").then().body(not(containsString("is recommended; you run")));

        // edit: prefilled, then a CURRENT_VERSION deployment with a changed input; a bad one keeps the values
        dev.request().get("/environments/portal-sbx/edit").then().statusCode(200)
                .body(containsString("value=\"10.5.0.0/16\""), containsString("value=\"large\" id=\"in-size-2\" checked"));
        dev.form().formParam("template", PortalFixtures.SANDBOX).formParam("version", minor).formParam("deploymentType", "CURRENT_VERSION")
                .formParam("input.network_cidr", "nope").formParam("input.size", "large")
                .post("/environments/portal-sbx/edit").then().statusCode(400).body(containsString("value=\"nope\""), containsString("Must look like 10.0.0.0/16."));
        dev.form().formParam("template", PortalFixtures.SANDBOX).formParam("version", minor).formParam("deploymentType", "CURRENT_VERSION")
                .formParam("description", "edited").formParam("input.network_cidr", "10.6.0.0/16").formParam("input.size", "small")
                .post("/environments/portal-sbx/edit").then().statusCode(303);
        Environment edited = fixtures.await("portal-sbx", x -> x.deployment.status == DeploymentStatus.SUCCEEDED && x.spec.contains("10.6.0.0/16"));
        assertEquals("edited", edited.description);

        // delete: a confirmation that names what goes
        dev.request().get("/environments/portal-sbx/delete").then().statusCode(200)
                .body(containsString("Delete portal-sbx?"), containsString("SandboxId"), containsString("aria-label=\"Delete portal-sbx\""));
        dev.form().post("/environments/portal-sbx/delete").then().statusCode(303);
        fixtures.awaitGone("portal-sbx");
        dev.request().get("/environments/portal-sbx").then().statusCode(404);
        dev.request().get("/deployments?environment=portal-sbx&status=DELETE_COMPLETE").then().body(containsString("DELETE_COMPLETE"));
    }

    @Test
    void anArrayInputGetsANewRow() {
        WebUser.developer().htmx("in-zones-rows").get("/forms/row?param=input.zones&label=Zones&type=text&validate=" + VALIDATE.replace("&", "%26"))
                .then().statusCode(200)
                .body(containsString("<li class=\"row\">"), containsString("name=\"input.zones\""), containsString("hx-target=\"#in-zones-error\""),
                        containsString("aria-label=\"Remove Zones new\""), not(containsString("<html")));
    }

    @Test
    void anArrayTitleWithAmpersandQuoteAndAngleBracketReachesTheRowIntact() {
        fixtures.zonesTemplate();
        WebUser dev = WebUser.developer();
        String page = dev.request().get("/environments/new?template=" + PortalFixtures.ZONES).then().statusCode(200).extract().asString();
        Matcher add = Pattern.compile("<button type=\"button\" aria-label=\"Add a row to ([^\"]*)\" hx-get=\"([^\"]*)\"").matcher(page);
        assertTrue(add.find(), page);
        assertEquals(PortalFixtures.ZONES_TITLE, unescape(add.group(1)));
        // every parameter encoded: the title's & cannot add a parameter, its # cannot end the URL, the pattern's + stays a +
        String validate = "/forms/validate?type=environment&template=" + PortalFixtures.ZONES + "&version=1.0";
        String row = unescape(add.group(2));
        assertEquals("/forms/row?param=input.zones&type=text&label=" + encode(PortalFixtures.ZONES_TITLE) + "&validate=" + encode(validate)
                + "&pattern=" + encode(PortalFixtures.ZONE_PATTERN), row);

        // the row endpoint gets the title, the validate URL and the pattern back as they were
        String html = dev.htmx("in-zones-rows").urlEncodingEnabled(false).get(row).then().statusCode(200).extract().asString();
        String title = "A&amp;B &quot;zones&quot; &lt;b&gt;#1&amp;param=input.vpc_cidr";
        assertTrue(html.contains("<input name=\"input.zones\" type=\"text\" value=\"\" aria-label=\"" + title + " new\" pattern=\"^[a-z]+-[0-9]+$\""), html);
        assertTrue(html.contains("hx-post=\"" + validate.replace("&", "&amp;") + "\""), html);
        assertTrue(html.contains("aria-label=\"Remove " + title + " new\""), html);
        assertFalse(html.contains("<b>"), html);

        // and that URL checks the row against the zones template
        dev.htmx("in-zones-error").header("HX-Trigger-Name", "input.zones").contentType("application/x-www-form-urlencoded")
                .formParam("input.vpc_cidr", "10.0.0.0/16").formParam("input.zones", "Not A Zone").post(validate)
                .then().statusCode(200).body(containsString("id=\"in-zones-error\""), containsString("Must match the pattern"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An attribute's value as the browser reads it. */
    private static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    @Test
    void unknownEnvironmentsAndDeploymentsAreNotFound() {
        WebUser.developer().request().get("/environments/nope").then().statusCode(404);
        WebUser.developer().request().get("/deployments/nope").then().statusCode(404);
        WebUser.developer().request().get("/deployments/nope/events").then().statusCode(404);
    }

    /** "new" would shadow the create page at /environments/new: the portal's forms refuse the names its addresses use. */
    @Test
    void namesThePortalsAddressesUseAreRefused() {
        for (String reserved : java.util.List.of("new", "review", "check")) {
            WebUser.developer().htmx("f-name-error").header("HX-Trigger-Name", "name").contentType("application/x-www-form-urlencoded")
                    .formParam("name", reserved).formParam("provisioning", "codebuild").post("/environments/check").then().statusCode(200)
                    .body(containsString("names one of the portal&#39;s own pages"));
        }
    }
}
