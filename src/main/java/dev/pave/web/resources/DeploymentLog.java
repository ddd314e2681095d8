package dev.pave.web.resources;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentEvent;
import dev.pave.deploy.DeploymentService;
import dev.pave.identity.Caller;
import io.quarkus.arc.Unremovable;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.List;

/**
 * One read of a deployment's log for a stream: the events after a cursor and whether more can come. Runs in its own
 * request context, since a stream outlives the request that opened it.
 */
@ApplicationScoped
@Unremovable
public class DeploymentLog {

    /** Events after the cursor; {@code finished} once the deployment is done and these are its last events. */
    public record Batch(List<DeploymentEvent> events, boolean finished, String status) {
    }

    static final int BATCH = 500;

    @Inject
    DeploymentService deployments;

    @ActivateRequestContext
    public Batch after(Caller caller, String deploymentId, int cursor) {
        // a transaction of its own: a fresh session each time, never an entity cached by the request that opened the stream
        return QuarkusTransaction.requiringNew().call(() -> {
            // status first: events a finished deployment wrote before finishing are all visible to the read that follows
            Deployment d = deployments.deployment(caller, deploymentId);
            boolean active = d.status.active();
            List<DeploymentEvent> events = deployments.events(caller, deploymentId, cursor, BATCH);
            return new Batch(events, !active && events.size() < BATCH, d.status.name());
        });
    }
}
