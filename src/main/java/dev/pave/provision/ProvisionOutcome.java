package dev.pave.provision;

import java.util.List;
import java.util.Map;

/** How a provisioning attempt ended. */
public sealed interface ProvisionOutcome {

    /** Done; outputs as Proton reports them (key → string) and what was provisioned. */
    record Succeeded(Map<String, String> outputs, List<ProvisionedResource> resources) implements ProvisionOutcome {
    }

    /** Failed; {@code message} is the deployment status message (e.g. the first failed stack event's reason). */
    record Failed(String message) implements ProvisionOutcome {
    }

    /** Stopped because the deployment was cancelled, with the prior state restored where the engine can. */
    record Cancelled(String message) implements ProvisionOutcome {
    }

    /**
     * Handed over to something outside Pave (self-managed: the rendered files are committed to {@code changeRequest},
     * a branch); the deployment stays IN_PROGRESS until NotifyResourceDeploymentStatusChange reports the outcome.
     */
    record AwaitingNotification(String changeRequest) implements ProvisionOutcome {
    }
}
