package dev.pave.service;

import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentState;
import dev.pave.environment.Environment;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.team.Owned;
import dev.pave.team.Policy;
import dev.pave.template.Template;
import dev.pave.template.TemplateType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Proton service and its pipeline (Proton has at most one pipeline per service, so it lives in the same row). */
@Entity
@Table(name = "service")
public class Service extends PanacheEntityBase implements Owned {

    /** Proton's ServiceStatus. */
    public enum Status {
        CREATE_IN_PROGRESS, CREATE_FAILED_CLEANUP_IN_PROGRESS, CREATE_FAILED_CLEANUP_COMPLETE, CREATE_FAILED_CLEANUP_FAILED,
        CREATE_FAILED, ACTIVE, DELETE_IN_PROGRESS, DELETE_FAILED, UPDATE_IN_PROGRESS, UPDATE_FAILED_CLEANUP_IN_PROGRESS,
        UPDATE_FAILED_CLEANUP_COMPLETE, UPDATE_FAILED_CLEANUP_FAILED, UPDATE_FAILED, UPDATE_COMPLETE_CLEANUP_FAILED;

        /** Still moving: its instances or pipeline are being deployed or cleaned up. */
        public boolean inProgress() {
            return name().endsWith("_IN_PROGRESS");
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    /** The team whose members may change and delete it. */
    @Column(name = "owner_team")
    public String ownerTeam;

    public String description;

    @Column(name = "template_name")
    public String templateName;

    public String spec;

    @Column(name = "repository_connection_arn")
    public String repositoryConnectionArn;

    @Column(name = "repository_id")
    public String repositoryId;

    @Column(name = "branch_name")
    public String branchName;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "status_message")
    public String statusMessage;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The user (or robot) whose request created it. */
    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    @Column(name = "has_pipeline")
    public boolean hasPipeline;

    /** Null while the service has no pipeline. */
    @Embedded
    @AttributeOverride(name = "major", column = @Column(name = "pipeline_template_major_version"))
    @AttributeOverride(name = "minor", column = @Column(name = "pipeline_template_minor_version"))
    public DeployedVersion pipelineTemplateVersion;

    /** The pipeline inputs as JSON. */
    @Column(name = "pipeline_spec")
    public String pipelineSpec;

    @Enumerated(EnumType.STRING)
    @Column(name = "pipeline_provisioning_method")
    public ProvisioningMethod pipelineProvisioningMethod;

    /** Null while the service has no pipeline (Hibernate loads all-null columns as null): read it with {@link #pipelineState}. */
    @Embedded
    @AttributeOverride(name = "status", column = @Column(name = "pipeline_deployment_status"))
    @AttributeOverride(name = "statusMessage", column = @Column(name = "pipeline_deployment_status_message"))
    @AttributeOverride(name = "lastAttemptedId", column = @Column(name = "pipeline_last_attempted_deployment_id"))
    @AttributeOverride(name = "lastSucceededId", column = @Column(name = "pipeline_last_succeeded_deployment_id"))
    @AttributeOverride(name = "lastAttemptedAt", column = @Column(name = "pipeline_last_deployment_attempted_at"))
    @AttributeOverride(name = "lastSucceededAt", column = @Column(name = "pipeline_last_deployment_succeeded_at"))
    public DeploymentState pipelineDeployment;

    @Column(name = "pipeline_redeploy_pending")
    public boolean pipelineRedeployPending;

    /** The spec an unsettled UpdateService replaced, restored if the update fails and its new instances are removed. */
    @Column(name = "spec_before_update")
    public String specBeforeUpdate;

    public static Optional<Service> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** The pipeline's deployment state, empty (never null) while there is none. */
    public DeploymentState pipelineState() {
        return pipelineDeployment == null ? new DeploymentState() : pipelineDeployment;
    }

    /** DeleteService has started: nothing else may change the service. */
    public boolean deleting() {
        return status == Status.DELETE_IN_PROGRESS;
    }

    public String pipelineVersion() {
        return pipelineTemplateVersion.version();
    }

    @Override
    public String ownerTeam() {
        return ownerTeam;
    }

    @Override
    public String label() {
        return "service " + name;
    }

    @Override
    public void transferTo(String team) {
        ownerTeam = team;
    }

    /** Its template's rule, and the rule of every environment its instances run in. */
    @Override
    public List<Policy> policies() {
        List<Policy> policies = new ArrayList<>();
        Template.find(TemplateType.SERVICE, templateName).map(Template::policy).ifPresent(policies::add);
        ServiceInstance.<ServiceInstance>list("serviceName", name).stream().map(i -> i.environmentName).distinct()
                .map(Environment::byName).flatMap(Optional::stream).map(Environment::instancePolicy).forEach(policies::add);
        return policies;
    }
}
