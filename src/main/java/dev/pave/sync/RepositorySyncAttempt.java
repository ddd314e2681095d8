package dev.pave.sync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One look at one commit of a branch for one kind of sync (Proton's RepositorySyncAttempt). */
@Entity
@Table(name = "repository_sync_attempt")
public class RepositorySyncAttempt extends PanacheEntityBase {

    public enum Status {
        INITIATED,
        IN_PROGRESS,
        SUCCEEDED,
        FAILED,
        QUEUED
    }

    public enum SyncType {
        TEMPLATE_SYNC,
        SERVICE_SYNC
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "repository_provider")
    public String repositoryProvider;

    @Column(name = "repository_name")
    public String repositoryName;

    public String branch;

    @Enumerated(EnumType.STRING)
    @Column(name = "sync_type")
    public SyncType syncType;

    /** The commit looked at; empty when the branch could not be read. */
    public String sha;

    @Enumerated(EnumType.STRING)
    public Status status;

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
