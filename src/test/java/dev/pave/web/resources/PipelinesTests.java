package dev.pave.web.resources;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.service.Service;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A service's pipeline page, as developers, read-only users and users without roles meet it; in order, as one pipeline changes. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelinesTests {

    static final String TEMPLATE = "pl-hello";
    static final String ENVIRONMENT = "pl-env";
    static final String SERVICE = "pl-svc";
    static final String PAGE = "/services/" + SERVICE + "/pipeline";
    static final String VALIDATE = "/forms/validate?type=service&template=" + TEMPLATE + "&version=1.0&schema=pipeline";

    @Inject
    PortalFixtures fixtures;

    @BeforeEach
    void load() {
        fixtures.helloService(SERVICE, TEMPLATE, ENVIRONMENT);
    }

    private Service settled() {
        return fixtures.awaitService(SERVICE, s -> s.pipelineDeployment.status != null && !s.pipelineDeployment.status.active());
    }

    @Test
    @Order(1)
    void thePipelinePageShowsItsDeploymentAndThatItGoesWithItsService() {
        Service s = settled();
        WebUser.developer().request().get(PAGE).then().statusCode(200)
                .body(containsString("Status SUCCEEDED"), containsString("<dt>Version</dt><dd>1.0</dd>"),
                        containsString("href=\"/templates/service/" + TEMPLATE + "\""), containsString("<code>acme/" + SERVICE + "</code> (main)"),
                        // the outputs the script wrote: the names it found in its inputs, the one instance among them
                        containsString("<dt>PipelineBranch</dt><dd><code>main</code></dd>"), containsString("<dt>Stages</dt><dd><code>" + SERVICE + " dev " + ENVIRONMENT),
                        containsString("aria-label=\"Applied provision.sh\""), containsString("Pipeline for branch $branch over"),
                        containsString("proton: ServiceSpec\npipeline:\n  branch: main"),
                        containsString("aria-label=\"Deployment " + s.pipelineDeployment.lastAttemptedId + "\""),
                        containsString("A pipeline can't be deleted on its own"), containsString("href=\"/services/" + SERVICE + "\""),
                        containsString("aria-label=\"Edit pipeline\""), not(containsString("aria-label=\"Delete")));
        WebUser.developer().htmx("pipeline-status").get(PAGE).then().statusCode(200)
                .body(containsString("id=\"pipeline-status\""), not(containsString("<html")), not(containsString("PipelineBranch")));
        WebUser.developer().htmx("pipeline-facts").get(PAGE).then().statusCode(200)
                .body(containsString("<dt>PipelineBranch</dt>"), not(containsString("<html")), not(containsString("id=\"pipeline-status\"")));
        WebUser.developer().request().get("/services/nope/pipeline").then().statusCode(404);
    }

    @Test
    @Order(2)
    void readersSeeButChangeNothingAndUsersWithoutRolesSeeNothing() {
        WebUser reader = WebUser.reader();
        reader.request().get(PAGE).then().statusCode(200).body(containsString("PipelineBranch"), not(containsString("aria-label=\"Edit pipeline\"")));
        reader.request().get(PAGE + "/edit").then().statusCode(403);
        reader.form().formParam("deploymentType", "CURRENT_VERSION").formParam("input.branch", "x").post(PAGE + "/edit").then().statusCode(403);
        reader.form().post(PAGE + "/cancel").then().statusCode(403);
        reader.form().formParam("deploymentType", "MINOR_VERSION").formParam("major", 1).formParam("minor", 1).post(PAGE + "/update")
                .then().statusCode(403);
        WebUser nobody = WebUser.nobody();
        nobody.request().get(PAGE).then().statusCode(403).body(not(containsString("PipelineBranch")));
        nobody.htmx("pipeline-status").get(PAGE).then().statusCode(403).body(not(containsString("pipeline-status")));
        nobody.htmx("pipeline-facts").get(PAGE).then().statusCode(403).body(not(containsString("PipelineBranch")));
    }

    @Test
    @Order(3)
    void editIsPrefilledKeepsValuesOnABadInputAndDeploysAGoodOne() {
        WebUser dev = WebUser.developer();
        settled();
        dev.request().get(PAGE + "/edit").then().statusCode(200)
                .body(containsString("name=\"input.branch\" type=\"text\" value=\"main\""), containsString("pattern=\"^[A-Za-z0-9._/-]+$\""),
                        containsString("CURRENT_VERSION: deploy these inputs on version 1.0"),
                        containsString("hx-post=\"" + VALIDATE.replace("&", "&amp;") + "\""));
        dev.htmx("in-branch-error").header("HX-Trigger-Name", "input.branch").contentType("application/x-www-form-urlencoded")
                .formParam("input.branch", "no spaces please").post(VALIDATE).then().statusCode(200)
                .body(containsString("id=\"in-branch-error\""), containsString("Must look like main."));

        dev.form().formParam("version", "1.0").formParam("deploymentType", "CURRENT_VERSION").formParam("input.branch", "no spaces please")
                .post(PAGE + "/edit").then().statusCode(400)
                .body(containsString("value=\"no spaces please\""), containsString("aria-invalid=\"true\""),
                        containsString("<p id=\"in-branch-error\" class=\"error\" aria-live=\"polite\">Must look like main."));
        dev.form().formParam("version", "1.0").formParam("deploymentType", "CURRENT_VERSION").formParam("input.branch", "main")
                .formParam("input.sneaky", "x").post(PAGE + "/edit").then().statusCode(400)
                .body(containsString("spec.sneaky: is not an input of this template"));

        dev.form().formParam("version", "1.0").formParam("deploymentType", "CURRENT_VERSION").formParam("input.branch", "release/1")
                .post(PAGE + "/edit").then().statusCode(303).header("Location", endsWith(PAGE));
        fixtures.awaitService(SERVICE, s -> s.pipelineDeployment.status == DeploymentStatus.SUCCEEDED && s.pipelineSpec.contains("release/1"));
        dev.request().get(PAGE).then().body(containsString("<dt>PipelineBranch</dt><dd><code>release/1</code></dd>"));
    }

    @Test
    @Order(4)
    void theUpdateNoticeStartsAMinorVersionDeployment() {
        WebUser dev = WebUser.developer();
        settled();
        String minor = fixtures.publishNextHelloMinor(TEMPLATE, "Hello from the pipeline's next minor");
        dev.request().get(PAGE).then().statusCode(200)
                .body(containsString("<strong>" + minor + "</strong> is recommended; you run 1.0."), containsString("action=\"" + PAGE + "/update\""));
        String[] v = minor.split("\\.");
        dev.htmx("pipeline-status").formParam("deploymentType", "MINOR_VERSION").formParam("major", v[0]).formParam("minor", v[1])
                .post(PAGE + "/update").then().statusCode(200).header("HX-Trigger", "deploymentChanged").body(containsString("id=\"pipeline-status\""));
        Service updated = fixtures.awaitService(SERVICE, s -> s.pipelineDeployment.status == DeploymentStatus.SUCCEEDED
                && s.pipelineTemplateVersion.minor == Integer.parseInt(v[1]));
        assertEquals(minor, updated.pipelineVersion());
        assertEquals("{\"branch\":\"release/1\"}", updated.pipelineSpec, "the update keeps the pipeline's inputs");
        dev.request().get(PAGE).then().body(containsString("<dt>Version</dt><dd>" + minor + "</dd>"), not(containsString("is recommended; you run")));
    }
}
