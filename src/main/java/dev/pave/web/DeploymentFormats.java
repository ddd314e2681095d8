package dev.pave.web;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.environment.Environment;
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
            case ENVIRONMENT -> "/environments/" + d.environmentName;
            case SERVICE_INSTANCE -> "/services/" + d.serviceName + "/instances/" + d.serviceInstanceName;
            case SERVICE_PIPELINE -> "/services/" + d.serviceName + "/pipeline";
            case COMPONENT -> "/components/" + d.componentName;
        };
    }
}
