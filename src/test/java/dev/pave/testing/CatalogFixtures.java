package dev.pave.testing;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.environment.EnvironmentService.NewEnvironment;
import dev.pave.environment.EnvironmentService;
import dev.pave.identity.Caller;
import dev.pave.template.BundleSource;
import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.TemplateService.NewTemplate;
import dev.pave.template.TemplateService.NewVersion;
import dev.pave.template.TemplateService.VersionChange;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Templates with published versions and environments running on them, as the catalog's tests need them. */
@ApplicationScoped
public class CatalogFixtures {

    @Inject
    TemplateService templates;

    @Inject
    EnvironmentService environments;

    @Inject
    PortalFixtures portal;

    /** The template, created unless it exists. */
    public synchronized void template(TemplateType type, String name, String displayName, String description) {
        if (!templates.exists(type, name)) {
            templates.createTemplate(Caller.system(), type, new NewTemplate(name, displayName, description, null, null), Map.of());
        }
    }

    /** Registers the bundle as the next version of major {@code major} (null: a new major) and publishes it; returns "major.minor". */
    public String publish(TemplateType type, String name, Integer major, byte[] bundle, List<CompatibleEnvironment> compatible) {
        TemplateVersion v = templates.createVersion(Caller.system(), type, name,
                new NewVersion(major, "published by a test", new BundleSource.Upload(name + ".tar.gz", bundle), compatible, null), Map.of());
        if (v.status != TemplateVersion.Status.DRAFT) {
            throw new IllegalStateException(name + " did not register: " + v.statusMessage);
        }
        return templates.updateVersion(Caller.system(), type, name, v.majorVersion, v.minorVersion,
                new VersionChange(Optional.empty(), Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty())).version();
    }

    /** An environment of a commands (sandbox-like) template, deployed by Pave's command runner; waits until it is. */
    public void deployedEnvironment(String name, String template, int major, int minor) {
        environments.create(Caller.system(), NewEnvironment.of(name, template, major, minor, "proton: EnvironmentSpec\nspec: {}")
                .withRoles(null, "arn:aws:iam::123456789012:role/local", null));
        portal.await(name, e -> e.deployment.status == DeploymentStatus.SUCCEEDED);
    }

    /** Deletes the environment and waits until it is gone. */
    public void deleteEnvironment(String name) {
        environments.delete(Caller.system(), name);
        portal.awaitGone(name);
    }
}
