package dev.pave.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.team.TeamService;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TeamMembers;
import dev.pave.testing.WebUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Notices end to end: a published minor that leaves a team's three instances behind reaches each member's inbox once,
 * a webhook receiver started here (signed, retried after it first answers 500, never again once it answered 200), and
 * an EventBridge bus on moto, read back through a rule with an SQS target.
 */
@QuarkusTest
class NoticesTests {

    static final String SECRET = "notice-webhook-secret-1";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL pave;

    @Inject
    IdentityService identity;

    @Inject
    TeamService teams;

    @Inject
    TemplateService templates;

    @Inject
    SampleTemplates samples;

    @Inject
    NoticeTargets targets;

    @Inject
    Notices notices;

    static HttpServer receiver;
    /** Every delivery the receiver got: its event id, detail-type, whether the signature held, what it answered. */
    static final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    static final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** Answers 500 the first time it sees an event of the kind under test, 200 after that and for every other event. */
    static String startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("X-Pave-Event-Id");
            String signature = exchange.getRequestHeaders().getFirst("X-Pave-Signature-256");
            JsonNode event = JSON.readTree(text);
            boolean first = seen.computeIfAbsent(id, k -> new AtomicInteger()).getAndIncrement() == 0;
            int status = first && NoticeSources.RECOMMENDED.equals(event.path("detail-type").asText()) ? 500 : 200;
            received.add(Map.of("id", id, "type", event.path("detail-type").asText(), "event", event,
                    "signed", ("sha256=" + NoticeDeliveries.hmac(SECRET, text)).equals(signature), "status", status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void aRecommendedMinorReachesTheTeamsInboxesAWebhookAndEventBridge() throws Exception {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        Caller admin = Caller.system();
        teams.create(admin, "notice-a", null);
        AwsCli dev = TeamMembers.developer(pave, identity, teams, "notice-dev1", "notice-password-1", "notice-a");
        TeamMembers.developer(pave, identity, teams, "notice-dev2", "notice-password-1", "notice-a");
        TeamMembers.developer(pave, identity, teams, "notice-outsider", "notice-password-1", "default");

        // the webhook (every event) and an EventBridge bus on moto whose rule sends the recommended-version events to SQS
        NoticeTarget hook = QuarkusTransaction.requiringNew().call(() -> targets.create(admin, new NoticeTargets.NewTarget("receiver",
                NoticeTarget.Kind.WEBHOOK, startReceiver(), SECRET, null, null, null)));
        try {
            walk(f, admin, dev, hook);
        } finally {
            // later test classes deploy too: their events need not go to a receiver that is gone
            targets.targets(admin).forEach(t -> targets.delete(admin, t.id));
        }
    }

    private void walk(ServiceTestFixtures f, Caller admin, AwsCli dev, NoticeTarget hook) throws Exception {
        String moto = ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
        AwsCli motoCli = new AwsCli(moto, "testing", "testing");
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");
        motoCli.run(List.of("aws", "--endpoint-url", moto, "events", "create-event-bus", "--name", "pave-notices"), env).ok();
        String queue = motoCli.run(List.of("aws", "--endpoint-url", moto, "--output", "json", "sqs", "create-queue", "--queue-name", "pave-notices"), env)
                .ok().json().path("QueueUrl").asText();
        motoCli.run(List.of("aws", "--endpoint-url", moto, "events", "put-rule", "--name", "recommended", "--event-bus-name", "pave-notices",
                "--event-pattern", "{\"source\":[\"pave.proton\"],\"detail-type\":[\"" + NoticeSources.RECOMMENDED + "\"]}"), env).ok();
        motoCli.run(List.of("aws", "--endpoint-url", moto, "events", "put-targets", "--rule", "recommended", "--event-bus-name", "pave-notices",
                "--targets", "Id=queue,Arn=arn:aws:sqs:us-east-1:123456789012:pave-notices"), env).ok();
        QuarkusTransaction.requiringNew().run(() -> targets.create(admin, new NoticeTargets.NewTarget("bus", NoticeTarget.Kind.EVENTBRIDGE, null,
                null, "pave-notices", "pave.proton", null)));

        // team notice-a runs three instances of 1.0
        f.helloTemplate("notice-hello", Map.of(), null);
        f.sandbox("notice-env");
        dev.proton("create-service", "--name", "notice-svc", "--template-name", "notice-hello", "--template-major-version", "1",
                "--repository-connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc", "--repository-id", "acme/n",
                "--branch-name", "main", "--spec", """
                        proton: ServiceSpec
                        pipeline:
                          branch: main
                        instances:
                          - name: one
                            environment: notice-env
                            spec: {greeting: hi}
                          - name: two
                            environment: notice-env
                            spec: {greeting: hi}
                          - name: three
                            environment: notice-env
                            spec: {greeting: hi}
                        """).ok();
        f.awaitService("notice-svc", "ACTIVE");
        awaitReceived(() -> received.stream().anyMatch(r -> r.get("type").equals("AWS Proton Service Instance Status Change")
                && ((JsonNode) r.get("event")).path("detail").path("deploymentStatus").asText().equals("SUCCEEDED")), "an instance's outcome delivered",
                admin, hook);
        JsonNode instanceEvent = received.stream().filter(r -> r.get("type").equals("AWS Proton Service Instance Status Change")
                && ((JsonNode) r.get("event")).path("detail").path("deploymentStatus").asText().equals("SUCCEEDED"))
                .map(r -> (JsonNode) r.get("event")).findFirst().orElseThrow();
        assertEquals("IN_PROGRESS", instanceEvent.path("detail").path("previousDeploymentStatus").asText(), "seed 001's rule filters on it");
        assertEquals("notice-svc", instanceEvent.path("detail").path("serviceName").asText());
        assertEquals("notice-hello", instanceEvent.path("detail").path("templateName").asText());
        assertEquals("notice-a", instanceEvent.path("detail").path("team").asText());
        assertTrue(instanceEvent.path("resources").get(0).asText().startsWith("arn:aws:proton:us-east-1:123456789012:service/notice-svc/service-instance/"));
        // the service's own status: CREATE_IN_PROGRESS, then ACTIVE once its instances and pipeline succeeded
        awaitReceived(() -> received.stream().anyMatch(r -> r.get("type").equals("AWS Proton Service Status Change")
                && ((JsonNode) r.get("event")).path("detail").path("status").asText().equals("ACTIVE")), "the service's ACTIVE delivered", admin, hook);
        List<JsonNode> serviceEvents = received.stream().filter(r -> r.get("type").equals("AWS Proton Service Status Change"))
                .map(r -> (JsonNode) r.get("event")).toList();
        assertEquals(List.of("null>CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS>ACTIVE"), serviceEvents.stream()
                .map(e -> e.path("detail").path("previousStatus").asText("null") + ">" + e.path("detail").path("status").asText()).toList());
        assertEquals(List.of("arn:aws:proton:us-east-1:123456789012:service/notice-svc"),
                JSON.convertValue(serviceEvents.get(1).path("resources"), List.class));

        // 1.1 is published: recommended, and the three instances are behind it
        f.publish("notice-hello", 1, Map.of(), null);
        awaitReceived(() -> received.stream().anyMatch(r -> r.get("type").equals(NoticeSources.RECOMMENDED) && r.get("status").equals(200)),
                "the recommended-version notice acknowledged after a retry", admin, hook);
        List<Map<String, Object>> recommended = received.stream().filter(r -> r.get("type").equals(NoticeSources.RECOMMENDED)).toList();
        assertEquals(2, recommended.size(), "answered 500, retried, answered 200: " + recommended);
        assertEquals(List.of(500, 200), recommended.stream().map(r -> r.get("status")).toList());
        assertTrue(recommended.stream().allMatch(r -> r.get("signed").equals(true)), "both signed with the target's secret");
        assertEquals(recommended.get(0).get("id"), recommended.get(1).get("id"), "the same event, the same id");
        JsonNode detail = ((JsonNode) recommended.get(1).get("event")).path("detail");
        assertEquals(4, detail.path("behind").asInt(), "the three instances and the pipeline: " + detail);
        assertEquals(List.of("pipeline of notice-svc (1.0)", "service instance notice-svc/one (1.0)", "service instance notice-svc/three (1.0)",
                "service instance notice-svc/two (1.0)"), JSON.convertValue(detail.path("resources"), List.class).stream().sorted().toList());
        assertEquals("1.1", detail.path("recommendedVersion").asText());
        Thread.sleep(3000);
        assertEquals(2, received.stream().filter(r -> r.get("type").equals(NoticeSources.RECOMMENDED)).count(), "never again once acknowledged");

        // one notice per member of the owning team, none for others
        for (String member : List.of("notice-dev1", "notice-dev2")) {
            List<Notices.InboxItem> inbox = notices.inbox(TeamMembers.caller(member), new Notices.Filter(false, null, NoticeSources.RECOMMENDED), 0, 10);
            assertEquals(1, inbox.size(), member + "'s inbox");
            assertTrue(inbox.get(0).event().summary.contains("4 of team notice-a's resources"), inbox.get(0).event().summary);
        }
        assertTrue(notices.inbox(TeamMembers.caller("notice-outsider"), new Notices.Filter(false, null, NoticeSources.RECOMMENDED), 0, 10).isEmpty());

        // the same event on the EventBridge bus, through the rule, in the queue
        JsonNode message = ServiceTestFixtures.awaitJson(() -> motoCli.run(List.of("aws", "--endpoint-url", moto, "--output", "json", "sqs",
                "receive-message", "--queue-url", queue, "--wait-time-seconds", "1"), env).ok().json().path("Messages"),
                m -> m.size() > 0, "the EventBridge rule's SQS target got the event");
        JsonNode bridged = JSON.readTree(message.get(0).path("Body").asText());
        assertEquals(NoticeSources.RECOMMENDED, bridged.path("detail-type").asText());
        assertEquals("pave.proton", bridged.path("source").asText());
        assertEquals("notice-hello", bridged.path("detail").path("templateName").asText());

        // the target's page lists the deliveries: the retried one DELIVERED after 2 attempts
        WebUser adminUser = WebUser.admin();
        String page = adminUser.request().get("/notices/" + hook.id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("DELIVERED") && page.contains(NoticeSources.RECOMMENDED), page);
        assertFalse(page.contains(SECRET), "the secret never shows");
    }

    /** Waits for the receiver; on a timeout says what it got and what the target's deliveries answered. */
    private void awaitReceived(java.util.function.BooleanSupplier done, String what, Caller admin, NoticeTarget hook) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!done.getAsBoolean()) {
            throw new AssertionError(what + ": received " + received.stream().map(r -> r.get("type") + "/" + r.get("status")).toList()
                    + "; deliveries " + targets.deliveries(admin, hook.id, 10).stream().map(d -> d.event.detailType + " " + d.status + " "
                    + d.attempts + " " + d.lastResponse).toList());
        }
    }
}
