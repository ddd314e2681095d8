package dev.pave.notice;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event in the outbox, in Proton's EventBridge shape: a detail-type ("AWS Proton Service Instance Status Change"),
 * the resource's ARN and a JSON detail; {@code team} is the owning team, whose members' inboxes and targets get it.
 */
@Entity
@Table(name = "notice_event")
public class NoticeEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The event's id outside Pave: EventBridge's entry id is its own, so receivers dedupe on this one. */
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "detail_type")
    public String detailType;

    @Column(name = "resource_arn")
    public String resourceArn;

    public String team;

    /** One line, for the inbox and Slack. */
    public String summary;

    /** The event's {@code detail} as JSON. */
    public String detail;

    @Column(name = "created_at")
    public Instant createdAt;

    /** A plain copy, for use after the transaction that read it (a send happens outside any). */
    NoticeEvent detached() {
        NoticeEvent copy = new NoticeEvent();
        copy.id = id;
        copy.eventId = eventId;
        copy.detailType = detailType;
        copy.resourceArn = resourceArn;
        copy.team = team;
        copy.summary = summary;
        copy.detail = detail;
        copy.createdAt = createdAt;
        return copy;
    }
}
