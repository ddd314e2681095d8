package dev.pave.template;

import dev.pave.team.Policy;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** An environment or service template: a name under which versions are registered and published. */
@Entity
@Table(name = "template")
public class Template extends PanacheEntityBase {

    public static final String CUSTOMER_MANAGED = "CUSTOMER_MANAGED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public TemplateType type;

    public String name;

    /** The teams whose resources may use this template; empty: every team's. Few, and shown on every catalog card. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "template_team", joinColumns = @JoinColumn(name = "template_id"))
    @Column(name = "team")
    public Set<String> teams = new HashSet<>();

    @Column(name = "display_name")
    public String displayName;

    public String description;

    @Column(name = "encryption_key")
    public String encryptionKey;

    /** Environment templates: {@code CUSTOMER_MANAGED} when environments are provisioned outside Pave. */
    public String provisioning;

    /** Service templates: {@code CUSTOMER_MANAGED} when the service has no Pave-managed pipeline. */
    @Column(name = "pipeline_provisioning")
    public String pipelineProvisioning;

    /** Every MAJOR_VERSION upgrade of what runs this template waits for an approver. */
    @Column(name = "majors_need_approval")
    public boolean majorsNeedApproval;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    public static Optional<Template> find(TemplateType type, String name) {
        return find("type = ?1 and name = ?2", type, name).firstResultOptional();
    }

    /** Whether versions of this template skip the Pave-managed part of the bundle (infrastructure or pipeline). */
    public boolean customerManaged() {
        return CUSTOMER_MANAGED.equals(type == TemplateType.ENVIRONMENT ? provisioning : pipelineProvisioning);
    }

    /** The rule a resource made from this template must pass. */
    public Policy policy() {
        return Policy.of(type.name().toLowerCase(java.util.Locale.ROOT) + " template " + name, "is limited to", teams);
    }
}
