package dev.pave.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
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
}
