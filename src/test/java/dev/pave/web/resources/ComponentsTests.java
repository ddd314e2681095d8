package dev.pave.web.resources;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pave.component.Component;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Component pages (SNS topics, CloudFormation on moto): one defined in its environment, one attached to a service
 * instance of the command-runner sample. In order: the attached one is detached, then deleted.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComponentsTests {

    static final String TEMPLATE = "cp-hello";
    static final String ENVIRONMENT = "cp-env";
    static final String SERVICE = "cp-svc";
    static final String TOPIC = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: "{{ component.name }}-topic"
            Outputs:
              TopicName:
                Value: !GetAtt Topic.TopicName
            """;

    @Inject
    PortalFixtures fixtures;

    @BeforeEach
    void load() {
        fixtures.helloService(SERVICE, TEMPLATE, ENVIRONMENT);
        fixtures.component("cp-alone", ENVIRONMENT, null, null, TOPIC);
    }

    @Test
    @Order(1)
    void aComponentsPageShowsItsDeploymentAndWhatItApplied() {
        Component c = fixtures.awaitComponent("cp-alone", x -> x.deployment.status == DeploymentStatus.SUCCEEDED);
        WebUser.developer().request().get("/components/cp-alone").then().statusCode(200)
                .body(containsString("<h1>cp-alone</h1>"), containsString("Status SUCCEEDED"), containsString("made by a test"),
                        containsString("href=\"/environments/" + ENVIRONMENT + "\""), containsString("defined in its environment only"),
                        containsString("aria-label=\"Component template file\""), containsString("{{ component.name }}-topic"),
                        // the IaC as rendered for this deployment, and the stack's resources
                        containsString("aria-label=\"Applied cloudformation.yaml\""), containsString("TopicName: &quot;cp-alone-topic&quot;"),
                        containsString("aria-label=\"Provisioned resources\""), containsString("<strong>Topic</strong>"),
                        containsString("aria-label=\"Deployment " + c.deployment.lastAttemptedId + "\""),
                        containsString("href=\"/deployments?target=COMPONENT&component=cp-alone\""),
                        containsString("aria-label=\"Edit component\""), containsString("aria-label=\"Delete component\""));
        WebUser.developer().htmx("component-status").get("/components/cp-alone").then().statusCode(200)
                .body(containsString("id=\"component-status\""), not(containsString("<html")));
        WebUser.developer().htmx("component-facts").get("/components/cp-alone").then().statusCode(200)
                .body(containsString("<strong>Topic</strong>"), not(containsString("<html")), not(containsString("id=\"component-status\"")));
        WebUser.developer().request().get("/components/nope").then().statusCode(404);
    }

    @Test
    @Order(2)
    void theListFiltersByEnvironmentAndService() {
        attach();
        WebUser reader = WebUser.reader();
        reader.request().get("/components?environment=" + ENVIRONMENT).then().statusCode(200)
                .body(containsString("aria-label=\"Component cp-alone\""), containsString("aria-label=\"Component cp-attached\""),
                        containsString("href=\"/services/" + SERVICE + "/instances/dev\">" + SERVICE + "/dev</a>"),
                        containsString("aria-label=\"Filter components by service\""));
        reader.htmx("component-list").get("/components?environment=" + ENVIRONMENT + "&service=" + SERVICE).then().statusCode(200)
                .body(not(containsString("<html")), containsString("aria-label=\"Component cp-attached\""), not(containsString("cp-alone")));
        reader.htmx("component-list").get("/components?environment=elsewhere").then().statusCode(200).body(containsString("No components match."));
        // the instance it is attached to links back to it
        reader.request().get("/services/" + SERVICE + "/instances/dev").then().body(containsString("href=\"/components/cp-attached\""));
    }

    @Test
    @Order(3)
    void readersSeeButChangeNothingAndUsersWithoutRolesSeeNothing() {
        WebUser reader = WebUser.reader();
        reader.request().get("/components/cp-alone").then().statusCode(200).body(not(containsString("aria-label=\"Edit component\"")));
        reader.request().get("/components/cp-alone/edit").then().statusCode(403);
        reader.request().get("/components/cp-alone/delete").then().statusCode(403);
        reader.form().formParam("deploymentType", "NONE").formParam("description", "x").post("/components/cp-alone/edit").then().statusCode(403);
        reader.form().post("/components/cp-alone/delete").then().statusCode(403);
        reader.form().post("/components/cp-alone/cancel").then().statusCode(403);
        WebUser nobody = WebUser.nobody();
        nobody.request().get("/components").then().statusCode(403).body(not(containsString("cp-alone")));
        nobody.htmx("component-list").get("/components").then().statusCode(403).body(not(containsString("cp-alone")));
        nobody.request().get("/components/cp-alone").then().statusCode(403).body(not(containsString("cp-alone-topic")));
        nobody.htmx("component-status").get("/components/cp-alone").then().statusCode(403).body(not(containsString("component-status")));
        nobody.htmx("component-facts").get("/components/cp-alone").then().statusCode(403).body(not(containsString("Topic")));
    }

    @Test
    @Order(4)
    void editKeepsValuesOnABadTemplateAndDeploysAGoodOne() {
        WebUser dev = WebUser.developer();
        Component before = fixtures.awaitComponent("cp-alone", x -> !x.deployment.status.active());
        dev.request().get("/components/cp-alone/edit").then().statusCode(200)
                .body(containsString("id=\"f-description\" name=\"description\" type=\"text\" value=\"made by a test\""),
                        containsString("TopicName: &quot;{{ component.name }}-topic&quot;"), containsString("value=\"NONE\""),
                        not(containsString("value=\"MINOR_VERSION\"")), not(containsString("name=\"detach\"")));

        dev.form().formParam("deploymentType", "CURRENT_VERSION").formParam("description", "kept").formParam("templateFile", " ")
                .post("/components/cp-alone/edit").then().statusCode(400)
                .body(containsString("<p id=\"f-templateFile-error\" class=\"error\" role=\"alert\">Enter the CloudFormation template"),
                        containsString("value=\"kept\""));
        dev.form().formParam("deploymentType", "CURRENT_VERSION").formParam("description", "kept").formParam("templateFile", "Resources: {{ component.name")
                .post("/components/cp-alone/edit").then().statusCode(400)
                .body(containsString("<p id=\"f-templateFile-error\" class=\"error\" role=\"alert\">Rendering templateFile"),
                        containsString("Resources: {{ component.name</textarea>"), containsString("value=\"kept\""));

        // NONE: the description only, nothing deployed
        dev.form().formParam("deploymentType", "NONE").formParam("description", "a topic of its own").formParam("templateFile", TOPIC)
                .post("/components/cp-alone/edit").then().statusCode(303).header("Location", endsWith("/components/cp-alone"));
        Component described = fixtures.awaitComponent("cp-alone", x -> "a topic of its own".equals(x.description));
        assertEquals(before.deployment.lastAttemptedId, described.deployment.lastAttemptedId);

        dev.form().formParam("deploymentType", "CURRENT_VERSION").formParam("description", "a topic of its own")
                .formParam("templateFile", TOPIC.replace("-topic", "-renamed")).post("/components/cp-alone/edit").then().statusCode(303);
        fixtures.awaitComponent("cp-alone", x -> x.deployment.status == DeploymentStatus.SUCCEEDED && x.templateFile.contains("-renamed"));
        dev.request().get("/components/cp-alone").then().body(containsString("cp-alone-renamed"));
        // nothing runs now: cancel says so
        dev.form().post("/components/cp-alone/cancel").then().statusCode(400).body(containsString("no deployment in progress"));
    }

    @Test
    @Order(5)
    void anAttachedComponentIsDetachedThenDeletedAfterAConfirmationNamingItsResources() {
        attach();
        WebUser dev = WebUser.developer();
        dev.request().get("/components/cp-attached/delete").then().statusCode(200)
                .body(containsString("is attached to service instance"), containsString("detach it</a> first"),
                        not(containsString("aria-label=\"Confirm deletion\"")));
        dev.form().post("/components/cp-attached/delete").then().statusCode(400).body(containsString("detach it"));
        dev.request().get("/components/cp-attached/edit").then().statusCode(200)
                .body(containsString("name=\"detach\""), containsString("Detach from service instance " + SERVICE + "/dev"));

        dev.form().formParam("deploymentType", "CURRENT_VERSION").formParam("description", "made by a test").formParam("templateFile", TOPIC)
                .formParam("detach", "true").post("/components/cp-attached/edit").then().statusCode(303);
        Component detached = fixtures.awaitComponent("cp-attached", x -> x.deployment.status == DeploymentStatus.SUCCEEDED && x.serviceName == null);
        assertNull(detached.serviceInstanceName);

        dev.request().get("/components/cp-attached/delete").then().statusCode(200)
                .body(containsString("Delete cp-attached?"), containsString("deletes the CloudFormation stack of component <strong>cp-attached</strong>"),
                        containsString("aria-label=\"Resources to remove\""), containsString("<strong>Topic</strong>"),
                        containsString("aria-label=\"Delete cp-attached\""));
        dev.form().post("/components/cp-attached/delete").then().statusCode(303).header("Location", endsWith("/components/cp-attached"));
        fixtures.awaitComponentGone("cp-attached");
        dev.request().get("/components/cp-attached").then().statusCode(404);
    }

    @Test
    @Order(6)
    void aComponentIsCreatedFromAFormThatKeepsItsValuesOnARefusal() {
        WebUser dev = WebUser.developer();
        dev.request().get("/components").then().body(containsString("aria-label=\"Create component\""));
        WebUser.reader().request().get("/components/new").then().statusCode(403);
        dev.request().get("/components/new").then().statusCode(200)
                .body(containsString("template_language: cloudformation\n</textarea>"), containsString("aria-label=\"Create component\""));

        dev.form().formParam("name", "bad name").formParam("manifest", PortalFixtures.COMPONENT_MANIFEST).formParam("templateFile", TOPIC)
                .post("/components").then().statusCode(400)
                .body(containsString("<p id=\"f-name-error\" class=\"error\" role=\"alert\">Use letters, digits"), containsString("value=\"bad name\""),
                        containsString("<p id=\"f-environment-error\" class=\"error\" role=\"alert\">Choose the environment"),
                        containsString("{{ component.name }}-topic"));
        // the service refuses a manifest that is neither CloudFormation nor Terraform (here Terraform with Jinja): said by that field, the rest kept
        dev.form().formParam("name", "cp-made").formParam("environment", ENVIRONMENT).formParam("description", "from the form")
                .formParam("manifest", PortalFixtures.COMPONENT_MANIFEST.replace("cloudformation\n", "terraform\n")).formParam("templateFile", TOPIC)
                .post("/components").then().statusCode(400)
                .body(containsString("<p id=\"f-manifest-error\" class=\"error\" role=\"alert\">Pave provisions components with CloudFormation (rendering_engine jinja"),
                        containsString("value=\"cp-made\""), containsString("value=\"from the form\""));

        dev.form().formParam("name", "cp-made").formParam("environment", ENVIRONMENT).formParam("description", "from the form")
                .formParam("manifest", PortalFixtures.COMPONENT_MANIFEST).formParam("templateFile", TOPIC)
                .post("/components").then().statusCode(303).header("Location", endsWith("/components/cp-made"));
        Component made = fixtures.awaitComponent("cp-made", x -> x.deployment.status == DeploymentStatus.SUCCEEDED);
        assertEquals(ENVIRONMENT, made.environmentName);
        dev.request().get("/components/cp-made").then().body(containsString("cp-made-topic"), containsString("from the form"));
    }

    private void attach() {
        fixtures.component("cp-attached", null, SERVICE, "dev", TOPIC);
    }
}
