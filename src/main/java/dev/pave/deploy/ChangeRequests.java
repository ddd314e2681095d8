package dev.pave.deploy;

/**
 * The outside half of self-managed provisioning: a deployment waiting for NotifyResourceDeploymentStatusChange has
 * handed its files to a change request (a branch or pull request). The self-managed provisioner implements this so a
 * cancelled deployment's change request is closed; without an implementation the engine only logs what to close.
 */
public interface ChangeRequests {

    /** Closes or abandons the change request a deployment handed over ({@link Deployment#changeRequest}). */
    void abandon(Deployment deployment);
}
