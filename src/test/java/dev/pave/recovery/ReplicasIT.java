package dev.pave.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.database.EmbeddedDatabase;
import dev.pave.database.ReplicaLocks;
import dev.pave.template.Template;
import dev.pave.testing.AwsCli;
import dev.pave.testing.CommandTemplates;
import dev.pave.testing.FreePort;
import dev.pave.testing.MotoServer;
import dev.pave.testing.PackagedPave;
import dev.pave.testing.Tools;
import dev.pave.testing.WebUser;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two packaged Paves on one PostgreSQL that neither of them started (the test runs it), as two replicas behind a load
 * balancer would be: they start together on an empty database, share deployments, sessions, keys, logs and jobs, and
 * one takes over when the other is killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final String KEY_ID = "PAVEREPLICATESTKEY01";
    private static final String SECRET = "replica-test-secret-access-key-000000000";
    private static final String ADMIN_PASSWORD = "replica-test-admin-password-8d2e";

    private final Path scratch = PackagedPave.writableTemp("pave-replicas");
    private final String marker = "pave-replica-" + UUID.randomUUID().toString().substring(0, 8);
    private EmbeddedDatabase database;
    private MotoServer moto;
    private PackagedPave a;
    private PackagedPave b;
    private AwsCli viaA;
    private AwsCli viaB;
    private Connection sql;
    private final Map<String, Set<String>> claimedBy = new ConcurrentHashMap<>();
    private volatile boolean watching = true;

    @BeforeAll
    void startTwoReplicas() throws SQLException {
        Tools.require("bwrap", "install bubblewrap (Debian package bubblewrap): Pave runs template commands in it");
        database = EmbeddedDatabase.start(PackagedPave.temp("pave-replicas-db"));
        moto = MotoServer.start();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secretKey = Base64.getEncoder().encodeToString(key);
        // launched together, so both find the database empty
        a = PackagedPave.launch(FreePort.pick(), scratch.resolve("a.log"), environment("replica-a", secretKey));
        b = PackagedPave.launch(FreePort.pick(), scratch.resolve("b.log"), environment("replica-b", secretKey));
        a.awaitReady();
        b.awaitReady();
        viaA = new AwsCli(a.url(), KEY_ID, SECRET);
        viaB = new AwsCli(b.url(), KEY_ID, SECRET);
        sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
        Thread watcher = new Thread(this::watchLeases, "lease-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    @AfterAll
    void stopAll() throws SQLException {
        watching = false;
        for (PackagedPave pave : new PackagedPave[] {a, b}) {
            if (pave != null) {
                pave.stop(Duration.ofSeconds(30));
            }
        }
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).forEach(ProcessHandle::destroyForcibly);
        if (sql != null) {
            sql.close();
        }
        if (database != null) {
            database.stop();
        }
        if (moto != null) {
            moto.stop();
        }
    }

    @Test
    @Order(1)
    void replicasStartedTogetherCreateOneAdminAndPublishTheSamplesOnce() throws SQLException {
        assertEquals(1, number("select count(*) from app_user where username = 'admin'"));
        // the samples are published just after start
        waitFor("the samples", () -> text("select count(*) from template_version where status = 'PUBLISHED'").equals("2"));
        assertEquals(2, number("select count(*) from template"), "the two samples");
        assertEquals(2, number("select count(*) from template_version where status = 'PUBLISHED'"), "each sample's 1.0, once");
        String logs = a.fullLog() + b.fullLog();
        assertEquals(1, occurrences(logs, "first start: created user 'admin'"), logs);
        assertEquals(2, occurrences(logs, "published sample template"), logs);
    }

    @Test
    @Order(2)
    void deploymentsCreatedThroughEitherReplicaEachRunOnceSpreadOverBoth() throws Exception {
        publishSlowTemplate();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String name = "spread-" + i;
            CommandTemplates.createEnvironment(i % 2 == 0 ? viaB : viaA, name, "slow", 3);
            names.add(name);
        }
        for (String name : names) {
            assertEquals("SUCCEEDED", awaitEnvironment(viaB, name).get("deploymentStatus").asText());
        }
        assertEquals(names, ranCommands().stream().filter(n -> n.startsWith("spread-")).sorted().toList(),
                "each deployment's commands ran once");
        Map<String, Set<String>> owners = ownersOf(names);
        owners.forEach((name, who) -> assertEquals(1, who.size(), name + " was claimed by one replica only: " + who));
        Set<String> replicas = owners.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertEquals(Set.of("replica-a", "replica-b"), replicas, "the deployments were spread over both: " + owners);
    }

    @Test
    @Order(3)
    void aSessionFromOneReplicaWorksOnTheOtherAndADeploymentsLogReadsTheSameOnBoth() throws Exception {
        String session = signIn(a);
        Response catalog = on(b).cookie("pave-session", session).get("/");
        assertEquals(200, catalog.statusCode(), "the session opened on A is honoured by B");
        assertTrue(catalog.asString().contains("Template catalog"));
        String tokenOnB = WebUser.tokenIn(catalog);
        assertEquals(WebUser.tokenIn(on(a).cookie("pave-session", session).get("/")), tokenOnB, "both derive the CSRF token from the shared key");
        on(b).cookie("pave-session", session).header("X-CSRF-TOKEN", tokenOnB).contentType("application/json")
                .body("{\"templateType\": \"ENVIRONMENT\", \"templateName\": \"pave-sandbox-env\", \"majorVersion\": \"1\", \"minorVersion\": \"0\","
                        + " \"name\": \"preview\", \"spec\": {\"proton\": \"EnvironmentSpec\", \"spec\": {}}}")
                .post("/api/v1/render").then().statusCode(200);

        String deployment = viaA.proton("get-environment", "--name", "spread-1").ok().json().get("environment").get("lastAttemptedDeploymentId").asText();
        String logOnA = on(a).cookie("pave-session", session).get("/deployments/" + deployment + "/events").then().statusCode(200).extract().asString();
        String logOnB = on(b).cookie("pave-session", session).get("/deployments/" + deployment + "/events").then().statusCode(200).extract().asString();
        assertTrue(logOnA.contains("event:end") && logOnA.contains("SUCCEEDED"), logOnA);
        assertEquals(logOnA, logOnB);
    }

    @Test
    @Order(4)
    void aScheduledJobRunsOnOneReplicaAtATime() throws Exception {
        CommandTemplates.publish(viaA, moto, "stale", "true", "true\n");
        String staleVersion = "(select v.id from template_version v join template t on t.id = v.template_id where t.name = 'stale')";
        // an operator (or a third replica) holds the recovery job: both replicas' sweeps, every second, skip their turn
        try (PreparedStatement lock = sql.prepareStatement("select pg_advisory_lock(hashtext(?))::text")) {
            lock.setString(1, ReplicaLocks.key("registration-recovery"));
            lock.executeQuery().close();
        }
        update("update template_version set status = 'REGISTRATION_IN_PROGRESS', last_modified_at = now() - interval '1 hour' where id = " + staleVersion);
        PackagedPave.sleep(4000);
        assertEquals("REGISTRATION_IN_PROGRESS", text("select status from template_version where id = " + staleVersion),
                "no sweep ran while another holder had the job");
        try (PreparedStatement unlock = sql.prepareStatement("select pg_advisory_unlock(hashtext(?))::text")) {
            unlock.setString(1, ReplicaLocks.key("registration-recovery"));
            unlock.executeQuery().close();
        }
        waitFor("the next sweep", () -> "REGISTRATION_FAILED".equals(text("select status from template_version where id = " + staleVersion)));
        String logs = a.fullLog() + b.fullLog();
        assertEquals(1, occurrences(logs, "marked 1 interrupted template registration(s)"), "one replica swept it: " + logs);
    }

    @Test
    @Order(5)
    void aKilledReplicasDeploymentsAreTakenOverByTheOther() throws Exception {
        List<String> names = List.of("takeover-1", "takeover-2", "takeover-3", "takeover-4");
        for (String name : names) {
            CommandTemplates.createEnvironment(viaA, name, "slow", 10);
        }
        waitFor("A to hold some of them", () -> ownersOf(names).values().stream().anyMatch(o -> o.contains("replica-a")));
        Set<String> heldByA = ownersOf(names).entrySet().stream().filter(e -> e.getValue().contains("replica-a")).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        a.kill();

        for (String name : names) {
            assertEquals("SUCCEEDED", awaitEnvironment(viaB, name).get("deploymentStatus").asText());
        }
        for (String name : heldByA) {
            // a second attempt can only be B's: A is gone
            String log = text("select string_agg(message, ' | ' order by seq) from deployment_event where deployment_id = "
                    + "(select id from deployment where environment_name = '" + name + "')");
            // B re-attaches to the supervisor A started, or reads what it left when B's workers were busy until it was done
            assertTrue(log.contains("Started again (attempt 2)")
                    && (log.contains("Re-attached to the commands' supervisor") || log.contains("The commands finished while Pave was away")),
                    name + " was taken over: " + log);
        }
        assertEquals(names, ranCommands().stream().filter(n -> n.startsWith("takeover-")).sorted().toList(),
                "B re-attached to the commands A started rather than running them again");
    }

    private Map<String, String> environment(String replica, String secretKey) {
        Map<String, String> env = new HashMap<>();
        env.put("PAVE_HOME", PackagedPave.temp("pave-" + replica).toString());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        env.put("PAVE_SECRET_KEY", secretKey);
        env.put("PAVE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("PAVE_ADMIN_ACCESS_KEY_ID", KEY_ID);
        env.put("PAVE_ADMIN_SECRET_ACCESS_KEY", SECRET);
        env.put("PAVE_DEPLOY_WORKER_ID", replica);
        env.put("PAVE_DEPLOY_WORKERS", "4");
        env.put("PAVE_DEPLOY_LEASE", "6s");
        env.put("PAVE_DEPLOY_POLL", "300ms");
        env.put("PAVE_RECOVERY_EVERY", "1s");
        env.put("PAVE_COMMANDS_WRITABLE_PATHS", scratch.toString());
        env.put("AWS_ENDPOINT_URL", moto.endpoint());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    /** Records, for each environment, which replicas' workers held a lease on its deployments. */
    private void watchLeases() {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement s = c.prepareStatement("select environment_name, lease_owner from deployment where lease_owner is not null")) {
            while (watching) {
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String owner = r.getString(2);
                        claimedBy.computeIfAbsent(r.getString(1), n -> ConcurrentHashMap.newKeySet()).add(owner.substring(0, owner.indexOf('/')));
                    }
                }
                Thread.sleep(100);
            }
        } catch (SQLException | InterruptedException e) {
            if (watching) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Map<String, Set<String>> ownersOf(List<String> names) {
        Map<String, Set<String>> owners = new HashMap<>();
        names.forEach(n -> owners.put(n, new HashSet<>(claimedBy.getOrDefault(n, Set.of()))));
        return owners;
    }

    private void publishSlowTemplate() {
        // records its environment's name, then sleeps as long as the spec says under a name the test can find
        String script = """
                set -e
                seconds=$(grep -o '"seconds" *: *[0-9]*' proton-inputs.json | grep -o '[0-9]*$')
                bash -c 'sleep "$1"; true' %s "$seconds"
                echo '{"Finished": "yes"}' > proton-outputs.json
                """.formatted(marker);
        CommandTemplates.publish(viaA, moto, "slow", "echo $(grep -o '\"name\" *: *\"[^\"]*' proton-inputs.json | head -1 | grep -o '[^\"]*$') >> "
                + scratch.resolve("runs.log") + "; bash slow.sh", script);
    }

    private List<String> ranCommands() throws IOException {
        return Files.readAllLines(scratch.resolve("runs.log"));
    }

    private JsonNode awaitEnvironment(AwsCli cli, String name) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode environment = null;
        while (Instant.now().isBefore(deadline)) {
            environment = cli.proton("get-environment", "--name", name).ok().json().get("environment");
            if (!environment.get("deploymentStatus").asText().equals("IN_PROGRESS")) {
                return environment;
            }
            PackagedPave.sleep(300);
        }
        throw new AssertionError(name + " still " + environment + "\nA: " + a.log() + "\nB: " + b.log());
    }

    /** Signs in through the login form of {@code pave}, as a browser does; answers the session cookie. */
    private static String signIn(PackagedPave pave) {
        Response form = on(pave).get("/login");
        Response signedIn = on(pave).cookie("pave-login", form.cookie("pave-login")).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", WebUser.tokenIn(form)).formParam("username", "admin").formParam("password", ADMIN_PASSWORD).post("/login");
        String session = signedIn.cookie("pave-session");
        assertTrue(session != null, "signed in: " + signedIn.statusLine());
        return session;
    }

    private static RequestSpecification on(PackagedPave pave) {
        return RestAssured.given().baseUri(pave.url()).redirects().follow(false);
    }

    private long number(String query) throws SQLException {
        return Long.parseLong(text(query));
    }

    private String text(String query) {
        try (PreparedStatement s = sql.prepareStatement(query); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    private void update(String statement) throws SQLException {
        try (PreparedStatement s = sql.prepareStatement(statement)) {
            assertEquals(1, s.executeUpdate(), statement);
        }
    }

    private void waitFor(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "\nA: " + a.log() + "\nB: " + b.log());
            }
            PackagedPave.sleep(200);
        }
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
