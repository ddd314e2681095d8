package dev.pave.web.catalog;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.template.Template;
import dev.pave.template.TemplateService.NewTemplate;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.testing.CatalogFixtures;
import dev.pave.testing.PortalBundles;
import dev.pave.testing.WebUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TemplateVersionsTests {

    @Inject
    TemplateService templates;

    @Inject
    IdentityService identity;

    @Inject
    CatalogFixtures fixtures;

    @BeforeEach
    void templates() {
        for (var t : Map.of("ver-env", TemplateType.ENVIRONMENT, "ver-svc", TemplateType.SERVICE).entrySet()) {
            if (Template.find(t.getValue(), t.getKey()).isEmpty()) {
                templates.createTemplate(Caller.system(), t.getValue(), new NewTemplate(t.getKey(), null, null, null, null), Map.of());
            }
        }
        if (identity.user("ver-dev").isEmpty()) {
            identity.createLocalUser(Caller.system(), "ver-dev", "developer-password-1", Set.of(Role.DEVELOPER), false);
        }
    }

    @Test
    void uploadErrorsAreShownInline() {
        WebUser admin = WebUser.admin();
        upload(admin.request().multiPart("csrf-token", admin.csrf), null).multiPart("majorVersion", "one")
                .multiPart("description", "kept description")
                .post("/templates/environment/ver-env/versions").then().statusCode(400)
                .body(containsString("id=\"f-bundle-error\" class=\"error\" role=\"alert\">Choose a bundle file."),
                        containsString("id=\"f-majorVersion-error\" class=\"error\" role=\"alert\">Enter a whole number"),
                        containsString("value=\"kept description\""), containsString("<html"));
        upload(admin.htmx("upload-panel"), PortalBundles.environment()).multiPart("majorVersion", "7")
                .post("/templates/environment/ver-env/versions").then().statusCode(200)
                .body(startsWith("<section id=\"upload-panel\""), containsString("class=\"form-error\" role=\"alert\">Template ver-env has no major version 7"));
        upload(admin.htmx("upload-panel"), PortalBundles.environment()).multiPart("compatibleEnvironments", "ver-env")
                .post("/templates/service/ver-svc/versions").then().statusCode(200)
                .body(containsString("id=\"f-compatibleEnvironments-error\" class=\"error\" role=\"alert\">Write each entry as name:major"),
                        containsString("value=\"ver-env\""));
    }

    @Test
    void anOversizedBundleIsRefusedBeforeRegistration() {
        WebUser admin = WebUser.admin();
        upload(admin.htmx("upload-panel"), new byte[(int) TemplateVersions.MAX_BUNDLE_BYTES + 1])
                .post("/templates/environment/ver-env/versions").then().statusCode(200)
                .body(containsString("The bundle is larger than 5 MB."));
    }

    @Test
    void aBrokenBundleShowsItsRegistrationFailureInFull() {
        WebUser admin = WebUser.admin();
        String failed = upload(admin.htmx("upload-panel"), "not an archive at all".getBytes(StandardCharsets.UTF_8))
                .post("/templates/environment/ver-env/versions").then().statusCode(200)
                .header("HX-Trigger", "versionsChanged")
                .body(containsString("aria-label=\"Registration result\""), containsString("Registration failed"),
                        containsString("<pre class=\"status-message\">"))
                .extract().asString();
        String version = failed.replaceAll("(?s).*Version <strong>([0-9.]+)</strong>.*", "$1");
        // the service's refusal appears in the row, next to the buttons
        admin.htmx("version").post("/templates/environment/ver-env/versions/" + version + "/publish").then().statusCode(200)
                .body(startsWith("<tr id=\"version-"), containsString("role=\"alert\">Template version ver-env:" + version + " is REGISTRATION_FAILED"));
    }

    @Test
    void uploadPublishAndDeleteWithHtmx() {
        templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT, new NewTemplate("ver-flow", null, null, null, null), Map.of());
        WebUser admin = WebUser.admin();
        upload(admin.htmx("upload-panel"), PortalBundles.environment()).multiPart("description", "first")
                .post("/templates/environment/ver-flow/versions").then().statusCode(200)
                .header("HX-Trigger", "versionsChanged")
                .body(containsString("aria-label=\"Registration result\""), containsString("Version <strong>1.0</strong>"),
                        containsString("Draft"));
        admin.htmx("versions").get("/templates/environment/ver-flow").then().statusCode(200)
                .body(startsWith("<section id=\"versions\""), containsString("aria-label=\"Publish version 1.0\""));

        admin.htmx("version-1-0").post("/templates/environment/ver-flow/versions/1.0/publish").then().statusCode(200)
                .header("HX-Trigger", "recommendedChanged")
                .body(startsWith("<tr id=\"version-1-0\""), containsString("Published"), containsString(">Recommended</span>"),
                        not(containsString("aria-label=\"Publish version")));
        admin.htmx("template-summary").get("/templates/environment/ver-flow").then()
                .body(startsWith("<section id=\"template-summary\""), containsString("<strong>1.0</strong>"),
                        containsString("environment_input_type"));

        upload(admin.htmx("upload-panel"), PortalBundles.environment()).post("/templates/environment/ver-flow/versions")
                .then().body(containsString("Version <strong>2.0</strong>"));
        admin.htmx("version-1-0").post("/templates/environment/ver-flow/versions/1.0/delete").then().statusCode(200)
                .body(startsWith("<tr id=\"version-1-0\""), containsString("role=\"alert\">Template version ver-flow:1.0 is the recommended version"));
        admin.htmx("version-2-0").post("/templates/environment/ver-flow/versions/2.0/delete").then().statusCode(200)
                .header("HX-Trigger", "recommendedChanged").body(emptyString());
        admin.request().get("/templates/environment/ver-flow/versions/1.0").then().statusCode(303)
                .header("Location", endsWith("/templates/environment/ver-flow?version=1.0"));
    }

    @Test
    void withoutJavascriptAnUploadRedirectsToTheNewVersion() {
        WebUser admin = WebUser.admin();
        upload(admin.request().multiPart("csrf-token", admin.csrf), PortalBundles.environment())
                .post("/templates/environment/ver-env/versions").then().statusCode(303)
                .header("Location", containsString("/templates/environment/ver-env?version="));
    }

    @Test
    void aDeveloperCannotChangeVersions() {
        WebUser dev = WebUser.login("ver-dev", "developer-password-1");
        upload(dev.htmx("upload-panel"), PortalBundles.environment()).post("/templates/environment/ver-env/versions").then().statusCode(403);
        dev.htmx("version").post("/templates/environment/ver-env/versions/1.0/publish").then().statusCode(403);
        dev.htmx("version").post("/templates/environment/ver-env/versions/1.0/delete").then().statusCode(403);
        dev.request().get("/templates/environment/ver-env").then().statusCode(200)
                .body(not(containsString("aria-label=\"Publish version")), not(containsString("aria-label=\"Upload version bundle\"")));
    }

    @Test
    void aRegistrationInProgressRefreshesItsRowUntilItEnds() {
        templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT, new NewTemplate("ver-watch", null, null, null, null), Map.of());
        // an S3 registration under way, as another admin's aws CLI call leaves it while Pave reads the bundle
        Long id = QuarkusTransaction.requiringNew().call(() -> {
            TemplateVersion v = new TemplateVersion();
            v.template = Template.find(TemplateType.ENVIRONMENT, "ver-watch").orElseThrow();
            v.majorVersion = 1;
            v.status = TemplateVersion.Status.REGISTRATION_IN_PROGRESS;
            v.source = "s3://bundles/ver-watch.tar.gz";
            v.createdAt = v.lastModifiedAt = Instant.now();
            v.persist();
            return v.id;
        });
        String polling = "<tr id=\"version-1-0\" hx-get=\"/templates/environment/ver-watch/versions/1.0\" hx-trigger=\"every 2s\" hx-swap=\"outerHTML\">";
        WebUser dev = WebUser.login("ver-dev", "developer-password-1");
        dev.request().get("/templates/environment/ver-watch").then().statusCode(200)
                .body(containsString(polling), containsString("Registration in progress"));
        dev.htmx("version-1-0").get("/templates/environment/ver-watch/versions/1.0").then().statusCode(200).body(startsWith(polling));

        QuarkusTransaction.requiringNew().run(() -> {
            TemplateVersion v = TemplateVersion.findById(id);
            v.status = TemplateVersion.Status.REGISTRATION_FAILED;
            v.statusMessage = "schema/schema.yaml is missing";
        });
        dev.htmx("version-1-0").get("/templates/environment/ver-watch/versions/1.0").then().statusCode(200)
                .body(startsWith("<tr id=\"version-1-0\">"), not(containsString("every 2s")), containsString("Registration failed"),
                        containsString("<td class=\"status-message\">schema/schema.yaml is missing</td>"));
    }

    @Test
    void adminsEditAVersionsDescription() {
        templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT, new NewTemplate("ver-desc", null, null, null, null), Map.of());
        fixtures.publish(TemplateType.ENVIRONMENT, "ver-desc", null, PortalBundles.environment(), null);
        WebUser admin = WebUser.admin();
        admin.request().get("/templates/environment/ver-desc").then()
                .body(containsString("href=\"/templates/environment/ver-desc/versions/1.0/edit\" aria-label=\"Edit version 1.0\""));
        admin.request().get("/templates/environment/ver-desc/versions/1.0/edit").then().statusCode(200)
                .body(containsString("aria-label=\"Edit version 1.0\""), containsString(">published by a test</textarea>"));
        admin.form().formParam("description", "y".repeat(Catalog.MAX_DESCRIPTION + 1)).post("/templates/environment/ver-desc/versions/1.0/edit")
                .then().statusCode(400).body(containsString("id=\"f-description-error\" class=\"error\" role=\"alert\">Use at most 500 characters."));
        admin.form().formParam("description", "Second words").post("/templates/environment/ver-desc/versions/1.0/edit")
                .then().statusCode(303).header("Location", endsWith("/templates/environment/ver-desc?version=1.0"));
        admin.request().get("/templates/environment/ver-desc?version=1.0").then()
                .body(containsString("<div class=\"hint\">Second words</div>"), containsString("<dt>Description</dt><dd>Second words</dd>"));
        WebUser dev = WebUser.login("ver-dev", "developer-password-1");
        dev.request().get("/templates/environment/ver-desc").then().body(not(containsString("aria-label=\"Edit version 1.0\"")));
        dev.form().formParam("description", "sneaky").post("/templates/environment/ver-desc/versions/1.0/edit").then().statusCode(403);
    }

    @Test
    void uploadsNeedTheCsrfToken() {
        WebUser admin = WebUser.admin();
        upload(admin.request(), PortalBundles.environment()).post("/templates/environment/ver-env/versions").then().statusCode(403);
    }

    private static RequestSpecification upload(RequestSpecification request, byte[] bundle) {
        RequestSpecification multipart = request.contentType("multipart/form-data");
        return bundle == null ? multipart : multipart.multiPart("bundle", "bundle.tar.gz", bundle, "application/gzip");
    }
}
