package dev.pave.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pave.testing.FreePort;
import dev.pave.testing.PackagedPave;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.WebUser;
import io.restassured.RestAssured;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A notice enqueued, then Pave killed with SIGKILL before its receiver could take it (the receiver is down): started
 * again on the same home with the receiver up, Pave delivers it, once.
 */
class NoticeRecoveryIT {

    private static final String PASSWORD = "notice-crash-admin-password-7d1e";
    private final Path home = PackagedPave.temp("pave-notice-crash-home");
    private final Path scratch = PackagedPave.temp("pave-notice-crash-scratch");
    private final int port = FreePort.pick();
    private final int receiverPort = FreePort.pick();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private PackagedPave pave;
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (pave != null) {
            pave.stop(Duration.ofSeconds(30));
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        RestAssured.reset();
    }

    @Test
    void aNoticeEnqueuedBeforeAKillIsDeliveredAfterTheRestartOnce() throws Exception {
        pave = start();
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = port;
        WebUser admin = WebUser.login("admin", PASSWORD);
        String created = admin.form().formParam("name", "crash-receiver").formParam("kind", "WEBHOOK")
                .formParam("url", "http://127.0.0.1:" + receiverPort + "/hook").formParam("secret", "crash-webhook-secret-123")
                .post("/notices").then().statusCode(303).extract().header("Location");
        String target = created.substring(created.lastIndexOf('/') + 1);
        admin.form().post("/notices/" + target + "/test").then().statusCode(200);
        pave.kill(); // the receiver is down: nothing could have been delivered

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("X-Pave-Event-Id"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        pave = start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (received.isEmpty() && Instant.now().isBefore(deadline)) {
            PackagedPave.sleep(200);
        }
        assertEquals(1, received.size(), "delivered after the restart; log: " + pave.log());
        PackagedPave.sleep(4000); // more poll rounds send it no more
        assertEquals(1, received.size(), "delivered once: " + received);
        String page = WebUser.login("admin", PASSWORD).request().get("/notices/" + target).asString();
        assertTrue(page.contains("DELIVERED"), "the target's page says so");
    }

    private PackagedPave start() {
        return PackagedPave.start(port, scratch.resolve("pave.log"), Map.of(
                "PAVE_HOME", home.toString(),
                "PAVE_ADMIN_PASSWORD", PASSWORD,
                "PAVE_ADMIN_ACCESS_KEY_ID", PaveTestResource.ADMIN_KEY_ID,
                "PAVE_ADMIN_SECRET_ACCESS_KEY", PaveTestResource.ADMIN_SECRET,
                "PAVE_SAMPLES_LOAD", "false",
                "PAVE_NOTICES_PRIVATE_ADDRESSES", "true",
                "PAVE_NOTICES_RETRY_BASE", "1s",
                "PAVE_NOTICES_CLAIM", "3s"));
    }
}
