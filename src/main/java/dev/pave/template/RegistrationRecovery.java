package dev.pave.template;

import dev.pave.database.ReplicaLocks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Fails registrations that a crash cut off. Registration takes seconds, so a row still in progress after ten
 * minutes has no process working on it, whichever replica started it.
 */
@ApplicationScoped
public class RegistrationRecovery {

    private static final Logger LOG = Logger.getLogger(RegistrationRecovery.class);
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    @Inject
    TemplateService templates;

    @Inject
    ReplicaLocks locks;

    /** Once right after start (off its path), then every {@code pave.recovery.every}. */
    void onStart(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(this::sweep);
    }

    /** On one replica at a time: the others skip this round. */
    @Scheduled(every = "${pave.recovery.every}", delayed = "${pave.recovery.every}")
    @ActivateRequestContext
    void sweep() {
        locks.runUnlessRunning("registration-recovery", () -> {
            int failed = QuarkusTransaction.requiringNew().call(() -> templates.failInterruptedRegistrations(STALE_AFTER));
            if (failed > 0) {
                LOG.warnf("marked %d interrupted template registration(s) as REGISTRATION_FAILED", failed);
            }
        });
    }
}
