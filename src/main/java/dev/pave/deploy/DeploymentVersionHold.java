package dev.pave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.provision.ProvisionRequest;
import dev.pave.template.TemplateType;
import dev.pave.template.VersionHold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** A version an in-flight deployment moves a resource to cannot be deleted under it. */
@ApplicationScoped
public class DeploymentVersionHold implements VersionHold {

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> holding(TemplateType type, String templateName, int major, int minor) {
        // active deployments are few at any time, and the version is inside their JSON state: read them and look
        return Deployment.<Deployment>list("status in ?1 and action = ?2", DeploymentStatus.ACTIVE, ProvisionRequest.Action.DEPLOY).stream()
                .filter(d -> d.targetType != TargetType.COMPONENT && (d.targetType == TargetType.ENVIRONMENT) == (type == TemplateType.ENVIRONMENT))
                .filter(d -> {
                    JsonNode state = d.state();
                    return templateName.equals(state.path("templateName").asText())
                            && String.valueOf(major).equals(state.path("templateMajorVersion").asText())
                            && String.valueOf(minor).equals(state.path("templateMinorVersion").asText());
                })
                .findFirst().map(d -> "the deployment " + d.id + " of " + DeploymentService.label(d) + " is moving to it");
    }
}
