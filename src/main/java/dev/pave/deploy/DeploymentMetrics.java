package dev.pave.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's meters on {@code /q/metrics}: deployments queued and finished by engine and outcome, how long they took
 * from queue to end, and the queue itself. Counts follow committed changes only (after-success observers), so a rolled
 * back request counts nothing. The queue is the database's, the same on every replica: it is read every few seconds
 * rather than on scrape, which keeps the scrape off the database and its thread.
 */
@ApplicationScoped
public class DeploymentMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    DeploymentStore store;

    private final AtomicLong waiting = new AtomicLong();
    private final AtomicReference<Double> oldestSeconds = new AtomicReference<>(0.0);

    void gauges(@Observes StartupEvent start) {
        Gauge.builder("pave.deployments.waiting", waiting, AtomicLong::get)
                .description("Deployments queued or taken over that no worker holds yet (all replicas)").register(registry);
        Gauge.builder("pave.deployments.waiting.oldest", oldestSeconds, AtomicReference::get).baseUnit("seconds")
                .description("How long ago the oldest waiting deployment was queued").register(registry);
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentService.Queued queued) {
        Counter.builder("pave.deployments.started").description("Deployments queued, by engine and action")
                .tag("engine", tag(queued.method())).tag("action", tag(queued.action())).register(registry).increment();
    }

    void onFinished(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentService.Finished finished) {
        Timer.builder("pave.deployments.finished").description("Deployments ended, by engine and final status, timed from queue to end")
                .tag("engine", tag(finished.method())).tag("outcome", tag(finished.status())).register(registry).record(finished.took());
    }

    @Scheduled(every = "${pave.metrics.queue-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void readQueue() {
        DeploymentStore.Queue queue = store.queue();
        waiting.set(queue.waiting());
        oldestSeconds.set(queue.oldestSeconds());
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
