package dev.pave.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Proton's EnvironmentAccountConnection: another AWS account's offer of a role to provision one environment in it. */
@Entity
@Table(name = "environment_account_connection")
public class EnvironmentAccountConnection extends PanacheEntityBase {

    public enum Status {
        PENDING,
        CONNECTED,
        REJECTED
    }

    @Id
    public String id;

    /** The environment (in Pave) that may be provisioned in the environment account. */
    @Column(name = "environment_name")
    public String environmentName;

    @Column(name = "environment_account_id")
    public String environmentAccountId;

    @Column(name = "management_account_id")
    public String managementAccountId;

    /** Pave assumes it to provision; CloudFormation stacks also run with it. */
    @Column(name = "role_arn")
    public String roleArn;

    /** The role CodeBuild-style commands run with in the environment account. */
    @Column(name = "codebuild_role_arn")
    public String codebuildRoleArn;

    /** The stack role of components in the environment. */
    @Column(name = "component_role_arn")
    public String componentRoleArn;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "client_token")
    public String clientToken;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;
}
