package dev.pave.deploy;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * Where a deployed resource (environment, service instance, pipeline, component) stands with its deployments: the
 * status of the last one attempted and the ids and times of the last attempted and last succeeded. Each resource
 * embeds one; the service's pipeline maps it onto its {@code pipeline_*} columns.
 */
@Embeddable
public class DeploymentState {

    @Enumerated(EnumType.STRING)
    @Column(name = "deployment_status")
    public DeploymentStatus status;

    @Column(name = "deployment_status_message")
    public String statusMessage;

    @Column(name = "last_attempted_deployment_id")
    public String lastAttemptedId;

    @Column(name = "last_succeeded_deployment_id")
    public String lastSucceededId;

    @Column(name = "last_deployment_attempted_at")
    public Instant lastAttemptedAt;

    @Column(name = "last_deployment_succeeded_at")
    public Instant lastSucceededAt;

    /** {@code d} was just started for the resource: it is now the one the resource follows. */
    public void started(Deployment d) {
        status = d.status;
        statusMessage = null;
        lastAttemptedId = d.id;
        lastAttemptedAt = d.createdAt;
    }

    /**
     * A deployment recording what already runs (an import) is about to be stored under {@code id}: the resource
     * follows it already, as it would a started one.
     */
    public void importing(String id, Instant at) {
        status = DeploymentStatus.IN_PROGRESS;
        lastAttemptedId = id;
        lastAttemptedAt = at;
    }

    /** Whether news of {@code d} concerns the resource: older deployments' news is ignored once a newer one started. */
    public boolean follows(Deployment d) {
        return d.id.equals(lastAttemptedId);
    }

    /** Takes over {@code d}'s status; returns whether it just succeeded, which makes it the last succeeded. */
    public boolean followed(Deployment d) {
        status = d.status;
        statusMessage = d.statusMessage;
        if (d.status != DeploymentStatus.SUCCEEDED) {
            return false;
        }
        lastSucceededId = d.id;
        lastSucceededAt = d.completedAt;
        return true;
    }

    /** A deployment of the resource is under way (or being cancelled). */
    public boolean busy() {
        return status != null && status.active();
    }

    /** The resource is being deleted: nothing else may start on it. */
    public boolean deleting() {
        return status == DeploymentStatus.DELETE_IN_PROGRESS;
    }

    /** The last deployment (or delete) failed. */
    public boolean failed() {
        return status == DeploymentStatus.FAILED || status == DeploymentStatus.DELETE_FAILED;
    }

    /** No deployment was ever attempted: the next one creates the resource. */
    public boolean isNew() {
        return lastAttemptedId == null;
    }

    /** Some deployment succeeded: the resource exists where it runs. */
    public boolean deployed() {
        return lastSucceededId != null;
    }
}
