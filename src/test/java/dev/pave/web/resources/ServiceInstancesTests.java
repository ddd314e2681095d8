package dev.pave.web.resources;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Service instance pages and the list of every instance, as developers, read-only users and users without roles meet
 * them. In order: the edits and the update of the one instance follow each other.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceInstancesTests {

    static final String TEMPLATE = "si-hello";
    static final String ENVIRONMENT = "si-env";
    static final String SERVICE = "si-svc";
    static final String PAGE = "/services/" + SERVICE + "/instances/dev";

    @Inject
    PortalFixtures fixtures;

    @Inject
    EntityManager em;

    @BeforeEach
    void load() {
        fixtures.helloService(SERVICE, TEMPLATE, ENVIRONMENT);
    }

    @Test
    @Order(1)
    void theInstancePageShowsItsDeploymentWithEverythingItApplied() {
        ServiceInstance i = fixtures.awaitInstance(SERVICE, "dev", x -> x.deployment.status == DeploymentStatus.SUCCEEDED);
        WebUser.developer().request().get(PAGE).then().statusCode(200)
                .body(containsString("<h1>dev <span class=\"muted\">· instance of " + SERVICE + "</span></h1>"),
                        containsString("Status SUCCEEDED"),
                        containsString("href=\"/services/" + SERVICE + "\""), containsString("href=\"/environments/" + ENVIRONMENT + "\""),
                        containsString("href=\"/templates/service/" + TEMPLATE + "\""), containsString("<dt>Version</dt><dd>1.0</dd>"),
                        // outputs from the command runner's proton-outputs.json, the script it ran, the spec as a user writes it
                        containsString("<dt>Greeting</dt><dd><code>hi</code></dd>"), containsString("<dt>ServiceUrl</dt>"),
                        containsString("aria-label=\"Applied provision.sh\""), containsString("Starting $replicas replica(s)"),
                        containsString("proton: ServiceInstanceSpec\nspec:\n  greeting: hi\n  replicas: 1"),
                        containsString("aria-label=\"Deployment " + i.deployment.lastAttemptedId + "\""),
                        containsString("data-events=\"/deployments/" + i.deployment.lastAttemptedId + "/events\""),
                        containsString("href=\"/deployments?target=SERVICE_INSTANCE&service=" + SERVICE + "&instance=dev\""),
                        containsString("aria-label=\"Edit service instance\""), not(containsString("aria-label=\"Cancel deployment\"")));
        // the history holds the instance's deployments only: not its pipeline's, which names the same service
        WebUser.developer().request().get("/deployments?target=SERVICE_INSTANCE&service=" + SERVICE + "&instance=dev").then().statusCode(200)
                .body(containsString(i.deployment.lastAttemptedId), not(containsString("pipeline " + SERVICE)));
        WebUser.developer().request().get("/deployments?target=SERVICE_PIPELINE&service=" + SERVICE).then().statusCode(200)
                .body(not(containsString(i.deployment.lastAttemptedId)), containsString("href=\"/services/" + SERVICE + "/pipeline\""));
        // the environment's own history leaves its instances' deployments to the list of everything deployed in it
        WebUser.developer().request().get("/environments/" + ENVIRONMENT).then().statusCode(200)
                .body(not(containsString("aria-label=\"Deployment " + i.deployment.lastAttemptedId + "\"")),
                        containsString("href=\"/deployments?environment=" + ENVIRONMENT + "\""));
        WebUser.developer().request().get("/deployments?environment=" + ENVIRONMENT).then().statusCode(200).body(containsString(i.deployment.lastAttemptedId));
        // its panels refresh alone
        WebUser.developer().htmx("instance-status").get(PAGE).then().statusCode(200)
                .body(containsString("id=\"instance-status\""), not(containsString("<html")), not(containsString("id=\"instance-facts\"")));
        WebUser.developer().htmx("instance-facts").get(PAGE).then().statusCode(200)
                .body(containsString("<dt>Greeting</dt>"), not(containsString("<html")), not(containsString("id=\"instance-status\"")));
    }

    @Test
    @Order(2)
    void readersSeeButChangeNothingAndUsersWithoutRolesSeeNothing() {
        WebUser reader = WebUser.reader();
        reader.request().get(PAGE).then().statusCode(200)
                .body(containsString("Status "), not(containsString("aria-label=\"Edit service instance\"")),
                        not(containsString("aria-label=\"Delete service instance\"")));
        reader.request().get(PAGE + "/edit").then().statusCode(403);
        reader.request().get(PAGE + "/delete").then().statusCode(403);
        reader.form().formParam("deploymentType", "CURRENT_VERSION").post(PAGE + "/edit").then().statusCode(403);
        reader.form().post(PAGE + "/delete").then().statusCode(403);
        reader.form().post(PAGE + "/cancel").then().statusCode(403);
        reader.form().formParam("deploymentType", "MINOR_VERSION").formParam("major", 1).formParam("minor", 1).post(PAGE + "/update")
                .then().statusCode(403);

        WebUser nobody = WebUser.nobody();
        nobody.request().get(PAGE).then().statusCode(403).body(not(containsString("Greeting")));
        nobody.htmx("instance-status").get(PAGE).then().statusCode(403).body(not(containsString("instance-status")));
        nobody.htmx("instance-facts").get(PAGE).then().statusCode(403).body(not(containsString("Greeting")));
        nobody.request().get("/instances").then().statusCode(403).body(not(containsString(SERVICE)));
        nobody.htmx("instance-list").get("/instances").then().statusCode(403).body(not(containsString(SERVICE)));
        io.restassured.RestAssured.given().redirects().follow(false).get(PAGE).then().statusCode(302);
        WebUser.developer().request().get("/services/" + SERVICE + "/instances/nope").then().statusCode(404);
    }

    @Test
    @Order(3)
    void editIsPrefilledKeepsValuesOnABadInputAndDeploysAGoodOne() {
        WebUser dev = WebUser.developer();
        fixtures.awaitInstance(SERVICE, "dev", x -> !x.deployment.status.active());
        dev.request().get(PAGE + "/edit").then().statusCode(200)
                .body(containsString("name=\"input.greeting\" type=\"text\" value=\"hi\""), containsString("name=\"input.replicas\" type=\"number\" value=\"1\""),
                        containsString("value=\"CURRENT_VERSION\" checked> CURRENT_VERSION: deploy these inputs on version 1.0"),
                        not(containsString("value=\"NONE\"")),
                        containsString("/forms/validate?type=service&amp;template=" + TEMPLATE + "&amp;version=1.0&amp;schema=instance"));
        // the instance schema's own limits, checked as the user types
        dev.htmx("in-replicas-error").header("HX-Trigger-Name", "input.replicas").contentType("application/x-www-form-urlencoded")
                .formParam("input.replicas", "99").post("/forms/validate?type=service&template=" + TEMPLATE + "&version=1.0&schema=instance")
                .then().statusCode(200).body(containsString("id=\"in-replicas-error\""), containsString("10"), not(containsString("hidden")));

        dev.form().formParam("version", "1.0").formParam("deploymentType", "CURRENT_VERSION").formParam("input.greeting", "hello there")
                .formParam("input.replicas", "99").post(PAGE + "/edit").then().statusCode(400)
                .body(containsString("value=\"hello there\""), containsString("value=\"99\""), containsString("aria-invalid=\"true\""),
                        containsString("<p id=\"in-replicas-error\" class=\"error\" aria-live=\"polite\">Must be at most 10."));
        dev.form().formParam("version", "1.0").formParam("deploymentType", "NONE").formParam("input.greeting", "kept")
                .post(PAGE + "/edit").then().statusCode(400)
                .body(containsString("Choose how to deploy the change."), containsString("value=\"kept\""));

        dev.form().formParam("version", "1.0").formParam("deploymentType", "CURRENT_VERSION").formParam("input.greeting", "hello there")
                .formParam("input.replicas", "3").post(PAGE + "/edit").then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith(PAGE));
        ServiceInstance edited = fixtures.awaitInstance(SERVICE, "dev", x -> x.deployment.status == DeploymentStatus.SUCCEEDED && x.spec.contains("hello there"));
        assertTrue(edited.spec.contains("\"replicas\":3"), edited.spec);
        dev.request().get(PAGE).then().body(containsString("<dt>Greeting</dt><dd><code>hello there</code></dd>"), containsString("CURRENT_VERSION"));
    }

    @Test
    @Order(4)
    void aRunningDeploymentIsCancelledFromThePage() {
        WebUser dev = WebUser.developer();
        fixtures.awaitInstance(SERVICE, "dev", x -> !x.deployment.status.active());
        // a greeting of "slow" makes the copy's script sleep a minute
        dev.form().formParam("version", "1.0").formParam("deploymentType", "CURRENT_VERSION").formParam("input.greeting", "slow")
                .post(PAGE + "/edit").then().statusCode(303);
        fixtures.awaitInstance(SERVICE, "dev", x -> x.deployment.status == DeploymentStatus.IN_PROGRESS);
        dev.request().get(PAGE).then().body(containsString("aria-label=\"Cancel deployment\""), containsString("action=\"" + PAGE + "/cancel\""));
        WebUser.reader().htmx("instance-status").get(PAGE).then().statusCode(200).body(not(containsString("aria-label=\"Cancel deployment\"")));
        dev.htmx("instance-status").post(PAGE + "/cancel").then().statusCode(200)
                .header("HX-Trigger", "deploymentChanged").body(containsString("id=\"instance-status\""), not(containsString("<html")));
        ServiceInstance cancelled = fixtures.awaitInstance(SERVICE, "dev", x -> x.deployment.status == DeploymentStatus.CANCELLED);
        assertTrue(!cancelled.spec.contains("slow"), "a cancelled deployment leaves the last good spec: " + cancelled.spec);
        dev.request().get(PAGE).then().body(containsString("Status CANCELLED"), not(containsString("aria-label=\"Cancel deployment\"")));
        // nothing runs now: a second cancel is refused with the service's reason
        dev.form().post(PAGE + "/cancel").then().statusCode(400).body(containsString("no deployment in progress"));
    }

    @Test
    @Order(5)
    void theUpdateNoticeStartsAMinorVersionDeploymentToTheRecommendedVersion() {
        WebUser dev = WebUser.developer();
        fixtures.awaitInstance(SERVICE, "dev", x -> !x.deployment.status.active());
        String minor = fixtures.publishNextHelloMinor(TEMPLATE, "Hello from the next minor");
        dev.request().get(PAGE).then().statusCode(200)
                .body(containsString("<strong>" + minor + "</strong> is recommended; you run 1.0."), containsString("value=\"MINOR_VERSION\""),
                        containsString("aria-label=\"Update to " + minor + "\""));
        WebUser.reader().request().get(PAGE).then().body(not(containsString("aria-label=\"Update to")));
        String[] v = minor.split("\\.");
        dev.htmx("instance-status").formParam("deploymentType", "MINOR_VERSION").formParam("major", v[0]).formParam("minor", v[1])
                .post(PAGE + "/update").then().statusCode(200).header("HX-Trigger", "deploymentChanged")
                .body(containsString("id=\"instance-status\""), containsString("IN_PROGRESS"));
        ServiceInstance updated = fixtures.awaitInstance(SERVICE, "dev", x -> x.deployment.status == DeploymentStatus.SUCCEEDED
                && x.templateVersion.minor == Integer.parseInt(v[1]));
        assertEquals(minor, updated.version());
        dev.request().get(PAGE).then().body(containsString("<dt>Version</dt><dd>" + minor + "</dd>"), not(containsString("is recommended; you run")));
        // only version moves come from the notice's button
        dev.form().formParam("deploymentType", "CURRENT_VERSION").formParam("major", v[0]).formParam("minor", v[1])
                .post(PAGE + "/update").then().statusCode(400).body(containsString("An update moves to a MINOR_VERSION or a MAJOR_VERSION"));
    }

    @Test
    @Order(6)
    void theDeleteConfirmationNamesWhatGoesAndTheLastInstanceIsKept() {
        WebUser dev = WebUser.developer();
        fixtures.awaitService(SERVICE, s -> s.status == Service.Status.ACTIVE);
        dev.request().get(PAGE + "/delete").then().statusCode(200)
                .body(containsString("dev is the last instance of service " + SERVICE), not(containsString("aria-label=\"Confirm deletion\"")));
        dev.form().post(PAGE + "/delete").then().statusCode(400).body(containsString("a service keeps at least one instance"));

        fixtures.instance(SERVICE, "extra", ENVIRONMENT);
        String extra = "/services/" + SERVICE + "/instances/extra";
        dev.request().get(extra + "/delete").then().statusCode(200)
                .body(containsString("Delete " + SERVICE + "/extra?"), containsString("service instance <strong>extra</strong> of service " + SERVICE),
                        containsString("in environment\n    " + ENVIRONMENT), containsString("(Greeting, Replicas, ServiceUrl)"),
                        containsString("aria-label=\"Delete " + SERVICE + "/extra\""));
        dev.form().post(extra + "/delete").then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith(extra));
        fixtures.awaitInstanceGone(SERVICE, "extra");
        dev.request().get(extra).then().statusCode(404);
        dev.request().get("/deployments?target=SERVICE_INSTANCE&service=" + SERVICE + "&instance=extra&status=DELETE_COMPLETE").then()
                .body(containsString("DELETE_COMPLETE"));
    }

    /**
     * The list reads one page in one query: 130 instances of three made-up services (inserted with SQL, removed
     * after), filtered by each field and paged by 50.
     */
    @Test
    @Order(7)
    void theInstanceListFiltersInPlaceAndPages() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    insert into service (name, template_name, spec, status, created_at, last_modified_at, has_pipeline)
                    select 'lst-svc-' || s, 'lst-tpl', 'proton: ServiceSpec', 'ACTIVE', now(), now(), false from generate_series(1, 3) s""")
                    .executeUpdate();
            em.createNativeQuery("""
                    insert into service_instance (service_name, name, environment_name, template_name, template_major_version,
                        template_minor_version, spec, provisioning_method, deployment_status, created_at, last_modified_at, last_deployment_attempted_at)
                    select 'lst-svc-' || (1 + i % 3), 'inst-' || lpad(i::text, 3, '0'), case when i % 2 = 0 then 'lst-even' else 'lst-odd' end,
                        case when i < 100 then 'lst-tpl' else 'lst-other' end, 1, i % 4, '{}', 'COMMANDS',
                        case when i % 10 = 0 then 'FAILED' else 'SUCCEEDED' end, now(), now(), now()
                    from generate_series(1, 130) i""").executeUpdate();
        });
        try {
            WebUser reader = WebUser.reader();
            String all = reader.request().get("/instances?text=lst-svc").then().statusCode(200)
                    .body(containsString("aria-label=\"Filter instances by deployment status\""), containsString("aria-label=\"Next page\""),
                            containsString("href=\"/instances?text=lst-svc&amp;service=&amp;environment=&amp;template=&amp;status=&amp;page=2\""))
                    .extract().asString();
            assertEquals(50, rows(all));
            assertTrue(all.indexOf("lst-svc-1/inst-003") < all.indexOf("lst-svc-1/inst-006"), "by service, then name");
            String third = reader.htmx("instance-list").get("/instances?text=lst-svc&page=3").then().statusCode(200)
                    .body(not(containsString("<html")), not(containsString("aria-label=\"Next page\"")), containsString("aria-label=\"Previous page\""))
                    .extract().asString();
            assertEquals(30, rows(third));

            String filtered = reader.htmx("instance-list").get("/instances?text=INST-01&service=lst-svc-2&environment=lst-odd&template=lst-tpl&status=SUCCEEDED")
                    .then().statusCode(200).extract().asString();
            // inst-010..019 of service 2 (i % 3 == 1): 10, 13, 16, 19; odd ones: 13, 19
            assertEquals(2, rows(filtered), filtered);
            assertTrue(filtered.contains("lst-svc-2/inst-013") && filtered.contains("lst-svc-2/inst-019"), filtered);
            assertTrue(filtered.contains("<td>1.1</td>") && filtered.contains("<td>1.3</td>"), "template version shown: " + filtered);
            String failed = reader.request().get("/instances?text=lst&status=FAILED").then().statusCode(200).extract().asString();
            assertEquals(13, rows(failed));
            assertTrue(failed.contains("<option value=\"FAILED\" selected>"), "the filter keeps its value");
            assertEquals(31, rows(reader.request().get("/instances?template=lst-other").then().extract().asString()));
            // a % in the text is a character, not a wildcard
            assertEquals(0, rows(reader.request().get("/instances?text=lst%25svc").then().extract().asString()));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from service where name like 'lst-svc-%'").executeUpdate());
        }
    }

    private static int rows(String html) {
        Matcher m = Pattern.compile("aria-label=\"Instance [^\"]+\"").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
