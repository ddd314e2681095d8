package dev.pave.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.DeploymentTarget;
import dev.pave.deploy.TargetType;
import dev.pave.tag.TagService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;

/** How an environment follows its deployments: status always, target state on success, gone when deleted. */
@ApplicationScoped
public class EnvironmentDeployments implements DeploymentTarget {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TagService tags;

    @Inject
    EnvironmentService environments;

    @Override
    public TargetType type() {
        return TargetType.ENVIRONMENT;
    }

    @Override
    public void deploymentChanged(Deployment d) {
        Environment e = Environment.<Environment>find("name", d.environmentName).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional().orElse(null);
        if (e == null || !e.deployment.follows(d)) {
            return; // an older deployment's news: the environment shows a newer one
        }
        e.lastModifiedAt = d.lastModifiedAt;
        if (e.deployment.followed(d)) {
            JsonNode target = read(d.targetState).path("environment");
            e.templateName = target.path("templateName").asText();
            e.templateVersion = DeployedVersion.in(target);
            e.spec = target.path("spec").asText(e.spec);
        } else if (d.status == DeploymentStatus.DELETE_COMPLETE) {
            tags.untagAll(environments.arn(e));
            e.delete();
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
