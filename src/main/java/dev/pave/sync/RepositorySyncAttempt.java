package dev.pave.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

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
}
