package dev.pave.sync;

import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;

/**
 * One sync of one resource from one commit (Proton's ResourceSyncAttempt): a template's major version from its
 * folder, or a service instance (or pipeline) from its spec file.
 */
@MappedSuperclass
public abstract class ResourceSyncAttempt extends SyncAttempt {

    public enum Status {
        INITIATED,
        IN_PROGRESS,
        SUCCEEDED,
        FAILED
    }

    @Enumerated(EnumType.STRING)
    public Status status;

    /** Where in the commit the resource was read from: a version folder ({@code …/v<N>}) or a spec file. */
    public String directory;

    /** The commit of this resource's last successful sync before this one; null for the first. */
    @Column(name = "initial_sha")
    public String initialSha;

    @Column(name = "target_sha")
    public String targetSha;

    /** Proton's target: the major version's folder name, or the instance's name. */
    public abstract String target();
}
