package dev.pave.deploy;

import java.util.List;

/** Proton's DeploymentStatus. */
public enum DeploymentStatus {
    IN_PROGRESS,
    FAILED,
    SUCCEEDED,
    DELETE_IN_PROGRESS,
    DELETE_FAILED,
    DELETE_COMPLETE,
    CANCELLING,
    CANCELLED;

    /** The statuses of a deployment that is not finished; a target has at most one such deployment. */
    public static final List<DeploymentStatus> ACTIVE = List.of(IN_PROGRESS, DELETE_IN_PROGRESS, CANCELLING);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    /** Only a deployment that creates or updates can be cancelled; a deletion runs to its end, as in Proton. */
    public boolean cancellable() {
        return this == IN_PROGRESS;
    }
}
