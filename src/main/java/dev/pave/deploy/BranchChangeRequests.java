package dev.pave.deploy;

import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.git.SelfManagedProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Closes a cancelled self-managed deployment's change request by deleting its branch, as Proton closes the pull request. */
@ApplicationScoped
public class BranchChangeRequests implements ChangeRequests {

    @Inject
    SelfManagedProvisioner selfManaged;

    @Override
    public void abandon(Deployment deployment) {
        ProvisionRequest.Repository repository = ProvisionRequest.Repository.stored(DeploymentStore.read(deployment.repository));
        if (repository == null || deployment.changeRequest == null) {
            return;
        }
        ProvisionRequest request = NewDeployment.builder(deployment.id, deployment.action, deployment.targetType, deployment.targetArn,
                deployment.method).stack(deployment.stackName).folder(deployment.folder)
                .selfManaged(repository, null)
                .request();
        selfManaged.abandon(request, deployment.changeRequest);
    }
}
