package dev.pave.sync;

import dev.pave.template.Template;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
import java.util.List;

/** One sync of one major version of a template from one commit (Proton's ResourceSyncAttempt). */
@Entity
@Table(name = "template_sync_attempt")
public class TemplateSyncAttempt extends PanacheEntityBase {

    public enum Status {
        INITIATED,
        IN_PROGRESS,
        SUCCEEDED,
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "template_id")
    public Template template;

    @Column(name = "major_version")
    public int majorVersion;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "repository_provider")
    public String repositoryProvider;

    @Column(name = "repository_name")
    public String repositoryName;

    public String branch;

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

    /** JSON array of {@link SyncEvent}. */
    public String events;

    @Column(name = "started_at")
    public Instant startedAt;

    public List<SyncEvent> eventList() {
        return SyncEvent.read(events);
    }

    void add(SyncEvent event) {
        events = SyncEvent.append(events, event);
    }
}
