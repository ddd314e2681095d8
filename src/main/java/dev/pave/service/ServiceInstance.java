package dev.pave.service;

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
import java.util.List;
import java.util.Optional;

/**
 * A service instance: the service template's instance infrastructure deployed into one environment. Its template
 * version and spec are the last good state, taken from a deployment's target state when it succeeds.
 */
@Entity
@Table(name = "service_instance")
public class ServiceInstance extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "service_name")
    public String serviceName;

    public String name;

    @Column(name = "environment_name")
    public String environmentName;

    @Column(name = "template_name")
    public String templateName;

    @Embedded
    public DeployedVersion templateVersion = new DeployedVersion();

    /** The instance inputs as JSON (defaults applied). */
    public String spec;

    @Enumerated(EnumType.STRING)
    @Column(name = "provisioning_method")
    public ProvisioningMethod provisioningMethod;

    @Embedded
    public DeploymentState deployment = new DeploymentState();

    /** Its deletion was asked for (with the service, a spec edit, a failed create's cleanup or DeleteServiceInstance). */
    public boolean deleting;

    /** Added by an UpdateService that has not settled yet: deprovisioned again if that update fails. */
    @Column(name = "added_by_update")
    public boolean addedByUpdate;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    public static Optional<ServiceInstance> byName(String service, String name) {
        return find("serviceName = ?1 and name = ?2", service, name).firstResultOptional();
    }

    public static List<ServiceInstance> of(String service) {
        return list("serviceName = ?1 order by name", service);
    }

    public String version() {
        return templateVersion.version();
    }
}
