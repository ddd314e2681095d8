package dev.pave.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.service.Service;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What stops service sync from overwriting a hand-made change (Proton's SyncBlocker): on an instance changed by hand,
 * or on the whole service when an instance was removed. Someone resolves it with a reason; both who and why are kept.
 */
@Entity
@Table(name = "sync_blocker")
public class SyncBlocker extends PanacheEntityBase {

    public enum Status {
        ACTIVE,
        RESOLVED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Id
    public String id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "service_id")
    public Service service;

    /** The instance blocked; null when the whole service is. */
    @Column(name = "instance_name")
    public String instanceName;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "created_reason")
    public String createdReason;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Proton's contexts, a JSON object of key to value. */
    public String contexts;

    @Column(name = "resolved_reason")
    public String resolvedReason;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public Map<String, String> contextMap() {
        try {
            return JSON.readValue(contexts, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable blocker contexts", e);
        }
    }

    void contexts(Map<String, String> map) {
        try {
            contexts = JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
