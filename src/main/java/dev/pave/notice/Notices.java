package dev.pave.notice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.database.SqlValues;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox and the inboxes. {@link #publish} writes an event in the transaction of the change it reports, with an
 * inbox entry for each member of the owning team and a pending delivery for each target that takes it, so a change
 * and its notices commit together or not at all; {@link NoticeDeliveries} sends them afterwards.
 */
@ApplicationScoped
public class Notices {

    /**
     * An event to publish. {@code team}: the owning team (null: only admins' targets take it); {@code toInbox}: whether
     * the team's members see it in their inbox (a deployment's start goes to targets only, its outcome to both).
     */
    public record NewNotice(String detailType, String resourceArn, String team, String summary, ObjectNode detail, boolean toInbox) {
    }

    /** One notice in a user's inbox. */
    public record InboxItem(NoticeEvent event, Instant readAt) {

        public boolean unread() {
            return readAt == null;
        }
    }

    /** What the inbox shows: only unread ones, one team's, one detail-type's (null: all). */
    public record Filter(boolean unreadOnly, String team, String detailType) {
    }

    /** Fired after a publishing transaction commits, so deliveries start at once rather than at the next poll. */
    public record Queued() {
    }

    @Inject
    EntityManager em;

    @Inject
    Event<Queued> queued;

    @Transactional(Transactional.TxType.MANDATORY)
    public NoticeEvent publish(NewNotice n) {
        NoticeEvent e = new NoticeEvent();
        e.eventId = UUID.randomUUID().toString();
        e.detailType = n.detailType();
        e.resourceArn = n.resourceArn();
        e.team = n.team();
        e.summary = n.summary();
        e.detail = n.detail().toString();
        e.createdAt = Instant.now();
        e.persist();
        if (n.toInbox() && n.team() != null) {
            em.createNativeQuery("insert into inbox_notice (user_id, event_id) select user_id, ?1 from team_member where team = ?2")
                    .setParameter(1, e.id).setParameter(2, n.team()).executeUpdate();
        }
        // a team's targets take its events; targets without a team take every event
        var deliveries = em.createNativeQuery("insert into notice_delivery (event_id, target_id, status, next_attempt_at)"
                + " select ?1, id, 'PENDING', now() from notice_target where team is null" + (n.team() == null ? "" : " or team = ?2"))
                .setParameter(1, e.id);
        if (n.team() != null) {
            deliveries.setParameter(2, n.team());
        }
        int targets = deliveries.executeUpdate();
        if (targets > 0) {
            queued.fire(new Queued());
        }
        return e;
    }

    /** An event for one target only: its "Send test". */
    @Transactional(Transactional.TxType.MANDATORY)
    public NoticeEvent publishTo(NoticeTarget target, NewNotice n) {
        NoticeEvent e = new NoticeEvent();
        e.eventId = UUID.randomUUID().toString();
        e.detailType = n.detailType();
        e.resourceArn = n.resourceArn();
        e.team = target.team;
        e.summary = n.summary();
        e.detail = n.detail().toString();
        e.createdAt = Instant.now();
        e.persist();
        NoticeDelivery d = new NoticeDelivery();
        d.event = e;
        d.target = target;
        d.status = NoticeDelivery.Status.PENDING;
        d.nextAttemptAt = e.createdAt;
        d.persist();
        queued.fire(new Queued());
        return e;
    }

    // --- the inbox ----------------------------------------------------------------------------------------------

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<InboxItem> inbox(Caller caller, Filter filter, int offset, int limit) {
        caller.requireAnyRole();
        StringBuilder where = new StringBuilder("i.user_id = (select id from app_user where username = :user)");
        if (filter.unreadOnly()) {
            where.append(" and i.read_at is null");
        }
        if (filter.team() != null) {
            where.append(" and e.team = :team");
        }
        if (filter.detailType() != null) {
            where.append(" and e.detail_type = :type");
        }
        var query = em.createNativeQuery("select e.id, i.read_at from inbox_notice i join notice_event e on e.id = i.event_id where " + where
                + " order by e.id desc offset :offset limit :limit").setParameter("user", caller.username())
                .setParameter("offset", offset).setParameter("limit", limit);
        if (filter.team() != null) {
            query.setParameter("team", filter.team());
        }
        if (filter.detailType() != null) {
            query.setParameter("type", filter.detailType());
        }
        List<InboxItem> items = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] cols = (Object[]) row;
            Instant readAt = SqlValues.instant(cols[1]);
            items.add(new InboxItem(NoticeEvent.findById(((Number) cols[0]).longValue()), readAt));
        }
        return items;
    }


    /** The header's count. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long unread(Caller caller) {
        return ((Number) em.createNativeQuery("select count(*) from inbox_notice where read_at is null"
                + " and user_id = (select id from app_user where username = ?1)").setParameter(1, caller.username()).getSingleResult()).longValue();
    }

    /** The detail-types in the user's inbox, for its filter. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<String> detailTypes(Caller caller) {
        return em.createNativeQuery("select distinct e.detail_type from inbox_notice i join notice_event e on e.id = i.event_id"
                + " where i.user_id = (select id from app_user where username = ?1) order by 1").setParameter(1, caller.username()).getResultList();
    }

    @Transactional
    public void markRead(Caller caller, long eventId) {
        int marked = em.createNativeQuery("update inbox_notice set read_at = coalesce(read_at, now()) where event_id = ?1"
                + " and user_id = (select id from app_user where username = ?2)").setParameter(1, eventId).setParameter(2, caller.username())
                .executeUpdate();
        if (marked == 0) {
            throw new ResourceNotFoundException("There is no notice " + eventId + " in your inbox");
        }
    }

    @Transactional
    public int markAllRead(Caller caller) {
        return em.createNativeQuery("update inbox_notice set read_at = now() where read_at is null"
                + " and user_id = (select id from app_user where username = ?1)").setParameter(1, caller.username()).executeUpdate();
    }
}
