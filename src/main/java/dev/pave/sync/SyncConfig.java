package dev.pave.sync;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/** What every sync config keeps beside the branch it follows: when it was made and last changed. */
@MappedSuperclass
public abstract class SyncConfig extends RepositoryBranch {

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;
}
