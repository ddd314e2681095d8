package dev.pave.sync;

import dev.pave.database.ReplicaLocks;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * When sync rounds run: every {@code pave.sync.poll}, and at once when asked (a config created or changed; a
 * webhook). Requests that arrive during a round are folded into one more round after it, and across replicas one
 * runs the round while the others skip it (an advisory lock), so no commit is synced twice at once.
 */
@ApplicationScoped
public class SyncTrigger {

    private static final Logger LOG = Logger.getLogger(SyncTrigger.class);

    @Inject
    TemplateSyncWorker templates;

    @Inject
    ReplicaLocks locks;

    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean stopped;
    private final AtomicBoolean running = new AtomicBoolean();

    @Scheduled(every = "${pave.sync.poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        request();
    }

    /** Asks for a round soon; returns at once. */
    public void request() {
        if (stopped) {
            return;
        }
        wanted.set(true);
        if (running.compareAndSet(false, true)) {
            Infrastructure.getDefaultWorkerPool().execute(this::drain);
        }
    }

    /** No new round once Pave is shutting down (a round cut off is finished by the next start's). */
    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    private void drain() {
        try {
            while (!stopped && wanted.getAndSet(false)) {
                locks.runUnlessRunning("template-sync", templates::round);
            }
        } catch (RuntimeException e) {
            LOG.error("template sync round failed", e);
        } finally {
            running.set(false);
            if (wanted.get()) {
                request(); // asked for while this round was ending
            }
        }
    }
}
