package dev.pave.web.account;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pave.account.AccountService.SettingsChange;
import dev.pave.account.AccountService;
import dev.pave.account.AccountSettings;
import dev.pave.identity.Caller;
import dev.pave.testing.WebUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The account settings page as a platform admin uses it; the settings are put back after each test, as other tests rely on them. */
@QuarkusTest
class SettingsTests {

    private static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/pipeline-service";
    private static final String CODEBUILD_ROLE = "arn:aws:iam::123456789012:role/pipeline-codebuild";

    @Inject
    AccountService accounts;

    private AccountSettings before;

    @BeforeEach
    void remember() {
        before = current();
    }

    @AfterEach
    void restore() {
        accounts.update(Caller.system(), new SettingsChange(Optional.of(orEmpty(before.pipelineServiceRoleArn)),
                Optional.of(orEmpty(before.pipelineCodebuildRoleArn)), Optional.ofNullable(before.pipelineProvisioningRepository),
                before.pipelineProvisioningRepository == null));
    }

    @Test
    void settingsMakeARoundTrip() {
        WebUser admin = WebUser.admin();
        admin.form().formParam("pipelineServiceRoleArn", SERVICE_ROLE).formParam("pipelineCodebuildRoleArn", " " + CODEBUILD_ROLE + " ")
                .formParam("repositoryProvider", "BITBUCKET").formParam("repositoryName", "acme/pipelines").formParam("repositoryBranch", "main")
                .post("/admin/settings").then().statusCode(303).header("Location", endsWith("/admin/settings?saved=true"));
        AccountSettings saved = current();
        assertEquals(SERVICE_ROLE, saved.pipelineServiceRoleArn);
        assertEquals(CODEBUILD_ROLE, saved.pipelineCodebuildRoleArn);
        assertEquals("{\"provider\":\"BITBUCKET\",\"name\":\"acme/pipelines\",\"branch\":\"main\"}", saved.pipelineProvisioningRepository);
        admin.request().get("/admin/settings?saved=true").then().statusCode(200)
                .body(containsString("role=\"status\">Account settings saved."), containsString("value=\"" + SERVICE_ROLE + "\""),
                        containsString("value=\"" + CODEBUILD_ROLE + "\""), containsString("<option value=\"BITBUCKET\" selected>"),
                        containsString("value=\"acme/pipelines\""), containsString("value=\"main\""));

        // empty fields clear the roles and remove the repository
        admin.htmx("settings-panel").contentType("application/x-www-form-urlencoded").formParam("pipelineServiceRoleArn", "")
                .formParam("pipelineCodebuildRoleArn", CODEBUILD_ROLE).formParam("repositoryProvider", "GITHUB")
                .formParam("repositoryName", "").formParam("repositoryBranch", "").post("/admin/settings").then().statusCode(200)
                .body(startsWith("<div id=\"settings-panel\">"), containsString("Account settings saved."), not(containsString("<html")));
        AccountSettings cleared = current();
        assertNull(cleared.pipelineServiceRoleArn);
        assertEquals(CODEBUILD_ROLE, cleared.pipelineCodebuildRoleArn);
        assertNull(cleared.pipelineProvisioningRepository);
    }

    @Test
    void aBadArnIsRefusedNextToItsFieldAndNothingIsSaved() {
        WebUser admin = WebUser.admin();
        admin.form().formParam("pipelineServiceRoleArn", "arn:aws:iam::123:role/short-account").formParam("pipelineCodebuildRoleArn", CODEBUILD_ROLE)
                .formParam("repositoryProvider", "GITHUB").formParam("repositoryName", "no-slash").formParam("repositoryBranch", "main")
                .post("/admin/settings").then().statusCode(400)
                .body(containsString("id=\"f-pipelineServiceRoleArn-error\" class=\"error\" role=\"alert\">Enter an IAM role ARN, e.g. arn:aws:iam::123456789012:role/name."),
                        containsString("value=\"arn:aws:iam::123:role/short-account\""),
                        containsString("id=\"f-repositoryName-error\" class=\"error\" role=\"alert\">Enter the repository as owner/name"),
                        containsString("value=\"no-slash\""), containsString("value=\"" + CODEBUILD_ROLE + "\""),
                        not(containsString("Account settings saved.")));
        admin.htmx("settings-panel").contentType("application/x-www-form-urlencoded").formParam("pipelineServiceRoleArn", "not an arn")
                .post("/admin/settings").then().statusCode(200)
                .body(startsWith("<div id=\"settings-panel\">"), containsString("id=\"f-pipelineServiceRoleArn-error\""));
        assertEquals(before.pipelineServiceRoleArn, current().pipelineServiceRoleArn);
        assertEquals(before.pipelineCodebuildRoleArn, current().pipelineCodebuildRoleArn);
    }

    @Test
    void settingsPostsNeedTheCsrfToken() {
        WebUser.admin().request().contentType("application/x-www-form-urlencoded").formParam("pipelineServiceRoleArn", SERVICE_ROLE)
                .post("/admin/settings").then().statusCode(403);
        assertEquals(before.pipelineServiceRoleArn, current().pipelineServiceRoleArn);
    }

    /** The settings as stored now, read in a transaction of their own so no earlier read is served from a cache. */
    private AccountSettings current() {
        return QuarkusTransaction.requiringNew().call(() -> accounts.settings(Caller.system()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
