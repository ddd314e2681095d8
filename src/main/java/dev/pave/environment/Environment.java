package dev.pave.environment;

import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentState;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.team.Owned;
import dev.pave.team.Policy;
import dev.pave.template.Template;
import dev.pave.template.TemplateType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Proton environment. Its template version and spec are the last good state: a deployment's target state is
 * taken over only when it succeeds (or, for a new environment, from the start).
 */
@Entity
@Table(name = "environment")
public class Environment extends PanacheEntityBase implements Owned {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    /** The team whose members may change and delete it. */
    @Column(name = "owner_team")
    public String ownerTeam;

    /** The teams whose services may run instances here; empty: every team's. */
    @ElementCollection
    @CollectionTable(name = "environment_team", joinColumns = @JoinColumn(name = "environment_id"))
    @Column(name = "team")
    public Set<String> instanceTeams = new HashSet<>();

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

    /** Provisioned in another AWS account through this connection (null: in Pave's own account). */
    @Column(name = "environment_account_connection_id")
    public String environmentAccountConnectionId;

    /** The account the environment's infrastructure is in, when it is not Pave's own. */
    @Column(name = "environment_account_id")
    public String environmentAccountId;

    @Column(name = "repository_provider")
    public String repositoryProvider;

    @Column(name = "repository_name")
    public String repositoryName;

    @Column(name = "repository_branch")
    public String repositoryBranch;

    @Embedded
    public DeploymentState deployment = new DeploymentState();

    /** Upgrades of it (and of the instances in it) wait for an approver: MAJOR_VERSION updates, and any campaign. */
    @Column(name = "upgrades_need_approval")
    public boolean upgradesNeedApproval;

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

    @Override
    public String ownerTeam() {
        return ownerTeam;
    }

    @Override
    public String label() {
        return "environment " + name;
    }

    @Override
    public void transferTo(String team) {
        ownerTeam = team;
    }

    @Override
    public List<Policy> policies() {
        return Template.find(TemplateType.ENVIRONMENT, templateName).map(Template::policy).stream().toList();
    }

    /** The rule a service's instance here must pass. */
    public Policy instancePolicy() {
        return Policy.of("environment " + name, "takes service instances only of", instanceTeams);
    }
}
