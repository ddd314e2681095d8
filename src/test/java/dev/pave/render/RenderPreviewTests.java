package dev.pave.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.api.SignedHttpAccess;
import dev.pave.identity.Caller;
import dev.pave.template.BundleSource;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.testing.TestBundles;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The render preview: what a deployment would apply, through SigV4 and through a logged-in browser, deploying nothing. */
@QuarkusTest
class RenderPreviewTests {

    @TestHTTPResource("/")
    URI pave;

    @Inject
    TemplateService templates;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anEnvironmentPreviewRendersTheWalkthroughsTemplateWithDefaults() throws Exception {
        String name = register(TemplateType.ENVIRONMENT, "bundles/seed/ecs-shared-env", null);
        ObjectNode body = request("ENVIRONMENT", name, "dev");
        body.put("spec", "proton: EnvironmentSpec\nspec:\n  vpc_cidr: 10.10.0.0/16\n  log_retention_days: 7\n");
        JsonNode out = signed(body);
        JsonNode files = out.get("environment").get("files");
        String cfn = file(files, "infrastructure/cloudformation.yaml");
        assertTrue(cfn.contains("CidrBlock: \"10.10.0.0/16\""), cfn);
        assertTrue(cfn.contains("RetentionInDays: 7"), cfn);
        assertTrue(cfn.contains("Value: \"disabled\""), "container_insights defaults to false: " + cfn);
        assertTrue(file(files, "infrastructure/manifest.yaml").contains("rendering_engine: jinja"));
    }

    @Test
    void aServicePreviewRendersEachInstanceAgainstItsEnvironmentAndThePipelineWithAStagePerInstance() throws Exception {
        String env = register(TemplateType.ENVIRONMENT, "bundles/seed/ecs-shared-env", null);
        String svc = register(TemplateType.SERVICE, "bundles/seed/ecs-fargate-service", env);
        ObjectNode body = request("SERVICE", svc, "payment-api");
        body.set("spec", json.readTree("""
                {"proton": "ServiceSpec",
                 "pipeline": {"source_repo": "myorg/payment-api", "source_branch": "main"},
                 "instances": [
                   {"name": "dev", "environment": "dev", "spec": {"task_cpu": 256, "task_memory": 512, "desired_count": 1, "container_port": 8080}},
                   {"name": "prod", "environment": "prod", "spec": {"task_cpu": 512, "task_memory": 1024, "desired_count": 2, "container_port": 8080}}]}
                """));
        body.set("environments", json.readTree("""
                {"dev": {"accountId": "111111111111", "outputs": {"ECSClusterArn": "arn:dev-cluster", "VpcId": "vpc-dev", "PrivateSubnetIds": "a,b",
                         "TaskExecutionRoleArn": "arn:role", "SharedLogGroupName": "/dev"}},
                 "prod": {"outputs": {"ECSClusterArn": "arn:prod-cluster", "VpcId": "vpc-prod", "PrivateSubnetIds": "c,d",
                          "TaskExecutionRoleArn": "arn:role", "SharedLogGroupName": "/prod"}}}
                """));
        JsonNode out = signed(body);
        String prod = file(out.get("instances").get("prod").get("files"), "instance_infrastructure/cloudformation.yaml");
        assertTrue(prod.contains("Cluster: \"arn:prod-cluster\"") && prod.contains("Cpu: \"512\"") && prod.contains("DesiredCount: 2"), prod);
        assertTrue(prod.contains("ServiceName: \"payment-api-prod\""), prod);
        String pipeline = file(out.get("pipeline").get("files"), "pipeline_infrastructure/cloudformation.yaml");
        assertTrue(pipeline.contains("- Name: \"Deploy-dev\"") && pipeline.contains("- Name: \"Deploy-prod\""), pipeline);
        assertTrue(pipeline.contains("FullRepositoryId: \"myorg/payment-api\""), pipeline);
    }

    @Test
    void badInputsAreRefusedNamingThemAndNothingIsDeployed() throws Exception {
        String env = register(TemplateType.ENVIRONMENT, "bundles/seed/ecs-shared-env", null);
        String svc = register(TemplateType.SERVICE, "bundles/seed/ecs-fargate-service", env);
        ObjectNode body = request("SERVICE", svc, "payment-api");
        body.put("spec", "{\"proton\":\"ServiceSpec\",\"pipeline\":{\"source_repo\":\"a/b\"},"
                + "\"instances\":[{\"name\":\"dev\",\"environment\":\"dev\",\"spec\":{\"task_cpu\":300}}]}");
        body.set("environments", json.readTree("{\"dev\": {\"outputs\": {}}}"));
        SignedHttpAccess.Response r = SignedHttpAccess.post(pave, "/api/v1/render", body.toString());
        assertEquals(400, r.status(), r.body());
        JsonNode error = json.readTree(r.body());
        assertEquals("ValidationException", error.get("__type").asText());
        assertEquals("spec.instances[0].spec.task_cpu: must be one of [256,512,1024,2048,4096]", error.get("message").asText());

        body.set("environments", json.readTree("{}"));
        body.put("spec", "{\"proton\":\"ServiceSpec\",\"instances\":[{\"name\":\"dev\",\"environment\":\"nowhere\",\"spec\":{}}]}");
        r = SignedHttpAccess.post(pave, "/api/v1/render", body.toString());
        assertTrue(r.body().contains("Environment nowhere is not deployed"), r.body());
    }

    @Test
    void unsignedCallsAreRefusedAndALoggedInBrowserIsServedWithItsCsrfToken() {
        RestAssured.given().contentType("application/json").body("{}").post("/api/v1/render").then().statusCode(403);

        String name = register(TemplateType.ENVIRONMENT, "bundles/seed/ecs-shared-env", null);
        WebUser admin = WebUser.admin();
        ObjectNode body = request("ENVIRONMENT", name, "dev");
        body.put("spec", "proton: EnvironmentSpec\nspec: {}\n");
        admin.request().contentType("application/json").body(body.toString()).post("/api/v1/render").then().statusCode(403);
        String cfn = admin.request().header("X-CSRF-TOKEN", admin.csrf).contentType("application/json").body(body.toString())
                .post("/api/v1/render").then().statusCode(200).extract().path("environment.files.find { it.path == 'infrastructure/cloudformation.yaml' }.content");
        assertTrue(cfn.contains("CidrBlock: \"10.0.0.0/16\""), cfn);
    }

    private String register(TemplateType type, String bundle, String compatibleEnvironment) {
        Caller admin = new Caller("admin", java.util.EnumSet.allOf(dev.pave.identity.Role.class), dev.pave.identity.Door.API);
        String name = (type == TemplateType.ENVIRONMENT ? "env-" : "svc-") + UUID.randomUUID().toString().substring(0, 8);
        templates.createTemplate(admin, type, new TemplateService.NewTemplate(name, null, null, null, null), Map.of());
        TemplateVersion v = templates.createVersion(admin, type, name, new TemplateService.NewVersion(null, null,
                new BundleSource.Upload("bundle.tar.gz", TestBundles.fromResources(bundle).tarGz()),
                compatibleEnvironment == null ? null : List.of(new TemplateService.CompatibleEnvironment(compatibleEnvironment, 1)), null), Map.of());
        assertTrue(v.status == TemplateVersion.Status.DRAFT, v.status + ": " + v.statusMessage);
        templates.updateVersion(admin, type, name, 1, 0, new TemplateService.VersionChange(Optional.empty(),
                Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty()));
        return name;
    }

    private ObjectNode request(String type, String template, String name) {
        return json.createObjectNode().put("templateType", type).put("templateName", template)
                .put("majorVersion", "1").put("minorVersion", "0").put("name", name);
    }

    private JsonNode signed(ObjectNode body) throws Exception {
        SignedHttpAccess.Response r = SignedHttpAccess.post(pave, "/api/v1/render", body.toString());
        assertEquals(200, r.status(), r.body());
        return json.readTree(r.body());
    }

    private static String file(JsonNode files, String path) {
        for (JsonNode f : files) {
            if (f.get("path").asText().equals(path)) {
                return f.get("content").asText();
            }
        }
        throw new AssertionError(path + " not in " + files);
    }
}
