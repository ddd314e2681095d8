package dev.pave.sync;

import dev.pave.service.Service;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.Optional;

/** A service following the proton-ops file on a branch of a linked repository (Proton's ServiceSyncConfig). */
@Entity
@Table(name = "service_sync_config")
public class ServiceSyncConfig extends SyncConfig {

    @OneToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "service_id")
    public Service service;

    /** The proton-ops file, from the repository's root. */
    @Column(name = "file_path")
    public String filePath;

    /**
     * The heads of the ops branch and every spec branch the last finished round read ("branch=sha" lines); a round
     * skips the service while they stay there. Cleared when something else changes what a round would do (a
     * blocker resolved, the config changed, an instance that could not be synced yet).
     */
    @Column(name = "last_synced_heads")
    public String lastSyncedHeads;

    /** The instances the proton-ops file listed for this service when last read, comma-separated; null before. */
    @Column(name = "listed_instances")
    public String listedInstances;

    /** Where the portal proposed this service's files ("branch into base at commit" lines), until the proton-ops file lists it. */
    public String proposal;

    public static Optional<ServiceSyncConfig> of(Service service) {
        return find("service", service).firstResultOptional();
    }

    /** Whether the proton-ops file lists the instance (or has not been read yet, when any instance may be listed). */
    boolean follows(String instance) {
        return listedInstances == null || Arrays.asList(listedInstances.split(",")).contains(instance);
    }
}
