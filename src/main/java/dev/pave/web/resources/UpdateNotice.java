package dev.pave.web.resources;

import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentState;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.error.ValidationException;
import dev.pave.template.TemplateVersion;
import io.quarkus.qute.TemplateData;
import java.util.Optional;

/**
 * "1.1 is recommended; you run 1.0": what a resource behind its template's recommended version shows, and the
 * deployment its one button starts; while a deployment runs ({@code waiting}) the notice says so and has no button.
 * Environments, service instances and pipelines share it.
 */
@TemplateData
public record UpdateNotice(String recommended, String current, String deploymentType, int major, int minor, boolean waiting) {

    /**
     * The notice for a resource running {@code running} in {@code state}, or null when it runs the recommended
     * version or a newer one, or is being deleted.
     */
    static UpdateNotice of(Optional<TemplateVersion> recommended, DeployedVersion running, DeploymentState state) {
        if (state.deleting()) {
            return null;
        }
        return switch (VersionRules.standing(recommended, running.major, running.minor)) {
            case UP_TO_DATE -> null;
            case BEHIND_MINOR -> notice(recommended.get(), running, DeploymentType.MINOR_VERSION, state.busy());
            case BEHIND_MAJOR -> notice(recommended.get(), running, DeploymentType.MAJOR_VERSION, state.busy());
        };
    }

    private static UpdateNotice notice(TemplateVersion r, DeployedVersion running, DeploymentType type, boolean waiting) {
        return new UpdateNotice(r.version(), running.version(), type.name(), r.majorVersion, r.minorVersion, waiting);
    }

    /** The deployment type an update button posted: MINOR_VERSION or MAJOR_VERSION, nothing else. */
    static DeploymentType requested(String deploymentType) {
        if (!DeploymentType.MINOR_VERSION.name().equals(deploymentType) && !DeploymentType.MAJOR_VERSION.name().equals(deploymentType)) {
            throw new ValidationException("An update moves to a MINOR_VERSION or a MAJOR_VERSION");
        }
        return DeploymentType.valueOf(deploymentType);
    }
}
