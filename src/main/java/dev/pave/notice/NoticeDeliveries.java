package dev.pave.notice;

import dev.pave.PaveConfig;
import dev.pave.identity.SecretBox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Sends pending deliveries, at least once: a delivery is claimed for a while (so replicas don't send it together),
 * sent outside any transaction, and marked DELIVERED only once the target acknowledged it (2xx, or EventBridge taking
 * the entry). A failure waits {@code pave.notices.retry-base} doubled per attempt (at most an hour) and the last
 * allowed attempt marks it FAILED; a crash mid-send leaves it claimed until the claim lapses, then it is sent again.
 * Receivers dedupe on the event's {@code id} (also the {@code X-Pave-Event-Id} header).
 */
@ApplicationScoped
public class NoticeDeliveries {

    private static final Logger LOG = Logger.getLogger(NoticeDeliveries.class);
    private static final int BATCH = 20;

    /** What one attempt needs, read in a short transaction. */
    record Attempt(long deliveryId, NoticeTarget.Kind kind, String url, String secret, String eventBus, String source, NoticeEvent event) {
    }

    /** The target's answer: acknowledged or not, and what it said. */
    record Answer(boolean acknowledged, String response) {
    }

    @Inject
    EntityManager em;

    @Inject
    SecretBox secrets;

    @Inject
    PaveConfig config;

    @Inject
    WebhookAddresses addresses;

    @Inject
    EventBridgeClient eventBridge;


    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final ExecutorService kicks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pave-notices");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean kicked = new AtomicBoolean();

    @Scheduled(every = "${pave.notices.poll:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        deliverDue();
    }

    /** Newly committed notices go out now rather than at the next poll. */
    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Notices.Queued queued) {
        if (kicked.compareAndSet(false, true)) {
            kicks.submit(() -> {
                kicked.set(false);
                deliverDue();
            });
        }
    }

    @PreDestroy
    void stop() {
        kicks.shutdownNow();
    }

    /** Sends what is due; answers how many were attempted. */
    public synchronized int deliverDue() {
        int attempted = 0;
        List<Long> claimed;
        do {
            claimed = QuarkusTransaction.requiringNew().call(this::claim);
            for (Long id : claimed) {
                attempt(id);
                attempted++;
            }
        } while (claimed.size() == BATCH);
        return attempted;
    }

    @SuppressWarnings("unchecked")
    private List<Long> claim() {
        List<Number> ids = em.createNativeQuery("select id from notice_delivery where status = 'PENDING' and next_attempt_at <= now()"
                + " order by next_attempt_at limit " + BATCH + " for update skip locked").getResultList();
        List<Long> claimed = ids.stream().map(Number::longValue).toList();
        if (!claimed.isEmpty()) {
            em.createNativeQuery("update notice_delivery set attempts = attempts + 1, last_attempt_at = now(), next_attempt_at = :until where id in (:ids)")
                    .setParameter("until", Instant.now().plus(config.notices().claim())).setParameter("ids", claimed).executeUpdate();
        }
        return claimed;
    }

    private void attempt(long id) {
        Attempt a = QuarkusTransaction.requiringNew().call(() -> {
            NoticeDelivery d = NoticeDelivery.findById(id);
            NoticeTarget t = d.target;
            String secret = t.secretEncrypted == null ? null : secrets.open(t.secretEncrypted);
            String url = t.kind == NoticeTarget.Kind.SLACK ? secret : t.url;
            return new Attempt(id, t.kind, url, secret, t.eventBus, t.source, d.event.detached());
        });
        Answer answer;
        try {
            answer = switch (a.kind()) {
                case WEBHOOK -> post(a, EventEnvelope.of(a.event(), "pave.proton", config.accountId(), config.region()).toString(), true);
                case SLACK -> post(a, EventEnvelope.slack(a.event()).toString(), false);
                case EVENTBRIDGE -> putEvent(a);
            };
        } catch (RuntimeException | java.io.IOException e) {
            answer = new Answer(false, e.getClass().getSimpleName() + ": " + headline(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the claim lapses and the next poll sends it
        }
        Answer outcome = answer;
        QuarkusTransaction.requiringNew().run(() -> record(id, outcome));
    }

    private Answer post(Attempt a, String body, boolean signed) throws java.io.IOException, InterruptedException {
        URI uri = URI.create(a.url());
        String refusal = addresses.refusal(uri);
        if (refusal != null) {
            return new Answer(false, refusal);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "Pave-Notices")
                .header("X-Pave-Event-Id", a.event().eventId).header("X-Pave-Event-Type", a.event().detailType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signed) {
            request.header("X-Pave-Signature-256", "sha256=" + hmac(a.secret(), body));
        }
        // the body is not kept: shown on the target's page, it would let whoever sets a URL read what that address answers
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        return new Answer(response.statusCode() / 100 == 2, "HTTP " + response.statusCode());
    }

    /**
     * A failure's first line without what follows a bracket: the AWS SDK's credential errors list the providers and
     * profiles it tried, which are Pave's business, not the target owner's.
     */
    static String headline(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        int bracket = line.indexOf('[');
        String cut = (bracket < 0 ? line : line.substring(0, bracket)).strip();
        return cut.length() > 200 ? cut.substring(0, 200) + "…" : cut;
    }

    private Answer putEvent(Attempt a) {
        NoticeEvent e = a.event();
        PutEventsResponse response = eventBridge.putEvents(b -> b.entries(entry -> entry.source(a.source()).detailType(e.detailType)
                .detail(e.detail).eventBusName(a.eventBus()).time(e.createdAt)
                .resources(e.resourceArn == null ? List.of() : List.of(e.resourceArn))));
        PutEventsResultEntry entry = response.entries().isEmpty() ? null : response.entries().get(0);
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0 || entry == null || entry.eventId() == null) {
            return new Answer(false, "EventBridge refused the entry: " + (entry == null ? "no answer" : entry.errorCode() + " " + entry.errorMessage()));
        }
        return new Answer(true, "EventBridge event " + entry.eventId());
    }

    private void record(long id, Answer answer) {
        NoticeDelivery d = NoticeDelivery.findById(id);
        if (d == null || d.status != NoticeDelivery.Status.PENDING) {
            return; // the target was deleted meanwhile, or another replica finished it after our claim lapsed
        }
        d.lastResponse = answer.response().length() > 500 ? answer.response().substring(0, 500) : answer.response();
        if (answer.acknowledged()) {
            d.status = NoticeDelivery.Status.DELIVERED;
            d.deliveredAt = Instant.now();
        } else if (d.attempts >= config.notices().maxAttempts()) {
            d.status = NoticeDelivery.Status.FAILED;
            LOG.warnf("notice %s to target %s failed after %d attempts: %s", d.event.eventId, d.target.name, d.attempts, d.lastResponse);
        } else {
            long factor = 1L << Math.min(d.attempts - 1, 20);
            Duration wait = config.notices().retryBase().multipliedBy(factor);
            d.nextAttemptAt = Instant.now().plus(wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait);
        }
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
