package dev.pave.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisioningMethod;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One deployment of one target resource: Proton's Deployment plus what its provisioner needs and the state of its
 * run (checkpoint, attempt, lease). Other features read it through {@link DeploymentService}.
 */
@Entity
@Table(name = "deployment")
public class Deployment extends PanacheEntityBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "target_type")
    public TargetType targetType;

    @Column(name = "target_arn")
    public String targetArn;

    @Column(name = "target_created_at")
    public Instant targetCreatedAt;

    @Column(name = "environment_name")
    public String environmentName;

    @Column(name = "service_name")
    public String serviceName;

    @Column(name = "service_instance_name")
    public String serviceInstanceName;

    @Column(name = "component_name")
    public String componentName;

    @Enumerated(EnumType.STRING)
    public ProvisionRequest.Action action;

    @Enumerated(EnumType.STRING)
    public DeploymentStatus status;

    @Column(name = "status_message")
    public String statusMessage;

    @Column(name = "deployment_type")
    public String deploymentType;

    /** JSON of Proton's DeploymentState union. */
    @Column(name = "initial_state")
    public String initialState;

    @Column(name = "target_state")
    public String targetState;

    @Column(name = "last_attempted_deployment_id")
    public String lastAttemptedDeploymentId;

    @Column(name = "last_succeeded_deployment_id")
    public String lastSucceededDeploymentId;

    @Enumerated(EnumType.STRING)
    public ProvisioningMethod method;

    @Column(name = "stack_name")
    public String stackName;

    @Column(name = "template_file")
    public String templateFile;

    @Column(name = "provision_commands")
    public String provisionCommands;

    @Column(name = "deprovision_commands")
    public String deprovisionCommands;

    @Column(name = "drift_commands")
    public String driftCommands;

    @Column(name = "proton_inputs")
    public String protonInputs;

    @Column(name = "role_arn")
    public String roleArn;

    /** Assumed to provision in another account (an environment account connection's role); null in Pave's own. */
    @Column(name = "account_role_arn")
    public String accountRoleArn;

    public String repository;

    public String folder;

    public String metadata;

    public String tags;

    public String checkpoint;

    public int attempt;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    @Column(name = "awaiting_notification")
    public boolean awaitingNotification;

    @Column(name = "change_request")
    public String changeRequest;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /**
     * What the deployment deploys, one level into Proton's DeploymentState union ({@code {"environment": {…}}} →
     * {@code {…}}: templateName, its versions, spec); for a deletion, what it started from.
     */
    public JsonNode state() {
        try {
            JsonNode union = JSON.readTree(targetState != null ? targetState : initialState == null ? "{}" : initialState);
            return union.isObject() && union.size() == 1 ? union.elements().next() : JSON.createObjectNode();
        } catch (JsonProcessingException bad) {
            return JSON.createObjectNode();
        }
    }
}
