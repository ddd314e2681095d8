package dev.pave.sync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.List;

/** What every sync attempt records: the branch it read, when it started, and its events (a JSON array of {@link SyncEvent}). */
@MappedSuperclass
public abstract class SyncAttempt extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "repository_provider")
    public String repositoryProvider;

    @Column(name = "repository_name")
    public String repositoryName;

    public String branch;

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
