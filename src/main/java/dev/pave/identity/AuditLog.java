package dev.pave.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Records every change. Joins the caller's transaction, so a change and its audit row land together or not at all. */
@ApplicationScoped
public class AuditLog {

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Caller caller, String action, String target, String detail) {
        AuditEvent event = new AuditEvent();
        event.at = Instant.now();
        event.actor = caller.username();
        event.door = caller.door();
        event.action = action;
        event.target = target;
        event.detail = detail;
        event.persist();
    }
}
