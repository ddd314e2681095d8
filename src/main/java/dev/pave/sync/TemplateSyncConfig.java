package dev.pave.sync;

import dev.pave.template.Template;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A template following a folder of a branch of a linked repository (Proton's TemplateSyncConfig). */
@Entity
@Table(name = "template_sync_config")
public class TemplateSyncConfig extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @OneToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "template_id")
    public Template template;

    @Column(name = "repository_provider")
    public String repositoryProvider;

    @Column(name = "repository_name")
    public String repositoryName;

    public String branch;

    /** Where the template's {@code v<N>} folders are, or null for {@code <template>/v<N>} at the root. */
    public String subdirectory;

    /** The branch head the last finished sync round saw; a round skips the template while the head stays there. */
    @Column(name = "last_synced_sha")
    public String lastSyncedSha;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    public static Optional<TemplateSyncConfig> of(Template template) {
        return find("template", template).firstResultOptional();
    }
}
