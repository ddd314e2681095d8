package dev.pave.web.resources;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.ServiceFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service pages as developers, admins and read-only users meet them, on the command-runner samples. */
@QuarkusTest
class ServicesTests {

    private static final String HELLO = ServiceFixtures.HELLO;
    private static final String VALIDATE_INSTANCE = "/forms/validate?type=service&template=" + HELLO + "&version=1.0&schema=instance";

    @Inject
    ServiceFixtures fixtures;

    @Inject
    PortalFixtures portal;

    @BeforeEach
    void load() {
        fixtures.load();
    }

    /** The hello service's form with its page fields, the pipeline's input and instance 0 ({@code dev} in sandbox A). */
    private static RequestSpecification helloForm(WebUser user, String name) {
        return user.form().formParam("template", HELLO).formParam("version", "1.0").formParam("name", name)
                .formParam("description", "made by a test").formParam("repositoryConnectionArn", ServiceFixtures.CONNECTION)
                .formParam("repositoryId", "acme/" + name).formParam("branchName", "main").formParam("pipeline.input.branch", "release")
                .formParam("instance.0.name", "dev").formParam("instance.0.environment", ServiceFixtures.SANDBOX_A)
                .formParam("instance.0.input.greeting", "hi dev").formParam("instance.0.input.replicas", "2");
    }

    /** {@link #helloForm} plus instance 3 ({@code prod} in sandbox B): indexes need not be consecutive. */
    private static RequestSpecification twoInstances(WebUser user, String name, String prodReplicas) {
        return helloForm(user, name).formParam("instance.3.name", "prod").formParam("instance.3.environment", ServiceFixtures.SANDBOX_B)
                .formParam("instance.3.input.greeting", "hi prod").formParam("instance.3.input.replicas", prodReplicas);
    }

    @Test
    void switchingTheVersionKeepsEveryInstanceAndNamesWhatItDrops() {
        String page = twoInstances(WebUser.developer(), "switch-svc", "3").formParam("switchVersion", "true")
                .formParam("instance.3.input.old_flag", "on").post("/services/new").then().statusCode(200).extract().asString();
        assertTrue(page.contains("value=\"switch-svc\"") && page.contains("value=\"hi prod\"") && page.contains("name=\"instance.3.name\""), page);
        assertTrue(page.contains("it has no old_flag (instance 3), so that value was dropped."), page);
        assertFalse(page.contains("is not an input"), page);
    }

    @Test
    void theNavigationLeadsToServicesAndCreatingOneNeedsARole() {
        WebUser.admin().request().get("/services").then().statusCode(200)
                .body(containsString("href=\"/services\">Services</a>"), containsString("href=\"/services/new\">Service</a>"),
                        containsString("aria-label=\"Create service\""));
        WebUser.developer().request().get("/environments").then().statusCode(200)
                .body(containsString("href=\"/services\">Services</a>"), containsString("href=\"/services/new\""));
        WebUser.reader().request().get("/services").then().statusCode(200)
                .body(containsString("<h1>My services</h1>"), containsString("href=\"/services\">Services</a>"),
                        not(containsString("href=\"/services/new\"")));
    }

    @Test
    void readersAndStrangersChangeNothing() {
        WebUser reader = WebUser.reader();
        reader.request().get("/services/new").then().statusCode(403);
        reader.request().get("/services/new?template=" + HELLO).then().statusCode(403);
        reader.htmx("template-list").get("/services/new?text=hello").then().statusCode(403).body(not(containsString(HELLO)));
        reader.htmx("instances").get("/services/new/instance?template=" + HELLO + "&version=1.0&index=1").then().statusCode(403)
                .body(not(containsString("instance.1.name")));
        helloForm(reader, "reader-svc").post("/services/review").then().statusCode(403);
        helloForm(reader, "reader-svc").post("/services/new").then().statusCode(403);
        helloForm(reader, "reader-svc").post("/services").then().statusCode(403);
        reader.request().get("/services/anything/edit").then().statusCode(403);
        reader.form().formParam("description", "x").post("/services/anything/edit").then().statusCode(403);
        reader.request().get("/services/anything/delete").then().statusCode(403);
        reader.form().post("/services/anything/delete").then().statusCode(403);
        RestAssured.given().redirects().follow(false).get("/services").then().statusCode(302);
        RestAssured.given().redirects().follow(false).get("/services/anything").then().statusCode(302);
        RestAssured.given().redirects().follow(false).header("HX-Request", "true").get("/services/new/instance?template=" + HELLO
                + "&version=1.0&index=1").then().statusCode(401).header("HX-Redirect", "/login");
    }

    @Test
    void stepOneListsPublishedServiceTemplatesAndFiltersInPlace() {
        WebUser dev = WebUser.developer();
        dev.request().get("/services/new").then().statusCode(200)
                .body(containsString("aria-label=\"Use template " + HELLO + "\""), containsString("aria-label=\"Filter service templates by text\""),
                        not(containsString(PortalFixtures.SEED_TEMPLATE)));
        dev.htmx("template-list").get("/services/new?text=without").then().statusCode(200)
                .body(containsString("aria-label=\"Use template " + ServiceFixtures.NO_PIPELINE + "\""), not(containsString("Use template " + HELLO)),
                        containsString("pipeline customer-managed"), not(containsString("<html")));
        dev.htmx("template-list").get("/services/new?text=nothing-like-this").then().statusCode(200)
                .body(containsString("No published service templates match."));
    }

    @Test
    void theFormAsksForRepositoryPipelineInputsAndACompatibleEnvironmentPerInstance() {
        WebUser.developer().request().get("/services/new?template=" + HELLO).then().statusCode(200)
                .body(containsString("<option value=\"1.0\" selected>1.0 (recommended)</option>"),
                        containsString("id=\"f-repositoryConnectionArn\" name=\"repositoryConnectionArn\""),
                        containsString("id=\"pipeline-in-branch\" name=\"pipeline.input.branch\" type=\"text\" value=\"main\""),
                        containsString("id=\"instance-0-in-greeting\" name=\"instance.0.input.greeting\" type=\"text\" value=\"Hello from Pave\""),
                        containsString("name=\"instance.0.input.replicas\" type=\"number\" value=\"1\""),
                        containsString("hx-post=\"" + VALIDATE_INSTANCE.replace("&", "&amp;") + "\""),
                        containsString("<option value=\"" + ServiceFixtures.SANDBOX_A + "\">"),
                        not(containsString("<option value=\"" + ServiceFixtures.OTHER + "\"")),
                        containsString("<code>" + PortalFixtures.SANDBOX + ":1</code>"),
                        containsString("index=1\""), containsString("aria-label=\"Add instance\""));
    }

    @Test
    void anInstanceBlockIsAFragmentWithTheNextIndex() {
        WebUser.developer().htmx("instances").get("/services/new/instance?template=" + HELLO + "&version=1.0&index=4").then().statusCode(200)
                .body(containsString("id=\"instance-4\""), containsString("name=\"instance.4.name\""),
                        containsString("name=\"instance.4.environment\""), containsString("id=\"instance-4-in-replicas\""),
                        containsString("aria-label=\"Remove instance 4\""), containsString("hx-swap-oob=\"true\""), containsString("index=5\""),
                        not(containsString("<html")));
    }

    @Test
    void anInstanceFieldIsCheckedAgainstItsOwnInstance() {
        WebUser dev = WebUser.developer();
        dev.htmx("instance-2-in-replicas-error").header("HX-Trigger-Name", "instance.2.input.replicas")
                .contentType("application/x-www-form-urlencoded").formParam("instance.0.input.replicas", "1")
                .formParam("instance.2.input.replicas", "11").post(VALIDATE_INSTANCE).then().statusCode(200)
                .body(containsString("id=\"instance-2-in-replicas-error\""), containsString("Must be"), not(containsString("hidden")));
        dev.htmx("instance-0-in-replicas-error").header("HX-Trigger-Name", "instance.0.input.replicas")
                .contentType("application/x-www-form-urlencoded").formParam("instance.0.input.replicas", "1")
                .formParam("instance.2.input.replicas", "11").post(VALIDATE_INSTANCE).then().statusCode(200)
                .body(containsString("id=\"instance-0-in-replicas-error\""), containsString("hidden"));
    }

    @Test
    void aFailedSubmitKeepsEveryValueOfEveryInstanceAndShowsTheErrorInTheRightOne() {
        String page = twoInstances(WebUser.developer(), "kept-svc", "11").post("/services/review").then().statusCode(400).extract().asString();
        assertTrue(page.contains("id=\"f-name\" name=\"name\" type=\"text\" value=\"kept-svc\""), page);
        assertTrue(page.contains("value=\"acme/kept-svc\""), page);
        assertTrue(page.contains("name=\"pipeline.input.branch\" type=\"text\" value=\"release\""), page);
        assertTrue(page.contains("name=\"instance.0.name\" type=\"text\" value=\"dev\""), page);
        assertTrue(page.contains("name=\"instance.3.name\" type=\"text\" value=\"prod\""), page);
        assertTrue(page.contains("name=\"instance.0.input.greeting\" type=\"text\" value=\"hi dev\""), page);
        assertTrue(page.contains("name=\"instance.3.input.greeting\" type=\"text\" value=\"hi prod\""), page);
        assertTrue(page.contains("name=\"instance.3.input.replicas\" type=\"number\" value=\"11\""), page);
        assertTrue(selected(page, "instance.0.environment", ServiceFixtures.SANDBOX_A), page);
        assertTrue(selected(page, "instance.3.environment", ServiceFixtures.SANDBOX_B), page);
        // the error sits in instance 3's replicas slot; instance 0's stays empty
        assertTrue(Pattern.compile("<p id=\"instance-3-in-replicas-error\" class=\"error\" aria-live=\"polite\">Must be[^<]*10").matcher(page).find(), page);
        assertTrue(page.contains("<p id=\"instance-0-in-replicas-error\" class=\"error\" aria-live=\"polite\" hidden>"), page);
        assertTrue(page.contains("id=\"instance-0\"") && page.contains("id=\"instance-3\""), page);
        assertTrue(page.contains("index=4\""), "a new block would not reuse an index: " + page);
    }

    @Test
    void undeclaredInputsAreRefused() {
        helloForm(WebUser.developer(), "sneaky-svc").formParam("instance.0.input.sneaky", "x").post("/services/review").then().statusCode(400)
                .body(containsString("spec.sneaky: is not an input of this template"), containsString("value=\"hi dev\""));
        helloForm(WebUser.developer(), "sneaky-svc").formParam("pipeline.input.sneaky", "y").post("/services").then().statusCode(400)
                .body(containsString("spec.sneaky: is not an input of this template"));
        helloForm(WebUser.developer(), "sneaky-svc").formParam("other.input.x", "y").post("/services/review").then().statusCode(400)
                .body(containsString("other.input.x is not an input of " + HELLO + " 1.0."));
        assertFalse(fixtures.exists("sneaky-svc"));
    }

    @Test
    void anIncompatibleOrUnknownEnvironmentIsRefusedNextToItsInstance() {
        String page = twoInstances(WebUser.developer(), "misplaced-svc", "1").formParam("instance.0.environment", ServiceFixtures.OTHER)
                .formParam("instance.3.environment", "nowhere").post("/services").then().statusCode(400).extract().asString();
        assertTrue(page.contains("<p id=\"f-instance.0.environment-error\" class=\"error\" role=\"alert\">Environment " + ServiceFixtures.OTHER
                + " runs " + ServiceFixtures.OTHER_TEMPLATE + ":1; version 1.0 of " + HELLO + " runs in " + PortalFixtures.SANDBOX + ":1.</p>"), page);
        assertTrue(page.contains("<p id=\"f-instance.3.environment-error\" class=\"error\" role=\"alert\">There is no environment nowhere.</p>"), page);
        assertFalse(fixtures.exists("misplaced-svc"));
    }

    @Test
    void aTemplateWithoutPipelineNeedsNoRepositoryAndTakesNoPipelineInputs() {
        WebUser dev = WebUser.developer();
        dev.request().get("/services/new?template=" + ServiceFixtures.NO_PIPELINE).then().statusCode(200)
                .body(containsString("has no pipeline (its pipelines are customer-managed)"), not(containsString("pipeline.input.")),
                        containsString("name=\"instance.0.input.greeting\""));
        RequestSpecification form = dev.form().formParam("template", ServiceFixtures.NO_PIPELINE).formParam("version", "1.0")
                .formParam("name", "nopipe-svc").formParam("instance.0.name", "only")
                .formParam("instance.0.environment", ServiceFixtures.SANDBOX_A).formParam("instance.0.input.greeting", "no pipeline here");
        form.formParam("pipeline.input.branch", "main").post("/services").then().statusCode(400)
                .body(containsString("pipeline.input.branch is not an input of " + ServiceFixtures.NO_PIPELINE + " 1.0, which has no pipeline."));
        dev.form().formParam("template", ServiceFixtures.NO_PIPELINE).formParam("version", "1.0")
                .formParam("name", "nopipe-svc").formParam("instance.0.name", "only")
                .formParam("instance.0.environment", ServiceFixtures.SANDBOX_A).formParam("instance.0.input.greeting", "no pipeline here")
                .post("/services").then().statusCode(303).header("Location", endsWith("/services/nopipe-svc"));
        portal.awaitService("nopipe-svc", s -> s.status == Service.Status.ACTIVE);
        dev.request().get("/services/nopipe-svc").then().statusCode(200)
                .body(containsString("This service has no pipeline."), containsString("href=\"/services/nopipe-svc/instances/only\""),
                        not(containsString("href=\"/services/nopipe-svc/pipeline\"")));
    }

    @Test
    void aServiceWithTwoInstancesIsReviewedCreatedListedEditedAndDeleted() {
        WebUser dev = WebUser.developer();
        // review: the exact spec the create sends, and the rendered files of both instances and the pipeline
        String review = twoInstances(dev, "web-svc", "3").post("/services/review").then().statusCode(200).extract().asString();
        String spec = """
                proton: ServiceSpec
                pipeline:
                  branch: release
                instances:
                  - name: dev
                    environment: %s
                    spec:
                      greeting: hi dev
                      replicas: 2
                  - name: prod
                    environment: %s
                    spec:
                      greeting: hi prod
                      replicas: 3
                """.formatted(ServiceFixtures.SANDBOX_A, ServiceFixtures.SANDBOX_B);
        assertTrue(review.contains("<pre id=\"spec-yaml\" tabindex=\"0\" aria-label=\"Service spec\">" + spec + "</pre>"), review);
        assertTrue(review.contains("aria-label=\"Copy spec\"") && review.contains("ready for service sync"), review);
        assertTrue(review.contains("aria-label=\"Rendered dev: instance_infrastructure/provision.sh\""), review);
        assertTrue(review.contains("aria-label=\"Rendered prod: instance_infrastructure/provision.sh\""), review);
        assertTrue(review.contains("aria-label=\"Rendered pipeline: pipeline_infrastructure/provision.sh\""), review);
        assertTrue(review.contains("<input type=\"hidden\" name=\"instance.3.input.replicas\" value=\"3\">"), review);
        assertFalse(review.contains("role=\"alert\""), review);

        // back to the form from the review: every value still there
        twoInstances(dev, "web-svc", "3").post("/services/new").then().statusCode(200)
                .body(containsString("name=\"instance.3.input.replicas\" type=\"number\" value=\"3\""), not(containsString("role=\"alert\"")));

        twoInstances(dev, "web-svc", "3").post("/services").then().statusCode(303).header("Location", endsWith("/services/web-svc"));
        dev.request().get("/services/web-svc").then().statusCode(200)
                .body(containsString("<h1>web-svc</h1>"), containsString("href=\"/services/web-svc/instances/dev\""),
                        containsString("href=\"/services/web-svc/instances/prod\""), containsString("href=\"/environments/" + ServiceFixtures.SANDBOX_B + "\""),
                        containsString("href=\"/services/web-svc/pipeline\""), containsString("<code>acme/web-svc</code>"));
        Service active = portal.awaitService("web-svc", s -> s.status == Service.Status.ACTIVE
                || s.status.name().contains("FAILED"));
        assertEquals(Service.Status.ACTIVE, active.status, active.statusMessage);
        assertEquals(spec, active.spec);
        dev.htmx("service-status").get("/services/web-svc").then().statusCode(200)
                .body(containsString("id=\"service-status\""), containsString("Service status ACTIVE"), not(containsString("<html")),
                        containsString("hx-trigger=\"deploymentChanged from:body\""), not(containsString("every 2s")),
                        containsString("aria-label=\"Pipeline deployment " + active.pipelineDeployment.lastAttemptedId + "\""),
                        containsString("Status SUCCEEDED"));
        WebUser.reader().request().get("/services/web-svc").then().statusCode(200)
                .body(containsString("<h1>web-svc</h1>"), not(containsString("aria-label=\"Edit service\"")), not(containsString("/services/web-svc/delete")));

        // the list, filtered in place
        dev.request().get("/services?text=web-svc").then().statusCode(200)
                .body(containsString("href=\"/services/web-svc\""), containsString("aria-label=\"Status ACTIVE\""));
        String row = dev.htmx("service-list").get("/services?text=WEB-S").then().statusCode(200).extract().asString();
        assertFalse(row.contains("<html"), row);
        assertTrue(Pattern.compile("href=\"/services/web-svc\">web-svc</a></th>\\s*<td>.*ACTIVE.*</td>\\s*<td><a href=\"/templates/service/" + HELLO
                + "\">" + HELLO + "</a></td>\\s*<td>1.0</td>\\s*<td>.*SUCCEEDED.*\\s*</td>\\s*<td>2</td>").matcher(row).find(), row);
        dev.htmx("service-list").get("/services?text=no-such-service").then().body(containsString("No services match."), not(containsString("web-svc")));
        // "Created by me": the developer who created it sees it, the admin (who created none of these) doesn't
        assertEquals(PortalFixtures.DEVELOPER, active.createdBy);
        assertTrue(row.contains("<td>" + PortalFixtures.DEVELOPER + "</td>"), row);
        dev.htmx("service-list").get("/services?text=web-svc&mine=true").then().body(containsString("href=\"/services/web-svc\""));
        WebUser.admin().htmx("service-list").get("/services?text=web-svc&mine=true").then()
                .body(containsString("No services match."), not(containsString("href=\"/services/web-svc\"")));
        WebUser.admin().request().get("/services?mine=true").then().statusCode(200).body(containsString("id=\"f-mine\" name=\"mine\" value=\"true\" checked"));

        // a name in use is refused next to the name
        twoInstances(dev, "web-svc", "3").post("/services/review").then().statusCode(400)
                .body(containsString("<p id=\"f-name-error\" class=\"error\" role=\"alert\">A service named web-svc already exists.</p>"));

        // edit: prefilled; an instance added through the same block; a duplicate name refused, keeping the values
        dev.request().get("/services/web-svc/edit").then().statusCode(200)
                .body(containsString("made by a test</textarea>"), containsString("name=\"remove\" value=\"dev\""),
                        containsString("name=\"remove\" value=\"prod\""), containsString("aria-label=\"Add instance\""));
        dev.form().formParam("description", "now with qa").formParam("instance.0.name", "dev")
                .formParam("instance.0.environment", ServiceFixtures.SANDBOX_B).formParam("instance.0.input.greeting", "dup")
                .post("/services/web-svc/edit").then().statusCode(400)
                .body(containsString("Another instance of this service is named dev."), containsString("value=\"dup\""), containsString("now with qa"));
        dev.form().formParam("description", "now with qa").formParam("instance.0.name", "qa")
                .formParam("instance.0.environment", ServiceFixtures.SANDBOX_B).formParam("instance.0.input.greeting", "hi qa")
                .post("/services/web-svc/edit").then().statusCode(303).header("Location", endsWith("/services/web-svc"));
        ServiceInstance qa = portal.awaitInstance("web-svc", "qa", i -> i.deployment.status == DeploymentStatus.SUCCEEDED);
        assertTrue(qa.spec.contains("hi qa"), qa.spec);
        Service edited = portal.awaitService("web-svc", s -> s.status == Service.Status.ACTIVE);
        assertEquals("now with qa", edited.description);
        // removing one: the spec keeps the others as they run
        dev.form().formParam("description", "now with qa").formParam("remove", "qa").post("/services/web-svc/edit").then().statusCode(303);
        portal.awaitService("web-svc", s -> s.status == Service.Status.ACTIVE && !s.spec.contains("qa"));
        portal.awaitService("web-svc", s -> ServiceInstance.byName("web-svc", "qa").isEmpty());

        // delete: a confirmation naming the pipeline and each instance with its environment
        String confirm = dev.request().get("/services/web-svc/delete").then().statusCode(200).extract().asString();
        assertTrue(confirm.contains("Delete web-svc?") && confirm.contains("<strong>pipeline</strong>"), confirm);
        assertTrue(confirm.contains("instance <strong>dev</strong> in environment <a href=\"/environments/" + ServiceFixtures.SANDBOX_A + "\""), confirm);
        assertTrue(confirm.contains("instance <strong>prod</strong> in environment <a href=\"/environments/" + ServiceFixtures.SANDBOX_B + "\""), confirm);
        dev.form().post("/services/web-svc/delete").then().statusCode(303).header("Location", endsWith("/services/web-svc"));
        portal.awaitServiceGone("web-svc");
        dev.request().get("/services/web-svc").then().statusCode(404);
    }

    @Test
    void anUnknownServiceIsNotFound() {
        WebUser.developer().request().get("/services/nope").then().statusCode(404);
        WebUser.developer().request().get("/services/nope/edit").then().statusCode(404);
        WebUser.developer().request().get("/services/nope/delete").then().statusCode(404);
    }

    /** Whether the select named {@code name} has {@code value} selected. */
    private static boolean selected(String page, String name, String value) {
        Matcher select = Pattern.compile("<select[^>]*name=\"" + Pattern.quote(name) + "\".*?</select>", Pattern.DOTALL).matcher(page);
        return select.find() && select.group().contains("<option value=\"" + value + "\" selected>");
    }
}
