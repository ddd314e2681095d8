package dev.pave.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server run from a jar (zonky), for machines with only a JDK. Its data directory lives
 * under Pave's home and survives restarts. One Pave process owns it at a time; a postmaster left running by
 * a Pave that was killed is shut down before the new one starts.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String DATABASE = "pave";

    private final EmbeddedPostgres postgres;
    private final FileLock ownership;

    private EmbeddedDatabase(EmbeddedPostgres postgres, FileLock ownership) {
        this.postgres = postgres;
        this.ownership = ownership;
    }

    public static EmbeddedDatabase start(Path home) {
        Path dataDir = home.resolve("postgres");
        try {
            FileLock ownership = lockHome(home);
            stopOrphanedPostmaster(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            createDatabaseIfMissing(postgres);
            LOG.infof("embedded PostgreSQL on port %d, data in %s", postgres.getPort(), dataDir);
            return new EmbeddedDatabase(postgres, ownership);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    /** Points Quarkus's default datasource at this server (read by Quarkus when it boots). */
    public void exportAsQuarkusConfig() {
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl());
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "postgres");
    }

    public void stop() {
        try {
            postgres.close();
            ownership.release();
            ownership.channel().close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static FileLock lockHome(Path home) throws IOException {
        FileChannel channel = FileChannel.open(home.resolve("postgres.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Pave process is using " + home
                    + "; stop it, or set PAVE_HOME to another directory");
        }
        return lock; // held until this JVM exits, however it exits
    }

    /** After a kill -9 the postmaster outlives the JVM and keeps the data directory locked. */
    private static void stopOrphanedPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        if (postmaster.isEmpty() || !postmaster.get().isAlive()
                || !postmaster.get().info().command().orElse("").contains("postgres")) {
            return; // stale file: PostgreSQL itself recovers from it
        }
        LOG.warnf("stopping PostgreSQL %d left running by an earlier Pave", postmaster.get().pid());
        new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.get().pid())).inheritIO().start();
        try {
            postmaster.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            postmaster.get().destroyForcibly();
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database " + DATABASE);
                }
            }
            try (var password = c.createStatement()) {
                // the server listens on localhost only with trust auth; the password is for JDBC's sake
                password.execute("alter user postgres password 'postgres'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL started but the pave database could not be created", e);
        }
    }
}
