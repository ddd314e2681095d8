package dev.pave.web;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.environment.Environment;
import dev.pave.web.resources.ResourcePaths;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.util.Locale;

/** How deployments and their targets read on pages: {@code {d.status.label}}, {@code {d.status.css}}, {@code {d.target}}. */
@TemplateExtension
@TemplateData(target = Deployment.class)
@TemplateData(target = Environment.class)
public class DeploymentFormats {

    static String label(DeploymentStatus status) {
        return status.name();
    }

    static String css(DeploymentStatus status) {
        return "deploy-" + status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static boolean isActive(DeploymentStatus status) {
        return status.active();
    }

    /** What a deployment changed, as a person names it: {@code environment prod}, {@code service instance web/eu}. */
    public static String target(Deployment d) {
        return switch (d.targetType) {
            case ENVIRONMENT -> "environment " + d.environmentName;
            default -> d.targetType.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " "
                    + String.join("/", java.util.stream.Stream.of(d.serviceName, d.serviceInstanceName, d.componentName)
                            .filter(java.util.Objects::nonNull).toList());
        };
    }

    /** The page of the deployment's target. */
    static String targetUrl(Deployment d) {
        return switch (d.targetType) {
            case ENVIRONMENT -> ResourcePaths.environment(d.environmentName);
            case SERVICE_INSTANCE -> ResourcePaths.instance(d.serviceName, d.serviceInstanceName);
            case SERVICE_PIPELINE -> ResourcePaths.pipeline(d.serviceName);
            case COMPONENT -> ResourcePaths.component(d.componentName);
        };
    }
}
