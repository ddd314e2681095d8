package dev.pave.sync;

import dev.pave.template.Template;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One sync of one major version of a template from its {@code v<N>} folder at one commit. */
@Entity
@Table(name = "template_sync_attempt")
public class TemplateSyncAttempt extends ResourceSyncAttempt {

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "template_id")
    public Template template;

    @Column(name = "major_version")
    public int majorVersion;

    /** The version this attempt registered, once it has one (null again if that version is deleted). */
    @Column(name = "version_id")
    public Long versionId;

    @Override
    public String target() {
        return directory.replaceAll(".*/", "");
    }
}
