package dev.pave.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.template.TemplateType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** An upgrade campaign: the resources of a template moved to one version, wave by wave. */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Status {
        /** Touches environments whose upgrades need approval (or a template's majors that do): nothing starts until every owning team approves. */
        WAITING_APPROVAL,
        /** Deploying the current wave, or waiting for its health gate. */
        RUNNING,
        /** Starts nothing new until resumed; deployments already running finish. */
        PAUSED,
        /** Too many deployments of a wave failed: the next wave does not start. Roll back or abort. */
        HALTED,
        /** Every wave passed its gate. */
        SUCCEEDED,
        /** Stopped for good: what had not started never will. */
        ABORTED,
        /** Returning what it changed to the version and spec it ran before, last wave first. */
        ROLLING_BACK,
        ROLLED_BACK;

        /** Nothing more will be started: only deployments still running are followed. */
        public boolean over() {
            return this == SUCCEEDED || this == ABORTED || this == ROLLED_BACK;
        }

        public String label() {
            String words = name().replace('_', ' ').toLowerCase();
            return Character.toUpperCase(words.charAt(0)) + words.substring(1);
        }
    }

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "template_type")
    public TemplateType templateType;

    @Column(name = "template_name")
    public String templateName;

    @Column(name = "target_major")
    public int targetMajor;

    @Column(name = "target_minor")
    public int targetMinor;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "status_message")
    public String statusMessage;

    /** The ordinal of the wave deploying now (during a rollback: unchanged). */
    @Column(name = "current_wave")
    public int currentWave;

    /** How many deployments of a wave run at once. */
    @Column(name = "max_parallel")
    public int maxParallel;

    /** The percentage of a wave's deployments that may fail before the campaign halts (0: any failure halts it). */
    @Column(name = "failure_limit")
    public int failureLimit;

    /** How long a wave stays healthy before the next one starts. */
    @Column(name = "soak_seconds")
    public int soakSeconds;

    /** CloudWatch alarm names, a JSON list: every one must be OK for a wave to pass its gate. */
    public String alarms;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_modified_at")
    public Instant lastModifiedAt;

    /** When it was over and nothing it started was still running. */
    @Column(name = "finished_at")
    public Instant finishedAt;

    public String targetVersion() {
        return targetMajor + "." + targetMinor;
    }

    public List<String> alarmNames() {
        try {
            return JSON.readValue(alarms, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("campaign " + id + " has unreadable alarms", e);
        }
    }

    static String write(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
