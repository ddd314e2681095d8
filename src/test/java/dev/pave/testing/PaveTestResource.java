package dev.pave.testing;

import dev.pave.database.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What every {@code @QuarkusTest} runs on: a real embedded PostgreSQL in a fresh Pave home, a moto_server for
 * Pave's AWS calls, and a known admin password and API key. Applied to all tests through
 * {@link PaveTestProfileMarker}. Tests find moto's endpoint in the config key {@code pave.aws.endpoint-url}
 * (read it with ConfigProvider: the test and the resource may not share static state).
 */
public class PaveTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String ADMIN_KEY_ID = "PAVETESTADMINKEY0001";
    public static final String ADMIN_SECRET = "test-admin-secret-access-key-0000000000";
    public static final String METRICS_TOKEN = "test-metrics-scrape-token-5be1";

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        Path home;
        try {
            home = Files.createTempDirectory("pave-test-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = EmbeddedDatabase.start(home);
        Map<String, String> config = new HashMap<>();
        config.put("pave.home", home.toString());
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", database.username());
        config.put("quarkus.datasource.password", database.password());
        config.put("pave.admin-password", ADMIN_PASSWORD);
        config.put("pave.admin-access-key-id", ADMIN_KEY_ID);
        config.put("pave.admin-secret-access-key", ADMIN_SECRET);
        config.put("pave.metrics.token", METRICS_TOKEN);
        config.put("pave.metrics.queue-every", "1s");
        if (Tools.find("moto_server").isPresent()) {
            config.put("pave.aws.endpoint-url", MotoServer.shared().endpoint());
            // Pave's SDK clients take credentials and region from the standard chain
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
            System.setProperty("aws.region", "us-east-1");
        }
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.stop();
        }
    }
}
