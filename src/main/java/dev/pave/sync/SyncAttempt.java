package dev.pave.sync;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.List;

/** What every sync attempt records: the branch it read, when it started, and its events (a JSON array of {@link SyncEvent}). */
@MappedSuperclass
public abstract class SyncAttempt extends RepositoryBranch {

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
