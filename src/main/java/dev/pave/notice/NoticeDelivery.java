package dev.pave.notice;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One event on its way to one target: PENDING until acknowledged, retried with backoff, FAILED after the last attempt. */
@Entity
@Table(name = "notice_delivery")
public class NoticeDelivery extends PanacheEntityBase {

    public enum Status {
        PENDING, DELIVERED, FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "event_id")
    public NoticeEvent event;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "target_id")
    public NoticeTarget target;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int attempts;

    /** When it is due; while an attempt runs, when that attempt's claim lapses and another replica may try. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    /** The last answer: an HTTP status and the start of its body, or the error. */
    @Column(name = "last_response")
    public String lastResponse;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
