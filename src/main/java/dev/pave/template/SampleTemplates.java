package dev.pave.template;

import dev.pave.PaveConfig;
import dev.pave.database.ReplicaLocks;
import dev.pave.identity.Caller;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.logging.Logger;

/**
 * Sample templates shipped with Pave ({@code src/main/resources/samples}): a sandbox environment and a hello
 * service provisioned by the command runner, so a fresh install deploys something real, with outputs, and no
 * cloud account. Published at first start when the registry is empty ({@code pave.samples.load=false} to skip).
 */
@ApplicationScoped
public class SampleTemplates {

    private static final Logger LOG = Logger.getLogger(SampleTemplates.class);

    record Sample(TemplateType type, String name, String displayName, String description, String folder, List<String> files,
            String compatibleEnvironment) {
    }

    static final List<Sample> SAMPLES = List.of(
            new Sample(TemplateType.ENVIRONMENT, "pave-sandbox-env", "Sandbox environment",
                    "A local sandbox provisioned by Pave's command runner; no cloud account needed", "sandbox-env",
                    List.of("schema/schema.yaml", "infrastructure/manifest.yaml", "infrastructure/provision.sh"), null),
            new Sample(TemplateType.SERVICE, "pave-hello-service", "Hello service",
                    "A hello-world service with a pipeline, for sandbox environments", "hello-service",
                    List.of("schema/schema.yaml", "instance_infrastructure/manifest.yaml", "instance_infrastructure/provision.sh",
                            "pipeline_infrastructure/manifest.yaml", "pipeline_infrastructure/provision.sh"),
                    "pave-sandbox-env"));

    @Inject
    TemplateService templates;

    @Inject
    PaveConfig config;

    @Inject
    ReplicaLocks locks;

    /** After start, not on its path: the catalog fills a moment after Pave answers. */
    void onStart(@Observes StartupEvent event) {
        if (config.samples().load()) {
            Infrastructure.getDefaultWorkerPool().execute(this::loadIntoEmptyRegistry);
        }
    }

    @ActivateRequestContext
    void loadIntoEmptyRegistry() {
        try {
            // replicas starting together on a new database publish the samples once
            locks.runAfterOthers("samples", () -> {
                if (templates.templateCount() == 0) {
                    load(Caller.system());
                }
            });
        } catch (RuntimeException e) {
            LOG.error("could not publish the sample templates", e);
        }
    }

    /** Registers and publishes each sample that is not there yet. */
    public void load(Caller caller) {
        for (Sample sample : SAMPLES) {
            if (templates.exists(sample.type(), sample.name())) {
                continue;
            }
            templates.createTemplate(caller, sample.type(),
                    new TemplateService.NewTemplate(sample.name(), sample.displayName(), sample.description(), null, null), Map.of());
            List<TemplateService.CompatibleEnvironment> compatible = sample.compatibleEnvironment() == null ? null
                    : List.of(new TemplateService.CompatibleEnvironment(sample.compatibleEnvironment(), 1));
            TemplateVersion version = templates.createVersion(caller, sample.type(), sample.name(), new TemplateService.NewVersion(
                    null, "Shipped with Pave", new BundleSource.Upload(sample.folder() + ".tar.gz", archive(sample)), compatible, null), Map.of());
            if (version.status != TemplateVersion.Status.DRAFT) {
                throw new IllegalStateException("sample " + sample.name() + " did not register: " + version.statusMessage);
            }
            templates.updateVersion(caller, sample.type(), sample.name(), version.majorVersion, version.minorVersion,
                    new TemplateService.VersionChange(Optional.empty(), Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty()));
            LOG.infof("published sample template %s %s", sample.name(), version.version());
        }
    }

    private static byte[] archive(Sample sample) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (String path : sample.files()) {
                byte[] content;
                try (InputStream in = SampleTemplates.class.getResourceAsStream("/samples/" + sample.folder() + "/" + path)) {
                    content = in.readAllBytes();
                }
                TarArchiveEntry entry = new TarArchiveEntry(path);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack sample " + sample.name(), e);
        }
        return bytes.toByteArray();
    }
}
