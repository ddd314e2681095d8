package dev.pave.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.DeploymentStore.Claim;
import dev.pave.provision.ProvisionOutcome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs deployments. Each worker thread claims the oldest due deployment with {@code FOR UPDATE SKIP LOCKED}, holds it
 * with a lease that a heartbeat extends, and runs its provisioner outside any transaction. A deployment whose lease
 * expired (its worker died, here or on another replica) is claimed again, attempt + 1, and its provisioner resumes
 * from the checkpoint. Every write of a run names the claim's lease token, so a worker that lost its lease can neither
 * overwrite the checkpoint nor finish the deployment.
 */
@ApplicationScoped
public class DeploymentWorkers {

    private static final Logger LOG = Logger.getLogger(DeploymentWorkers.class);

    /** A run's provisioner lost its lease to another worker; it must stop without writing anything. */
    public static class LeaseLostException extends IllegalStateException {
        LeaseLostException(String deploymentId) {
            super("The lease on deployment " + deploymentId + " was taken over by another worker");
        }
    }

    @Inject
    DeployConfig config;

    @Inject
    DeploymentService deployments;

    @Inject
    DeploymentStore store;

    @Inject
    DeploymentEvents events;

    @Inject
    Provisioners provisioners;

    /** This process's runs by lease token (a deployment taken over here runs twice for a while: the stale run and the new). */
    private final Map<String, DeploymentRun> running = new ConcurrentHashMap<>();
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicInteger claims = new AtomicInteger();
    private volatile boolean stopping;
    private String processId;
    private ExecutorService pool;
    private ScheduledExecutorService heartbeat;

    void start(@Observes StartupEvent event) {
        processId = config.workerId().orElse(UUID.randomUUID().toString());
        provisioners.dryRunWarning().ifPresent(LOG::warn);
        if (config.workers() <= 0) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.workers(), r -> new Thread(r, "pave-deploy-" + n.incrementAndGet()));
        for (int i = 0; i < config.workers(); i++) {
            pool.submit(this::work);
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pave-deploy-heartbeat"));
        long every = Math.max(200, config.lease().toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("%d deployment workers started as %s (lease %s)", config.workers(), processId, config.lease());
    }

    /**
     * Interrupts the running provisioners, which stop without an outcome (a command run leaves its supervisor running for the next attempt), then
     * gives their leases up so that a live replica, or this one restarted, resumes them from the checkpoint at once
     * instead of after the lease runs out.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (pool == null) {
            return;
        }
        List<String> held = List.copyOf(running.keySet());
        pool.shutdownNow();
        heartbeat.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("deployment workers still busy after 10 s; their leases are released anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!held.isEmpty()) {
            int released = store.releaseLeases(held);
            LOG.infof("released the leases of %d interrupted deployment(s) for the next worker", released);
        }
    }

    /** A deployment was committed on this replica: wake an idle worker instead of waiting for the next poll. */
    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentService.Queued queued) {
        if (wakeups.availablePermits() < config.workers()) {
            wakeups.release();
        }
    }

    private void work() {
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            try {
                Claim claim = store.claim(newLeaseToken(), leaseSeconds());
                if (claim != null) {
                    run(claim);
                } else {
                    wakeups.tryAcquire(config.poll().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.error("deployment worker failed; retrying after a poll interval", e);
                try {
                    Thread.sleep(config.poll().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private String newLeaseToken() {
        return processId + "/" + claims.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void run(Claim claim) {
        DeploymentRun run = QuarkusTransaction.requiringNew().call(() -> {
            Deployment d = Deployment.findById(claim.deploymentId());
            // the lease token is for Pave's own log; the deployment's log is read by the people who deploy
            LOG.debugf("Deployment %s attempt %d claimed by %s", d.id, claim.attempt(), claim.leaseToken());
            events.log(d.id, DeploymentEvent.Level.INFO, claim.attempt() == 1 ? "Started"
                    : "Started again (attempt " + claim.attempt() + "): the Pave running it before stopped answering");
            return new DeploymentRun(claim, store.request(d), (ObjectNode) DeploymentStore.read(d.checkpoint), d.cancelRequested, store, events,
                    leaseSeconds());
        });
        running.put(claim.leaseToken(), run);
        try {
            ProvisionOutcome outcome = outcome(run);
            if (outcome == null) {
                return;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                Deployment d = store.lock(claim.deploymentId());
                if (!claim.leaseToken().equals(d.leaseOwner) || !d.status.active()) {
                    events.log(d.id, DeploymentEvent.Level.WARN, "Attempt " + claim.attempt() + " ended ("
                            + outcome.getClass().getSimpleName() + ") after losing its lease; its outcome is discarded");
                    return;
                }
                deployments.finish(d, outcome, true);
            });
        } finally {
            running.remove(claim.leaseToken());
        }
    }

    /** What the provisioner says, or null when the run lost its lease and must leave the deployment alone. */
    private ProvisionOutcome outcome(DeploymentRun run) {
        if (run.cancelRequested && run.checkpoint.isEmpty()) {
            return new ProvisionOutcome.Cancelled("Cancelled before provisioning started");
        }
        try {
            return provisioners.forMethod(run.request.method()).run(run);
        } catch (LeaseLostException e) {
            LOG.warn(e.getMessage());
            return null;
        } catch (RuntimeException e) {
            if (stopping) {
                // interrupted by shutdown: the deployment is not over, whoever takes the lease next resumes it
                LOG.infof("deployment %s: interrupted by shutdown, left for the next worker", run.claim.deploymentId());
                return null;
            }
            LOG.errorf(e, "deployment %s: provisioner failed", run.claim.deploymentId());
            return new ProvisionOutcome.Failed("Pave failed while provisioning: " + e.getMessage());
        }
    }

    /** Extends the leases of this process's runs and picks up cancel requests; a run whose lease is gone is told so. */
    private void beat() {
        for (DeploymentRun run : running.values()) {
            try {
                Optional<Boolean> cancelRequested = store.extendLease(run.claim, leaseSeconds());
                if (cancelRequested.isEmpty()) {
                    if (!run.leaseLost) {
                        LOG.warnf("deployment %s: lease %s was taken over", run.claim.deploymentId(), run.claim.leaseToken());
                    }
                    run.leaseLost = true;
                } else {
                    run.cancelRequested = cancelRequested.get();
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "deployment %s: heartbeat failed", run.claim.deploymentId());
            }
        }
    }

    private double leaseSeconds() {
        return config.lease().toMillis() / 1000.0;
    }
}
