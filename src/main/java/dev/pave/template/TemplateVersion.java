package dev.pave.template;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import dev.pave.template.bundle.Manifest;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One major.minor version of a template, with the bundle it was registered from. */
@Entity
@Table(name = "template_version")
public class TemplateVersion extends PanacheEntityBase {

    public enum Status {
        REGISTRATION_IN_PROGRESS,
        REGISTRATION_FAILED,
        DRAFT,
        PUBLISHED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Eager: a version is never shown or checked without its template's name and type. */
    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "template_id")
    public Template template;

    @Column(name = "major_version")
    public int majorVersion;

    @Column(name = "minor_version")
    public int minorVersion;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "status_message")
    public String statusMessage;

    public String description;

    /** schema/schema.yaml as registered, for Proton's {@code schema} member and the pages. */
    public String schema;

    /** Where the bundle came from: {@code s3://bucket/key} or {@code upload:<file name>}. */
    public String source;

    /** For a version made by template sync, the Git tree of its bundle folder; null otherwise. */
    @Column(name = "source_tree")
    public String sourceTree;

    @Basic(fetch = FetchType.LAZY)
    public byte[] bundle;

    /** The engine of the environment's or instances' infrastructure; null when the version provisions none. */
    @Enumerated(EnumType.STRING)
    public Manifest.Engine engine;

    /** Service templates: the engine of the pipeline; null without a Pave-provisioned pipeline. */
    @Enumerated(EnumType.STRING)
    @Column(name = "pipeline_engine")
    public Manifest.Engine pipelineEngine;

    @Column(name = "compatible_environment_templates")
    public String compatibleEnvironmentTemplates;

    @Column(name = "supported_component_sources")
    public String supportedComponentSources;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** When a platform admin deprecated this version; null while it is offered. */
    @Column(name = "deprecated_at")
    public Instant deprecatedAt;

    @Column(name = "deprecated_by")
    public String deprecatedBy;

    public String version() {
        return majorVersion + "." + minorVersion;
    }

    /** Only a PUBLISHED version may be deployed or recommended. */
    public boolean published() {
        return status == Status.PUBLISHED;
    }

    public boolean deprecated() {
        return deprecatedAt != null;
    }

    /**
     * What new deployments and upgrades may move to, and what may be recommended: published and not deprecated. A
     * deprecated version stays deployable only for what already runs on it (redeploys and rollbacks).
     */
    public boolean offered() {
        return published() && !deprecated();
    }
}
