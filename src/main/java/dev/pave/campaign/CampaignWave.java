package dev.pave.campaign;

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

/** One wave of a campaign: the resources of an environment group, deployed together and gated before the next. */
@Entity
@Table(name = "campaign_wave")
public class CampaignWave extends PanacheEntityBase {

    public enum Status {
        PENDING,
        DEPLOYING,
        /** Every deployment finished well and the alarms are OK: waiting out the soak time. */
        SOAKING,
        PASSED,
        HALTED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "campaign_id")
    public String campaignId;

    public int ordinal;

    /** "stage=dev", or the name a campaign gave an explicit wave. */
    public String name;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** Promote: pass the gate without waiting out the soak time. */
    public boolean promoted;

    /** What the gate waits for ("alarm api-5xx is ALARM"), while it waits. */
    @Column(name = "gate_message")
    public String gateMessage;

    @Column(name = "started_at")
    public Instant startedAt;

    /** When the gate first found the wave healthy: the soak time counts from here. */
    @Column(name = "healthy_at")
    public Instant healthyAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
