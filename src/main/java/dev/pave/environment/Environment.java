package dev.pave.environment;

import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentState;
import dev.pave.provision.ProvisioningMethod;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
import java.util.Optional;

/**
 * A Proton environment. Its template version and spec are the last good state: a deployment's target state is
 * taken over only when it succeeds (or, for a new environment, from the start).
 */
@Entity
@Table(name = "environment")
public class Environment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String description;

    @Column(name = "template_name")
    public String templateName;

    @Embedded
    public DeployedVersion templateVersion = new DeployedVersion();

    /** The spec as the user gave it (YAML or JSON). */
    public String spec;

    @Enumerated(EnumType.STRING)
    @Column(name = "provisioning_method")
    public ProvisioningMethod provisioningMethod;

    @Column(name = "proton_service_role_arn")
    public String protonServiceRoleArn;

    @Column(name = "codebuild_role_arn")
    public String codebuildRoleArn;

    @Column(name = "component_role_arn")
    public String componentRoleArn;

    @Column(name = "repository_provider")
    public String repositoryProvider;

    @Column(name = "repository_name")
    public String repositoryName;

    @Column(name = "repository_branch")
    public String repositoryBranch;

    @Embedded
    public DeploymentState deployment = new DeploymentState();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    public static Optional<Environment> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    public String version() {
        return templateVersion.version();
    }
}
