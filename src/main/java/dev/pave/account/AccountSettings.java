package dev.pave.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Account-wide settings (one row): how service pipelines are provisioned. */
@Entity
@Table(name = "account_settings")
public class AccountSettings extends PanacheEntityBase {

    @Id
    public Integer id;

    @Column(name = "pipeline_service_role_arn")
    public String pipelineServiceRoleArn;

    @Column(name = "pipeline_codebuild_role_arn")
    public String pipelineCodebuildRoleArn;

    /** JSON {@code {"provider", "name", "branch"}} of the repository self-managed pipelines are committed to. */
    @Column(name = "pipeline_provisioning_repository")
    public String pipelineProvisioningRepository;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static AccountSettings get() {
        return findById(1);
    }
}
