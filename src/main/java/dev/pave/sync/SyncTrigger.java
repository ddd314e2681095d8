package dev.pave.sync;

import dev.pave.database.ReplicaLocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * When sync rounds (template sync, then service sync) run: every {@code pave.sync.poll}, and at once when asked (a config created or changed; a push
 * webhook, for its repository only). Requests that arrive during a round are folded into one more round after it,
 * and across replicas one round runs at a time (an advisory lock), so no commit is synced twice at once.
 */
@ApplicationScoped
public class SyncTrigger {

    private static final Logger LOG = Logger.getLogger(SyncTrigger.class);
    private static final String LOCK = "template-sync";

    @Inject
    TemplateSyncWorker templates;

    @Inject
    ServiceSyncWorker services;

    @Inject
    ReplicaLocks locks;

    @Inject
    MeterRegistry registry;

    /** What the next round covers: everything, or only these repositories ("PROVIDER/name"). */
    private final AtomicBoolean everything = new AtomicBoolean();
    private final Set<String> repositories = ConcurrentHashMap.newKeySet();
    /** Whether someone is waiting for it (a webhook, a changed config), rather than the poll asking. */
    private final AtomicBoolean urgent = new AtomicBoolean();
    /** When the oldest urgent request still waiting was made (System.nanoTime), for the lag meter; 0 when none waits. */
    private final AtomicLong askedAt = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;

    /** Fired when a sync config is created or changed, or a blocker resolved, so a round starts after the commit rather than at the next poll. */
    public record Changed() {
    }

    @Scheduled(every = "${pave.sync.poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        ask(null, false);
    }

    /** A config was created or changed (or a blocker resolved): every repository, soon. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Changed event) {
        ask(null, true);
    }

    /** A push to this repository was announced: its configs only, soon. Returns at once. */
    public void requestRepository(String provider, String name) {
        ask(provider + "/" + name, true);
    }

    /** No new round once Pave is shutting down (a round cut off is finished by the next start's). */
    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    private void ask(String repository, boolean now) {
        if (stopped) {
            return;
        }
        if (repository == null) {
            everything.set(true);
        } else {
            repositories.add(repository);
        }
        if (now) {
            askedAt.compareAndSet(0, System.nanoTime());
            urgent.set(true);
        }
        drainUnlessDraining();
    }

    private void drainUnlessDraining() {
        if (running.compareAndSet(false, true)) {
            Infrastructure.getDefaultWorkerPool().execute(this::drain);
        }
    }

    private boolean pending() {
        return everything.get() || !repositories.isEmpty();
    }

    /**
     * Runs rounds until nothing is pending. The poll's round is skipped while another replica runs one (that one
     * covers it); an urgent round waits for the other replica's instead, since that one may have read the branch
     * before the push it was asked about.
     */
    private void drain() {
        try {
            while (!stopped && pending()) {
                boolean now = urgent.getAndSet(false);
                long asked = now ? askedAt.getAndSet(0) : 0;
                Set<String> only = everything.getAndSet(false) ? null : new HashSet<>();
                if (only != null) {
                    repositories.removeIf(only::add);
                } else {
                    repositories.clear();
                }
                Runnable round = () -> {
                    templates.round(only); // first, so a service spec may use a version synced by the same push
                    services.round(only);
                };
                long start = System.nanoTime();
                if (now) {
                    locks.runAfterOthers(LOCK, round);
                } else {
                    locks.runUnlessRunning(LOCK, round);
                }
                long end = System.nanoTime();
                Timer.builder("pave.sync.rounds").description("Sync rounds (templates, then services), by what asked for them")
                        .tag("trigger", now ? "asked" : "poll").register(registry).record(end - start, TimeUnit.NANOSECONDS);
                if (asked != 0) {
                    Timer.builder("pave.sync.lag").description("From a webhook or a changed config to the end of the sync round it asked for")
                            .register(registry).record(end - asked, TimeUnit.NANOSECONDS);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("sync round failed", e);
        } finally {
            running.set(false);
            if (!stopped && pending()) {
                drainUnlessDraining(); // asked for while this round was ending
            }
        }
    }
}
