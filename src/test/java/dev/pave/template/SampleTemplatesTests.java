package dev.pave.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.identity.Caller;
import dev.pave.testing.AwsCli;
import dev.pave.testing.PaveTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.pave.template.bundle.Manifest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The samples shipped with Pave register, publish and use the command runner, so they deploy without a cloud account. */
@QuarkusTest
class SampleTemplatesTests {

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @TestHTTPResource("/")
    URI pave;

    @Test
    void theShippedSamplesArePublishedAndLoadingTwiceChangesNothing() {
        Caller system = Caller.system();
        samples.load(system);
        samples.load(system);
        for (SampleTemplates.Sample sample : SampleTemplates.SAMPLES) {
            Template t = templates.template(system, sample.type(), sample.name());
            TemplateVersion recommended = templates.recommendedVersion(t).orElseThrow();
            assertEquals("1.0", recommended.version(), sample.name());
            assertEquals(1, templates.versions(system, sample.type(), sample.name(), null, 0, 10).size(), "loaded once: " + sample.name());
            templates.bundle(recommended).manifests().values()
                    .forEach(m -> assertEquals(Manifest.Engine.CODEBUILD, m.engine(), sample.name() + " " + m.folder()));
        }
        TemplateVersion hello = templates.version(system, TemplateType.SERVICE, "pave-hello-service", 1, 0);
        assertTrue(templates.bundle(hello).manifests().containsKey("pipeline_infrastructure"));
        assertEquals("pave-sandbox-env", templates.compatibleEnvironments(hello).get(0).templateName());
    }

    @Test
    void theSandboxSampleDeploysWithNoCloudAccountAndReportsOutputs() {
        samples.load(Caller.system());
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        cli.proton("create-environment", "--name", "sample-sandbox", "--template-name", "pave-sandbox-env", "--template-major-version", "1",
                "--codebuild-role-arn", "arn:aws:iam::123456789012:role/local", "--spec", "proton: EnvironmentSpec\nspec:\n  size: medium\n").ok();
        AwsCli.Result waited = cli.proton("wait", "environment-deployed", "--name", "sample-sandbox");
        JsonNode environment = cli.proton("get-environment", "--name", "sample-sandbox").ok().json().get("environment");
        assertEquals(0, waited.exitCode(), environment.toString());
        Map<String, String> outputs = new TreeMap<>();
        cli.proton("list-environment-outputs", "--environment-name", "sample-sandbox").ok().json().get("outputs")
                .forEach(o -> outputs.put(o.get("key").asText(), o.get("valueString").asText()));
        assertEquals(List.of("ClusterEndpoint", "NetworkCidr", "ProvisionedAt", "SandboxId", "Size"), List.copyOf(outputs.keySet()));
        assertEquals("medium", outputs.get("Size"));
        assertEquals("10.0.0.0/16", outputs.get("NetworkCidr"), "the schema's default reached the commands");
        assertTrue(outputs.get("ClusterEndpoint").startsWith("https://" + outputs.get("SandboxId")), outputs.toString());
    }
}
