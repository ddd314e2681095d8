package dev.pave.notice;

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

/** Where events go. A team's target takes its team's events; an admin's (no team) takes every event. */
@Entity
@Table(name = "notice_target")
public class NoticeTarget extends PanacheEntityBase {

    public enum Kind {
        /** Proton's event JSON, POSTed and signed with the target's secret. */
        WEBHOOK,
        /** A Slack-compatible incoming webhook: {@code {"text": …}}. */
        SLACK,
        /** PutEvents to an Amazon EventBridge bus. */
        EVENTBRIDGE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String url;

    @Column(name = "secret_encrypted")
    public byte[] secretEncrypted;

    @Column(name = "event_bus")
    public String eventBus;

    /** The events' {@code source} on EventBridge ({@code aws.*} is AWS's own). */
    public String source;

    public String team;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Where it sends, as lists show it to everyone: the host only. */
    public String host() {
        if (kind == Kind.EVENTBRIDGE) {
            return destination();
        }
        java.net.URI uri = java.net.URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + "/…";
    }

    /** Where it sends, as pages show it: the URL without its query (Slack's carries the secret in the path, so only the host). */
    public String destination() {
        if (kind == Kind.EVENTBRIDGE) {
            return "EventBridge bus " + eventBus + " (source " + source + ")";
        }
        java.net.URI uri = java.net.URI.create(url);
        return kind == Kind.SLACK ? uri.getScheme() + "://" + uri.getHost() + "/…" : uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
