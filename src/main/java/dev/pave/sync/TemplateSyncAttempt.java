package dev.pave.sync;

import dev.pave.template.Template;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One sync of one major version of a template from one commit (Proton's ResourceSyncAttempt). */
@Entity
@Table(name = "template_sync_attempt")
public class TemplateSyncAttempt extends SyncAttempt {

    public enum Status {
        INITIATED,
        IN_PROGRESS,
        SUCCEEDED,
        FAILED
    }

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "template_id")
    public Template template;

    @Column(name = "major_version")
    public int majorVersion;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** The folder of the major version synced ({@code …/v<N>}). */
    public String directory;

    /** The commit of the last successful sync of this major before this one; null for the first. */
    @Column(name = "initial_sha")
    public String initialSha;

    @Column(name = "target_sha")
    public String targetSha;

    /** The version this attempt registered, once it has one (null again if that version is deleted). */
    @Column(name = "version_id")
    public Long versionId;
}
