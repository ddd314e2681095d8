package dev.pave.deploy;

import dev.pave.database.SqlValues;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** The event log of deployments: appended by the engine and provisioners, read from a cursor by pages. */
@ApplicationScoped
public class DeploymentEvents {

    /** Longer lines are cut: a provisioner relaying a tool's output must not fill the database. */
    static final int MAX_MESSAGE = 8000;

    /**
     * Appends a line; joins the caller's transaction or runs in its own. The sequence number comes from a counter on
     * the deployment row, so two writers never take the same one.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void log(String deploymentId, DeploymentEvent.Level level, String message) {
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + " …" : message;
        Panache.getEntityManager().createNativeQuery("""
                with s as (update deployment set next_event_seq = next_event_seq + 1 where id = ?1 returning next_event_seq)
                insert into deployment_event (deployment_id, seq, at, level, message)
                select ?1, next_event_seq, clock_timestamp(), ?2, ?3 from s""")
                .setParameter(1, deploymentId).setParameter(2, level.name()).setParameter(3, text)
                .executeUpdate();
    }

    /** Up to {@code limit} events after {@code afterSeq} (0: from the start), oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeploymentEvent> after(String deploymentId, int afterSeq, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(
                "select seq, at, level, message from deployment_event where deployment_id = ?1 and seq > ?2 order by seq limit ?3")
                .setParameter(1, deploymentId).setParameter(2, afterSeq).setParameter(3, limit)
                .getResultList();
        return rows.stream().map(r -> new DeploymentEvent(((Number) r[0]).intValue(), SqlValues.instant(r[1]),
                DeploymentEvent.Level.valueOf((String) r[2]), (String) r[3])).toList();
    }
}
