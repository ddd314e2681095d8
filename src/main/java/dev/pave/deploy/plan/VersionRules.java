package dev.pave.deploy.plan;

import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentType;
import dev.pave.error.ConflictException;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Proton's version rules, in one place: which versions may be deployed (the published ones), which version each
 * deployment type moves a resource to, the version a new service instance gets, and how far a resource is behind
 * its template's recommended version. The feature services and the pages ask here.
 */
@ApplicationScoped
public class VersionRules {

    /** Proton's DeployedTemplateVersionStatus of a resource against its template's recommended version, least behind first. */
    public enum Standing {
        UP_TO_DATE, BEHIND_MINOR, BEHIND_MAJOR
    }

    /** What a resource runs: a version of a template. */
    public record Running(Template template, DeployedVersion version) {
    }

    /**
     * What a change asks for: its deployment type, the versions it names (null when left out) and whether it has a
     * spec.
     */
    public record Requested(DeploymentType type, Integer major, Integer minor, boolean withSpec) {
    }

    @Inject
    TemplateService templates;

    /**
     * The version a deployment moves a resource to; null for NONE, which deploys nothing. {@code noHigherMajor} ends
     * the MAJOR_VERSION refusal, as each resource words it.
     */
    public TemplateVersion target(Caller caller, Running running, Requested change, String noHigherMajor) {
        Template template = running.template();
        DeployedVersion on = running.version();
        return switch (change.type()) {
            case NONE -> {
                if (change.withSpec() || change.major() != null || change.minor() != null) {
                    throw new ValidationException("deploymentType NONE changes only metadata; leave out spec and the template versions");
                }
                yield null;
            }
            case CURRENT_VERSION -> {
                if (change.major() != null || change.minor() != null) {
                    throw new ValidationException("deploymentType CURRENT_VERSION deploys the version in use (" + on.version()
                            + "); leave out templateMajorVersion and templateMinorVersion");
                }
                yield templates.version(caller, template.type, template.name, on.major, on.minor);
            }
            case MINOR_VERSION -> {
                if (change.major() != null && change.major() != on.major) {
                    throw new ValidationException("deploymentType MINOR_VERSION stays on major version " + on.major
                            + "; use MAJOR_VERSION to move to " + change.major());
                }
                yield published(caller, template, on.major, change.minor());
            }
            case MAJOR_VERSION -> {
                int major = change.major() != null ? change.major()
                        : templates.recommendedVersion(template).map(v -> v.majorVersion).orElse(on.major);
                if (major <= on.major) {
                    throw new ValidationException("deploymentType MAJOR_VERSION needs a major version higher than " + on.major + noHigherMajor);
                }
                yield published(caller, template, major, change.minor());
            }
        };
    }

    /**
     * The version a rollback returns a resource to: exactly the one it ran before, lower majors too, as long as it is
     * still registered (a version deleted since cannot be deployed again).
     */
    public TemplateVersion rollbackTarget(Caller caller, Template template, DeployedVersion to) {
        caller.requireAnyRole();
        // asked without TemplateService.version, whose not-found would mark the caller's transaction for rollback
        return TemplateVersion.<TemplateVersion>find("template = ?1 and majorVersion = ?2 and minorVersion = ?3", template, to.major, to.minor)
                .firstResultOptional().orElseThrow(() -> new ConflictException("Version " + to.version() + " of " + template.name
                        + " was deleted since; there is nothing to roll back to"));
    }

    /** How a rollback moves a resource, in Proton's deployment types: within its version, its major, or across majors. */
    public static DeploymentType movement(DeployedVersion from, TemplateVersion to) {
        return from.major != to.majorVersion ? DeploymentType.MAJOR_VERSION
                : from.minor != to.minorVersion ? DeploymentType.MINOR_VERSION : DeploymentType.CURRENT_VERSION;
    }

    /**
     * An offered version (published, not deprecated) for a new deployment or an upgrade: the given minor, or the
     * recommended (highest offered) minor of the major. A deprecated version is kept only for what runs on it.
     */
    public TemplateVersion published(Caller caller, Template template, int major, Integer minor) {
        String name = template.name + ":" + major + (minor == null ? "" : "." + minor);
        String kind = template.type == TemplateType.ENVIRONMENT ? "Environment" : "Service";
        if (minor != null) {
            TemplateVersion v = templates.version(caller, template.type, template.name, major, minor);
            if (!v.published()) {
                throw new ValidationException(kind + " template version " + name + " is not published");
            }
            if (v.deprecated()) {
                throw new ValidationException(kind + " template version " + name + " is deprecated; choose "
                        + templates.recommendedVersion(template).map(r -> "the recommended version " + r.version()).orElse("another version"));
            }
            return v;
        }
        return templates.versions(caller, template.type, template.name, major, 0, Integer.MAX_VALUE - 1).stream()
                .filter(TemplateVersion::offered).findFirst().orElseThrow(() -> new ValidationException(
                        kind + " template version " + name + " has no published minor version that is not deprecated"));
    }

    /** The versions a form may offer: the template's published, not deprecated ones, newest first. */
    public List<TemplateVersion> published(Caller caller, Template template) {
        return templates.versions(caller, template.type, template.name, null, 0, 100).stream().filter(TemplateVersion::offered).toList();
    }

    /**
     * The version a new instance of a service gets: the given one, else the recommended minor of the major its
     * instances use ({@code instancesMajor}, null when it has none yet: the recommended major).
     */
    public TemplateVersion newInstance(Caller caller, Template template, Integer instancesMajor, Integer major, Integer minor) {
        int m = major != null ? major : instancesMajor != null ? instancesMajor
                : templates.recommendedVersion(template).map(v -> v.majorVersion).orElse(1);
        return published(caller, template, m, minor);
    }

    /** How far {@code major.minor} is behind the recommended version (the highest published; none: up to date). */
    public static Standing standing(Optional<TemplateVersion> recommended, int major, int minor) {
        if (recommended.isEmpty()) {
            return Standing.UP_TO_DATE;
        }
        TemplateVersion r = recommended.get();
        if (r.majorVersion > major) {
            return Standing.BEHIND_MAJOR;
        }
        // the recommended version is the highest published, so no other minor of this major is newer than it
        return r.majorVersion == major && r.minorVersion > minor ? Standing.BEHIND_MINOR : Standing.UP_TO_DATE;
    }
}
