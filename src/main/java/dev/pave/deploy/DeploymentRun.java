package dev.pave.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.DeploymentStore.Claim;
import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionRequest;

/**
 * One claimed attempt of a deployment: all a provisioner sees of the engine. Every write names the claim's lease, so
 * an attempt that lost its lease to another worker can no longer change the deployment.
 */
final class DeploymentRun implements ProvisionContext {

    final Claim claim;
    final ProvisionRequest request;
    volatile ObjectNode checkpoint;
    volatile boolean cancelRequested;
    volatile boolean leaseLost;
    private final DeploymentStore store;
    private final DeploymentEvents events;
    private final double leaseSeconds;

    DeploymentRun(Claim claim, ProvisionRequest request, ObjectNode checkpoint, boolean cancelRequested, DeploymentStore store,
            DeploymentEvents events, double leaseSeconds) {
        this.claim = claim;
        this.request = request;
        this.checkpoint = checkpoint;
        this.cancelRequested = cancelRequested;
        this.store = store;
        this.events = events;
        this.leaseSeconds = leaseSeconds;
    }

    @Override
    public ProvisionRequest request() {
        return request;
    }

    @Override
    public ObjectNode checkpoint() {
        return checkpoint.deepCopy();
    }

    /** Commits the checkpoint (and extends the lease) only while this claim still holds the lease. */
    @Override
    public void saveCheckpoint(ObjectNode next) {
        if (!store.saveCheckpoint(claim, next, leaseSeconds)) {
            leaseLost = true;
            throw new DeploymentWorkers.LeaseLostException(claim.deploymentId());
        }
        checkpoint = next.deepCopy();
    }

    @Override
    public void log(String message) {
        events.log(claim.deploymentId(), DeploymentEvent.Level.INFO, message);
    }

    @Override
    public void output(String line, boolean stderr) {
        events.log(claim.deploymentId(), stderr ? DeploymentEvent.Level.STDERR : DeploymentEvent.Level.STDOUT, line);
    }

    @Override
    public boolean cancelRequested() {
        return cancelRequested;
    }

    @Override
    public int attempt() {
        return claim.attempt();
    }
}
