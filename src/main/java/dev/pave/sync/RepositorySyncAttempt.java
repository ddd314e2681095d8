package dev.pave.sync;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One look at one commit of a branch for one kind of sync (Proton's RepositorySyncAttempt). */
@Entity
@Table(name = "repository_sync_attempt")
public class RepositorySyncAttempt extends SyncAttempt {

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

    @Enumerated(EnumType.STRING)
    @Column(name = "sync_type")
    public SyncType syncType;

    /** The commit looked at; empty when the branch could not be read. */
    public String sha;

    @Enumerated(EnumType.STRING)
    public Status status;

    /**
     * Records a look at a branch, in its own transaction: one attempt per commit (a later look at the same commit adds
     * to it), so polling an unreadable branch does not write a row every round.
     */
    static Long record(String provider, String name, String branch, SyncType syncType, String sha, Status status, String event) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<RepositorySyncAttempt> latest = RepositorySyncAttempt.<RepositorySyncAttempt>find(
                    "repositoryProvider = ?1 and repositoryName = ?2 and branch = ?3 and syncType = ?4", Sort.descending("id"),
                    provider, name, branch, syncType).firstResultOptional();
            if (latest.isPresent() && latest.get().sha.equals(sha)
                    && (latest.get().status == status || status == Status.IN_PROGRESS)) {
                RepositorySyncAttempt a = latest.get();
                if (a.eventList().stream().noneMatch(e -> e.event().equals(event))) {
                    a.add(SyncEvent.now(status.name(), event, sha.isEmpty() ? null : sha));
                }
                a.status = status;
                return a.id;
            }
            RepositorySyncAttempt a = new RepositorySyncAttempt();
            a.repositoryProvider = provider;
            a.repositoryName = name;
            a.branch = branch;
            a.syncType = syncType;
            a.sha = sha;
            a.status = status;
            a.startedAt = Instant.now();
            a.add(SyncEvent.now(status.name(), event, sha.isEmpty() ? null : sha));
            a.persist();
            return a.id;
        });
    }

    /** Ends an attempt with a last event, in its own transaction. */
    static void finish(Long id, Status status, String event) {
        QuarkusTransaction.requiringNew().run(() -> {
            RepositorySyncAttempt a = findById(id);
            a.status = status;
            a.add(SyncEvent.now(status.name(), event, a.sha.isEmpty() ? null : a.sha));
        });
    }
}
