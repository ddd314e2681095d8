package dev.pave.sync;

import dev.pave.service.Service;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * One sync of one service instance, or with no instance name the service's pipeline, from one commit of its spec
 * file (Proton's ResourceSyncAttempt). IN_PROGRESS while the deployment it started runs.
 */
@Entity
@Table(name = "service_sync_attempt")
public class ServiceSyncAttempt extends ResourceSyncAttempt {

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "service_id")
    public Service service;

    /** The instance synced; null for the pipeline. */
    @Column(name = "instance_name")
    public String instanceName;

    /** What the spec file asked for (environment and inputs, hashed); the same ask is applied once. */
    public String digest;

    /** The deployment this attempt started, if it started one. */
    @Column(name = "deployment_id")
    public String deploymentId;

    /** The instance's name, or "pipeline". */
    @Override
    public String target() {
        return instanceName == null ? "pipeline" : instanceName;
    }
}
