package dev.pave.drift;

import dev.pave.PaveConfig;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.fleet.DeployedResources;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * When drift is checked besides "Check drift now": every {@code pave.drift.interval} (the replica that moves the
 * round's start on runs it), when NotifyResourceDeploymentStatusChange asks, and after a drifted resource's
 * deployment finishes. Checks call the cloud, so they run on a thread of their own, never a request's or a worker's.
 */
@ApplicationScoped
public class DriftTriggers {

    private static final Logger LOG = Logger.getLogger(DriftTriggers.class);

    @Inject
    DriftChecks checks;

    @Inject
    DeployedResources targets;

    @Inject
    EntityManager em;

    @Inject
    PaveConfig config;

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pave-drift");
        t.setDaemon(true);
        return t;
    });

    @Scheduled(every = "${pave.drift.interval:6h}", delayed = "${pave.drift.first-delay:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void round() {
        boolean ours = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("update drift_round set last_started_at = now()"
                + " where id = 1 and last_started_at < now() - make_interval(secs => ?1)")
                .setParameter(1, config.drift().interval().toSeconds() * 0.9).executeUpdate() == 1);
        if (ours) {
            checks.checkAll();
        }
    }

    void asked(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentService.DriftCheckAsked asked) {
        runner.submit(() -> run(asked.resourceArn()));
    }

    void finished(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentService.Finished finished) {
        runner.submit(() -> {
            String arn = QuarkusTransaction.requiringNew().call(() -> Deployment.<Deployment>findByIdOptional(finished.deploymentId())
                    .map(d -> d.targetArn).orElse(null));
            if (arn != null) {
                checks.recheck(arn);
            }
        });
    }

    private void run(String arn) {
        try {
            QuarkusTransaction.requiringNew().call(() -> targets.byArn(arn)).ifPresent(checks::checkTarget);
        } catch (RuntimeException e) {
            LOG.warnf("drift check of %s failed: %s", arn, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
