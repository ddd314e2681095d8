package dev.pave.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.testing.AwsCli;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough's template steps (shared/seeds/001) verbatim with the real aws CLI: create the template, copy the
 * bundle to S3 (a local moto_server), create the version from S3, publish, read the recommended version.
 */
@QuarkusTest
class TemplateRegistryCliTests {

    @TestHTTPResource("/")
    URI pave;

    AwsCli cli;
    String moto;
    String bucket;

    @BeforeEach
    void cli() {
        cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        moto = ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
        bucket = "my-proton-templates-" + UUID.randomUUID().toString().substring(0, 8);
        s3("mb", "s3://" + bucket).ok();
    }

    @Test
    void theWalkthroughPublishesTheSharedEnvironmentTemplate() {
        String name = "ecs-shared-env-" + suffix();
        JsonNode created = cli.proton("create-environment-template", "--name", name, "--display-name", "Shared ECS Environment",
                "--description", "VPC + ECS cluster + shared IAM roles for microservices").ok().json().get("environmentTemplate");
        assertEquals("arn:aws:proton:us-east-1:123456789012:environment-template/" + name, created.get("arn").asText());

        upload("ecs-env/v1.0/bundle.zip", TestBundles.fromResources("bundles/seed/ecs-shared-env").zip());
        JsonNode version = cli.proton("create-environment-template-version", "--template-name", name,
                "--source", "s3={bucket=" + bucket + ",key=ecs-env/v1.0/bundle.zip}", "--major-version", "1")
                .ok().json().get("environmentTemplateVersion");
        assertEquals("DRAFT", version.get("status").asText(), version.toString());
        assertEquals("1", version.get("majorVersion").asText());
        assertEquals("0", version.get("minorVersion").asText());
        assertTrue(version.get("schema").asText().contains("environment_input_type: \"EnvironmentInput\""));
        assertFalse(cli.proton("get-environment-template", "--name", name).ok().json().get("environmentTemplate").has("recommendedVersion"),
                "a draft is not recommended");

        JsonNode published = cli.proton("update-environment-template-version", "--template-name", name, "--major-version", "1",
                "--minor-version", "0", "--status", "PUBLISHED").ok().json().get("environmentTemplateVersion");
        assertEquals("PUBLISHED", published.get("status").asText());
        assertEquals("0", published.get("recommendedMinorVersion").asText());
        assertEquals("1.0", cli.proton("get-environment-template", "--name", name).ok().json()
                .get("environmentTemplate").get("recommendedVersion").asText());
    }

    @Test
    void theWalkthroughPublishesTheServiceTemplateWithCompatibleEnvironments() {
        String env = publishedEnvironmentTemplate();
        String name = "ecs-fargate-service-" + suffix();
        JsonNode created = cli.proton("create-service-template", "--name", name, "--display-name", "ECS Fargate Service",
                "--description", "Fargate service with ALB and optional CodePipeline", "--pipeline-provisioning", "CUSTOMER_MANAGED")
                .ok().json().get("serviceTemplate");
        assertEquals("CUSTOMER_MANAGED", created.get("pipelineProvisioning").asText());

        upload("ecs-svc/v1.0/bundle.zip", TestBundles.fromResources("bundles/seed/ecs-fargate-service").zip());
        JsonNode version = cli.proton("create-service-template-version", "--template-name", name,
                "--source", "s3={bucket=" + bucket + ",key=ecs-svc/v1.0/bundle.zip}",
                "--compatible-environment-templates", "[{\"templateName\":\"" + env + "\",\"majorVersion\":\"1\"}]")
                .ok().json().get("serviceTemplateVersion");
        assertEquals("DRAFT", version.get("status").asText(), version.toString());
        assertEquals(env, version.get("compatibleEnvironmentTemplates").get(0).get("templateName").asText());
        assertTrue(version.get("statusMessage").asText().contains("pipeline_infrastructure/ is ignored"),
                "the walkthrough zips a pipeline into a CUSTOMER_MANAGED template: say it is not used");

        cli.proton("update-service-template-version", "--template-name", name, "--major-version", "1", "--minor-version", "0",
                "--status", "PUBLISHED").ok();
        assertEquals("1.0", cli.proton("get-service-template", "--name", name).ok().json().get("serviceTemplate").get("recommendedVersion").asText());
    }

    @Test
    void majorAndMinorNumbersFollowTheApiAndTheRecommendedVersionIsTheHighestPublished() {
        String name = publishedEnvironmentTemplate();                     // 1.0 published
        String key = "v.tar.gz";
        upload(key, TestBundles.fromResources("bundles/seed/ecs-shared-env").tarGz());
        JsonNode minor = createEnvVersion(name, key, "1");                 // with majorVersion: a new minor
        assertEquals("1.1", minor.get("majorVersion").asText() + "." + minor.get("minorVersion").asText());
        JsonNode major = createEnvVersion(name, key, null);               // without: a new major
        assertEquals("2.0", major.get("majorVersion").asText() + "." + major.get("minorVersion").asText());
        publish(name, "2", "0");
        publish(name, "1", "1");
        assertEquals("2.0", cli.proton("get-environment-template", "--name", name).ok().json().get("environmentTemplate").get("recommendedVersion").asText());
        assertEquals("1", cli.proton("get-environment-template-version", "--template-name", name, "--major-version", "1", "--minor-version", "0")
                .ok().json().get("environmentTemplateVersion").get("recommendedMinorVersion").asText());

        AwsCli.Result skipping = cli.proton("create-environment-template-version", "--template-name", name, "--major-version", "5",
                "--source", "s3={bucket=" + bucket + ",key=" + key + "}");
        assertTrue(skipping.stderr().contains("ValidationException") && skipping.stderr().contains("no major version 5"), skipping.stderr());
    }

    @Test
    void aMinorThatIsNotBackwardCompatibleFailsRegistrationNamingTheInput() {
        String name = publishedEnvironmentTemplate();
        TestBundles bundle = TestBundles.fromResources("bundles/seed/ecs-shared-env");
        String schema = bundle.text("schema/schema.yaml")
                .replace("        - log_retention_days\n", "        - log_retention_days\n        - db_name\n")
                .replace("      properties:\n", "      properties:\n        db_name:\n          type: string\n");
        upload("breaking.tar.gz", bundle.with("schema/schema.yaml", schema).tarGz());
        JsonNode v = createEnvVersion(name, "breaking.tar.gz", "1");
        assertEquals("REGISTRATION_FAILED", v.get("status").asText());
        assertTrue(v.get("statusMessage").asText().contains("db_name"), v.get("statusMessage").asText());

        AwsCli.Result publish = cli.proton("update-environment-template-version", "--template-name", name, "--major-version", "1",
                "--minor-version", v.get("minorVersion").asText(), "--status", "PUBLISHED");
        assertTrue(publish.stderr().contains("ValidationException"), "a failed registration cannot be published: " + publish.stderr());
    }

    @Test
    void brokenBundlesFailRegistrationWithAMessage() {
        String name = "broken-" + suffix();
        cli.proton("create-environment-template", "--name", name).ok();
        Map<String, TestBundles> broken = Map.of(
                "the schema must be OpenAPI 3.0.0", TestBundles.fromResources("bundles/seed/ecs-shared-env")
                        .with("schema/schema.yaml", TestBundles.fromResources("bundles/seed/ecs-shared-env").text("schema/schema.yaml").replace("3.0.0", "3.1.0")),
                "infrastructure/manifest.yaml", TestBundles.fromResources("bundles/seed/ecs-shared-env").without("infrastructure/manifest.yaml"),
                "points outside the schema file", TestBundles.fromResources("bundles/seed/ecs-shared-env")
                        .with("schema/schema.yaml", TestBundles.fromResources("bundles/seed/ecs-shared-env").text("schema/schema.yaml")
                                .replace("        vpc_cidr:\n          type: string\n", "        vpc_cidr:\n          $ref: 'http://example.com/x.yaml'\n")));
        for (Map.Entry<String, TestBundles> e : broken.entrySet()) {
            String key = UUID.randomUUID() + ".tar.gz";
            upload(key, e.getValue().tarGz());
            JsonNode v = createEnvVersion(name, key, null);
            assertEquals("REGISTRATION_FAILED", v.get("status").asText(), e.getKey());
            assertTrue(v.get("statusMessage").asText().contains(e.getKey().replace("the schema must be OpenAPI 3.0.0", "3.0.0")),
                    e.getKey() + " → " + v.get("statusMessage").asText());
        }
        JsonNode missing = createEnvVersion(name, "no/such/key.tar.gz", null);
        assertEquals("REGISTRATION_FAILED", missing.get("status").asText());
        assertTrue(missing.get("statusMessage").asText().contains("s3://" + bucket + "/no/such/key.tar.gz"), missing.get("statusMessage").asText());
    }

    @Test
    void compatibleEnvironmentTemplatesMustExist() {
        String name = "svc-" + suffix();
        cli.proton("create-service-template", "--name", name).ok();
        upload("svc.zip", TestBundles.fromResources("bundles/seed/ecs-fargate-service").zip());
        AwsCli.Result r = cli.proton("create-service-template-version", "--template-name", name,
                "--source", "s3={bucket=" + bucket + ",key=svc.zip}",
                "--compatible-environment-templates", "[{\"templateName\":\"no-such-env\",\"majorVersion\":\"1\"}]");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("ValidationException") && r.stderr().contains("no-such-env"), r.stderr());
    }

    @Test
    void versionsInUseAndTemplatesWithVersionsCannotBeDeleted() {
        String name = publishedEnvironmentTemplate();
        AwsCli.Result template = cli.proton("delete-environment-template", "--name", name);
        assertTrue(template.stderr().contains("ConflictException"), template.stderr());

        upload("v.zip", TestBundles.fromResources("bundles/seed/ecs-shared-env").zip());
        createEnvVersion(name, "v.zip", "1");                       // 1.1, a draft
        AwsCli.Result recommended = cli.proton("delete-environment-template-version", "--template-name", name, "--major-version", "1", "--minor-version", "0");
        assertTrue(recommended.stderr().contains("ConflictException") && recommended.stderr().contains("recommended"), recommended.stderr());

        cli.proton("delete-environment-template-version", "--template-name", name, "--major-version", "1", "--minor-version", "1").ok();
        cli.proton("delete-environment-template-version", "--template-name", name, "--major-version", "1", "--minor-version", "0").ok();
        cli.proton("delete-environment-template", "--name", name).ok();
        assertTrue(cli.proton("get-environment-template", "--name", name).stderr().contains("ResourceNotFoundException"));
    }

    @Test
    void tagsAndAccountSettings() {
        String name = "tagged-" + suffix();
        String arn = cli.proton("create-environment-template", "--name", name, "--tags", "key=team,value=platform")
                .ok().json().get("environmentTemplate").get("arn").asText();
        cli.proton("tag-resource", "--resource-arn", arn, "--tags", "key=cost-center,value=42").ok();
        JsonNode tags = cli.proton("list-tags-for-resource", "--resource-arn", arn).ok().json().get("tags");
        assertEquals(List.of("cost-center=42", "team=platform"),
                List.of(tags.get(0).get("key").asText() + "=" + tags.get(0).get("value").asText(),
                        tags.get(1).get("key").asText() + "=" + tags.get(1).get("value").asText()));
        cli.proton("untag-resource", "--resource-arn", arn, "--tag-keys", "team").ok();
        assertEquals(1, cli.proton("list-tags-for-resource", "--resource-arn", arn).ok().json().get("tags").size());
        assertTrue(cli.proton("list-tags-for-resource", "--resource-arn", arn + "x").stderr().contains("ResourceNotFoundException"));

        cli.proton("update-account-settings", "--pipeline-service-role-arn", "arn:aws:iam::123456789012:role/PipelineRole",
                "--pipeline-provisioning-repository", "provider=GITHUB,name=myorg/pipelines,branch=main").ok();
        JsonNode settings = cli.proton("get-account-settings").ok().json().get("accountSettings");
        assertEquals("arn:aws:iam::123456789012:role/PipelineRole", settings.get("pipelineServiceRoleArn").asText());
        assertEquals("myorg/pipelines", settings.get("pipelineProvisioningRepository").get("name").asText());
        cli.proton("update-account-settings", "--delete-pipeline-provisioning-repository").ok();
        assertFalse(cli.proton("get-account-settings").ok().json().get("accountSettings").has("pipelineProvisioningRepository"));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private String publishedEnvironmentTemplate() {
        String name = "env-" + suffix();
        cli.proton("create-environment-template", "--name", name).ok();
        upload(name + ".tar.gz", TestBundles.fromResources("bundles/seed/ecs-shared-env").tarGz());
        createEnvVersion(name, name + ".tar.gz", "1");
        publish(name, "1", "0");
        return name;
    }

    private JsonNode createEnvVersion(String name, String key, String major) {
        List<String> args = new java.util.ArrayList<>(List.of("create-environment-template-version", "--template-name", name,
                "--source", "s3={bucket=" + bucket + ",key=" + key + "}"));
        if (major != null) {
            args.addAll(List.of("--major-version", major));
        }
        return cli.proton(args.toArray(String[]::new)).ok().json().get("environmentTemplateVersion");
    }

    private void publish(String name, String major, String minor) {
        cli.proton("update-environment-template-version", "--template-name", name, "--major-version", major,
                "--minor-version", minor, "--status", "PUBLISHED").ok();
    }

    private void upload(String key, byte[] archive) {
        Path file = cli.home().resolve(UUID.randomUUID() + "-" + key.replace('/', '_'));
        s3("cp", TestBundles.write(file, archive).toString(), "s3://" + bucket + "/" + key).ok();
    }

    private AwsCli.Result s3(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("aws", "--endpoint-url", moto, "s3"));
        command.addAll(List.of(args));
        return cli.run(command, Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1"));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
