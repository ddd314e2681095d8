package dev.pave.notice;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.team.TeamService;
import dev.pave.testing.WebUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Notices' costs: publishing (with its inbox fan-out and delivery rows, in the publishing transaction), delivery from
 * commit to a webhook receiver on localhost, and a full inbox page. Prints figures, asserts none. Run by
 * bench/notices/run.sh, never by an ordinary test run.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bench.notices", matches = "true", disabledReason = "a benchmark: bench/notices/run.sh runs it")
class NoticeBench {

    static final int EVENTS = Integer.getInteger("bench.events", 1000);
    static final int MEMBERS = Integer.getInteger("bench.members", 50);

    @Inject
    Notices notices;

    @Inject
    NoticeTargets targets;

    @Inject
    TeamService teams;

    @Inject
    IdentityService identity;

    @Test
    void measure() throws Exception {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.putIfAbsent(exchange.getRequestHeaders().getFirst("X-Pave-Event-Id"), System.nanoTime());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Caller admin = Caller.system();
            teams.create(admin, "bench-team", null);
            for (int i = 0; i < MEMBERS; i++) {
                identity.createLocalUser(admin, "bench-member-" + i, "bench-member-password-" + i, Set.of(Role.DEVELOPER), false);
                teams.setTeams(admin, "bench-member-" + i, List.of("bench-team"));
            }
            QuarkusTransaction.requiringNew().run(() -> targets.create(admin, new NoticeTargets.NewTarget("bench-receiver", NoticeTarget.Kind.WEBHOOK,
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "bench-webhook-secret-1", null, null, "bench-team")));

            List<Double> publish = new ArrayList<>();
            Map<String, Long> committed = new ConcurrentHashMap<>();
            long started = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                int n = i;
                long t0 = System.nanoTime();
                String id = QuarkusTransaction.requiringNew().call(() -> notices.publish(new Notices.NewNotice("Pave Bench Notice", null, "bench-team",
                        "bench notice " + n, JsonNodeFactory.instance.objectNode().put("n", n), true)).eventId);
                long t1 = System.nanoTime();
                committed.put(id, t1);
                publish.add((t1 - t0) / 1e6);
            }
            long deadline = System.currentTimeMillis() + 120_000;
            while (arrived.size() < EVENTS && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            long last = arrived.values().stream().mapToLong(Long::longValue).max().orElse(started);
            List<Double> lag = new ArrayList<>();
            committed.forEach((id, t) -> {
                Long got = arrived.get(id);
                if (got != null) {
                    lag.add((got - t) / 1e6);
                }
            });
            System.out.printf("bench: publish, %d notices to a team of %d (inbox rows + 1 delivery each): p50 %.1f ms, p99 %.1f ms%n",
                    EVENTS, MEMBERS, pct(publish, 50), pct(publish, 99));
            System.out.printf("bench: delivery, commit to the receiver: p50 %.0f ms, p95 %.0f ms, max %.0f ms; %d of %d delivered, %.0f notices/s%n",
                    pct(lag, 50), pct(lag, 95), pct(lag, 100), arrived.size(), EVENTS, arrived.size() / ((last - started) / 1e9));

            WebUser member = WebUser.login("bench-member-0", "bench-member-password-0");
            List<Double> page = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                member.request().get("/inbox").then().statusCode(200);
                page.add((System.nanoTime() - t0) / 1e6);
            }
            System.out.printf("bench: inbox page of a member holding %d notices (50 shown): p50 %.1f ms, max %.1f ms%n", EVENTS, pct(page, 50),
                    pct(page, 100));
        } finally {
            receiver.stop(0);
        }
    }

    private static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
