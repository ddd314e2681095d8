package dev.pave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.git.SelfManagedProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Closes a cancelled self-managed deployment's change request by deleting its branch, as Proton closes the pull request. */
@ApplicationScoped
public class BranchChangeRequests implements ChangeRequests {

    @Inject
    SelfManagedProvisioner selfManaged;

    @Override
    public void abandon(Deployment deployment) {
        JsonNode repo = DeploymentService.read(deployment.repository);
        if (repo == null || deployment.changeRequest == null) {
            return;
        }
        ProvisionRequest request = new ProvisionRequest(deployment.id, deployment.action, deployment.targetArn,
                deployment.targetType.name(), deployment.stackName, deployment.method, Map.of(), null, List.of(), List.of(), null, null,
                new ProvisionRequest.Repository(repo.path("provider").asText(), repo.path("name").asText(), repo.path("branch").asText(), null, null),
                deployment.folder, null, Map.of());
        selfManaged.abandon(request, deployment.changeRequest);
    }
}
