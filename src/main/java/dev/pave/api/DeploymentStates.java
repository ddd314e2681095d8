package dev.pave.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.DeploymentState;
import java.time.Instant;

/** The deployment members every deployed resource's shape has in common (Environment, ServicePipeline, ServiceInstance, Component). */
final class DeploymentStates {

    private DeploymentStates() {
    }

    /**
     * Puts the six members. A time not known yet takes its fallback: where Proton's shape requires the time, the
     * resource's creation time, as Proton reports it; where it does not, null, which leaves the member out.
     */
    static void put(ObjectNode out, DeploymentState state, Instant attemptedFallback, Instant succeededFallback) {
        Json.put(out, "deploymentStatus", state.status);
        Json.put(out, "deploymentStatusMessage", state.statusMessage);
        Json.put(out, "lastAttemptedDeploymentId", state.lastAttemptedId);
        Json.put(out, "lastSucceededDeploymentId", state.lastSucceededId);
        Json.put(out, "lastDeploymentAttemptedAt", state.lastAttemptedAt != null ? state.lastAttemptedAt : attemptedFallback);
        Json.put(out, "lastDeploymentSucceededAt", state.lastSucceededAt != null ? state.lastSucceededAt : succeededFallback);
    }
}
