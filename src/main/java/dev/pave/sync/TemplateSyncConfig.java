package dev.pave.sync;

import dev.pave.template.Template;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.util.Optional;

/** A template following a folder of a branch of a linked repository (Proton's TemplateSyncConfig). */
@Entity
@Table(name = "template_sync_config")
public class TemplateSyncConfig extends SyncConfig {

    @OneToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "template_id")
    public Template template;

    /** Where the template's {@code v<N>} folders are, or null for {@code <template>/v<N>} at the root. */
    public String subdirectory;

    /** Whether each version synced is published at once rather than left a draft (a Pave option; the portal sets it). */
    @Column(name = "auto_publish")
    public boolean autoPublish;

    /** The branch head the last finished sync round saw; a round skips the template while the head stays there. */
    @Column(name = "last_synced_sha")
    public String lastSyncedSha;

    public static Optional<TemplateSyncConfig> of(Template template) {
        return find("template", template).firstResultOptional();
    }
}
