package dev.pave.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.Tools;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The embedded PostgreSQL as a local attacker meets it: no login without the password (psql over TCP and over the
 * socket), no superuser for the application, durable settings, private files; and a home made by the Pave before
 * this one (zonky's trust logins and superuser {@code postgres}/{@code postgres}) upgraded in place with its data.
 */
class EmbeddedDatabaseTest {

    private final List<EmbeddedDatabase> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(EmbeddedDatabase::stop);
    }

    @Test
    void aFreshDatabaseTakesPasswordsOnlyAndTheApplicationIsNoSuperuser() throws Exception {
        Path home = Files.createTempDirectory("pave-db-home");
        EmbeddedDatabase database = start(home);

        try (Connection c = connect(database.port(), database.username(), database.password()); Statement sql = c.createStatement()) {
            assertEquals("on", show(sql, "fsync"));
            assertEquals("on", show(sql, "synchronous_commit"));
            assertEquals("on", show(sql, "full_page_writes"));
            assertEquals("127.0.0.1", show(sql, "listen_addresses"));
            assertEquals("pave", one(sql, "select current_user"));
            assertEquals("false", one(sql, "select rolsuper::text from pg_roles where rolname = current_user"));
            assertEquals("pave", one(sql, "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"));
            SQLException program = assertThrows(SQLException.class, () -> sql.execute("copy (select 1) to program 'id'"));
            assertTrue(program.getMessage().contains("permission denied"), program.getMessage());
            assertThrows(SQLException.class, () -> one(sql, "select pg_read_file('/etc/passwd')"));
        }

        assertThrows(SQLException.class, () -> connect(database.port(), "postgres", "postgres"), "the old public superuser password");
        assertThrows(SQLException.class, () -> connect(database.port(), "pave", "wrong"));
        String hba = Files.readString(home.resolve("postgres/pg_hba.conf"));
        assertFalse(hba.lines().anyMatch(line -> !line.startsWith("#") && line.contains("trust")), hba);
        assertEquals("rw-------", permissions(home.resolve(DatabasePasswords.FILE)));
        Path socketDir = home.resolve("postgres-run");
        assertEquals("rwx------", permissions(socketDir));
        try (Stream<Path> sockets = Files.list(socketDir)) {
            assertTrue(sockets.anyMatch(p -> p.getFileName().toString().startsWith(".s.PGSQL.")), "the socket lives in the private directory");
        }

        String psql = Tools.require("psql", "install Debian's postgresql-client");
        for (String host : List.of("127.0.0.1", socketDir.toString())) {
            Result login = run(psql, "-w", "-h", host, "-p", String.valueOf(database.port()), "-U", "postgres", "-d", "postgres", "-c", "select 1");
            assertNotEquals(0, login.exit(), "psql without a password over " + host + ": " + login.output());
            assertTrue(login.output().contains("password"), login.output());
        }
    }

    @Test
    void aRestartKeepsDataAndPasswords() throws Exception {
        Path home = Files.createTempDirectory("pave-db-home");
        EmbeddedDatabase first = start(home);
        try (Connection c = connect(first.port(), first.username(), first.password()); Statement sql = c.createStatement()) {
            sql.execute("create table kept (value text)");
            sql.execute("insert into kept values ('still here')");
        }
        String password = first.password();
        first.stop();
        started.remove(first);

        EmbeddedDatabase second = start(home);
        assertEquals(password, second.password());
        try (Connection c = connect(second.port(), second.username(), second.password()); Statement sql = c.createStatement()) {
            assertEquals("still here", one(sql, "select value from kept"));
        }
    }

    @Test
    void aHomeFromTheEarlierPaveIsUpgradedInPlace() throws Exception {
        Path home = Files.createTempDirectory("pave-db-old-home");
        Path dataDir = home.resolve("postgres");
        // what EmbeddedDatabase did before: zonky's defaults (trust logins, -F), superuser postgres/postgres, all theirs
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "localhost").start()) {
            try (Connection c = old.getPostgresDatabase().getConnection(); Statement sql = c.createStatement()) {
                sql.execute("create database pave");
                sql.execute("alter user postgres password 'postgres'");
            }
            try (Connection c = old.getDatabase("postgres", "pave").getConnection(); Statement sql = c.createStatement()) {
                sql.execute("create sequence environment_seq");
                sql.execute("create table environment (id bigint primary key default nextval('environment_seq'), name text unique)");
                sql.execute("create table deployment (id bigserial primary key, environment_id bigint references environment)");
                sql.execute("create view environment_names as select name from environment");
                sql.execute("create function environment_count() returns bigint language sql as 'select count(*) from environment'");
                sql.execute("insert into environment (name) values ('dev'), ('prod')");
                sql.execute("insert into deployment (environment_id) select id from environment");
            }
        }
        assertTrue(Files.readString(dataDir.resolve("pg_hba.conf")).contains("trust"), "the old layout trusts local logins");

        EmbeddedDatabase database = start(home);

        try (Connection c = connect(database.port(), database.username(), database.password()); Statement sql = c.createStatement()) {
            assertEquals("2", one(sql, "select environment_count()"));
            assertEquals("dev", one(sql, "select min(name) from environment_names"));
            sql.execute("insert into environment (name) values ('staging')"); // the sequence is the application's too
            sql.execute("insert into deployment (environment_id) select id from environment where name = 'staging'");
            sql.execute("alter table environment add column description text"); // what Flyway's next migration does
            assertEquals("0", one(sql, "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = 'public' and pg_get_userbyid(c.relowner) = 'postgres'"));
            assertEquals("on", show(sql, "fsync"));
            SQLException program = assertThrows(SQLException.class, () -> sql.execute("copy (select 1) to program 'id'"));
            assertTrue(program.getMessage().contains("permission denied"), program.getMessage());
        }
        assertThrows(SQLException.class, () -> connect(database.port(), "postgres", "postgres"), "the old superuser password is gone");
        String hba = Files.readString(dataDir.resolve("pg_hba.conf"));
        assertFalse(hba.lines().anyMatch(line -> !line.startsWith("#") && line.contains("trust")), hba);
    }

    private EmbeddedDatabase start(Path home) {
        EmbeddedDatabase database = EmbeddedDatabase.start(home);
        started.add(database);
        return database;
    }

    private static Connection connect(int port, String user, String password) throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {port});
        source.setDatabaseName("pave");
        source.setUser(user);
        source.setPassword(password);
        return source.getConnection();
    }

    private static String show(Statement sql, String setting) throws SQLException {
        return one(sql, "show " + setting);
    }

    private static String one(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }
}
