package dev.pave.component;

import dev.pave.deploy.DeploymentState;
import dev.pave.team.Owned;
import dev.pave.team.Policy;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A directly defined component: a manifest and one IaC file, attached to a service instance or defined in an
 * environment only. Its attachment and template file are the last good state, taken from a deployment on success.
 */
@Entity
@Table(name = "component")
public class Component extends PanacheEntityBase implements Owned {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    /** The team whose members may change and delete it. */
    @Column(name = "owner_team")
    public String ownerTeam;

    public String description;

    @Column(name = "environment_name")
    public String environmentName;

    @Column(name = "service_name")
    public String serviceName;

    @Column(name = "service_instance_name")
    public String serviceInstanceName;

    @Column(name = "service_spec")
    public String serviceSpec;

    public String manifest;

    @Column(name = "template_file")
    public String templateFile;

    @Embedded
    public DeploymentState deployment = new DeploymentState();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    public static Optional<Component> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    public static Optional<Component> attachedTo(String service, String instance) {
        return find("serviceName = ?1 and serviceInstanceName = ?2", service, instance).firstResultOptional();
    }

    public boolean attached() {
        return serviceName != null;
    }

    @Override
    public String ownerTeam() {
        return ownerTeam;
    }

    @Override
    public String label() {
        return "component " + name;
    }

    @Override
    public void transferTo(String team) {
        ownerTeam = team;
    }

    /** Components have no template; the environment's rule is about service instances. */
    @Override
    public List<Policy> policies() {
        return List.of();
    }
}
