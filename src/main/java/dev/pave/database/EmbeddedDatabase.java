package dev.pave.database;

import dev.pave.PaveHome;
import dev.pave.host.SystemAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for machines with only a JDK, its data under Pave's home, surviving restarts. It is
 * locked down as a production server would be: password (SCRAM) logins only, TCP on 127.0.0.1 and a Unix socket in
 * a private directory, a superuser whose password only Pave's start-up knows, and an application role {@code pave}
 * that owns the {@code pave} database and nothing else (so no {@code COPY … PROGRAM}, no server files). Writes are
 * durable (fsync and synchronous commit on). Run by root, Pave runs the server as the {@code pave-postgres} account.
 *
 * <p>A home made by an earlier Pave (trust logins, the superuser {@code postgres} with password {@code postgres},
 * everything owned by it) is upgraded in place at start, without losing data. One Pave process owns a home at a time;
 * a postmaster left running by a Pave that was killed is shut down before the new one starts.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "pave";
    static final String APPLICATION_ROLE = "pave";
    private static final String SUPERUSER = "postgres";
    private static final String ACCOUNT = "pave-postgres";

    private final PostgresServer server;
    private final DatabasePasswords passwords;
    private final FileLock ownership;

    private EmbeddedDatabase(PostgresServer server, DatabasePasswords passwords, FileLock ownership) {
        this.server = server;
        this.passwords = passwords;
        this.ownership = ownership;
    }

    public static EmbeddedDatabase start(Path home) {
        Path dataDir = home.resolve("postgres");
        try {
            PaveHome.secure(home);
            FileLock ownership = lockHome(home);
            stopOrphanedPostmaster(dataDir);
            SystemAccount account = SystemAccount.forWork(ACCOUNT);
            PostgresServer server = new PostgresServer(PostgresBinaries.prepare(home.resolve("postgres-binaries")), account, dataDir,
                    privateDirectory(home.resolve("postgres-run"), account));
            Optional<DatabasePasswords> known = DatabasePasswords.read(home);
            DatabasePasswords passwords = known.orElseGet(DatabasePasswords::generate);
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                server.initdb(SUPERUSER, passwords.superuser());
            } else if (known.isEmpty()) {
                // made by an earlier Pave, whose superuser's password was the public "postgres": replace it before
                // the server listens, in single-user mode
                LOG.info("upgrading the embedded PostgreSQL of an earlier Pave: passwords, logins and ownership");
                account.ownTree(dataDir);
                server.runSingleUser("postgres", "alter role " + SUPERUSER + " with password " + DatabasePasswords.literal(passwords.superuser()),
                        passwords.superuser());
            }
            passwords.save(home); // only now that the server knows them
            server.start(freePort());
            EmbeddedDatabase database = new EmbeddedDatabase(server, passwords, ownership);
            database.provision();
            LOG.infof("embedded PostgreSQL on 127.0.0.1:%d, data in %s", server.port(), dataDir);
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + DATABASE;
    }

    /** The role the application connects as: it owns the {@code pave} database and is no superuser. */
    public String username() {
        return APPLICATION_ROLE;
    }

    public String password() {
        return passwords.application();
    }

    public int port() {
        return server.port();
    }

    /** Points Quarkus's default datasource at this server (read by Quarkus when it boots). */
    public void exportAsQuarkusConfig() {
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl());
        System.setProperty("quarkus.datasource.username", username());
        System.setProperty("quarkus.datasource.password", password());
    }

    public void stop() {
        try {
            server.stop();
            ownership.release();
            ownership.channel().close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /**
     * The application role and its database, and, for a database an earlier Pave made as the superuser, every table,
     * sequence, view and function in it handed to the role, so the application never needs the superuser again.
     */
    private void provision() {
        String role = APPLICATION_ROLE;
        try (Connection c = superuserConnection("postgres"); Statement sql = c.createStatement()) {
            if (!exists(sql, "select 1 from pg_roles where rolname = '" + role + "'")) {
                sql.execute("create role " + role + " login");
            }
            // the role's password follows the file each start, so a restored file always works
            sql.execute("alter role " + role + " with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password "
                    + DatabasePasswords.literal(passwords.application()));
            if (!exists(sql, "select 1 from pg_database where datname = '" + DATABASE + "'")) {
                sql.execute("create database " + DATABASE + " owner " + role);
            } else {
                sql.execute("alter database " + DATABASE + " owner to " + role);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL started but the pave role and database could not be set up", e);
        }
        try (Connection c = superuserConnection(DATABASE); Statement sql = c.createStatement()) {
            int moved = countOwnedBySuperuser(sql);
            if (moved > 0) {
                sql.execute(HAND_OVER.replace("{role}", role));
                LOG.infof("handed %d tables, sequences, views and functions of the pave database to the role %s", moved, role);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not hand the pave database's objects to the role " + role, e);
        }
    }

    /** Objects of the public schema (not an extension's) that the superuser owns; the hand-over below moves them. */
    private static final String OWNED_BY_SUPERUSER = """
            select count(*) from (
              select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and pg_get_userbyid(c.relowner) = 'postgres' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
                and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
              union all
              select p.oid from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname = 'public' and pg_get_userbyid(p.proowner) = 'postgres'
                and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
              union all
              select n.oid from pg_namespace n where n.nspname = 'public' and pg_get_userbyid(n.nspowner) = 'postgres'
            ) owned""";

    /** Tables first (their indexes and column sequences follow them), then sequences of their own, then functions. */
    private static final String HAND_OVER = """
            do $$
            declare r record;
            begin
              if (select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'public') = 'postgres' then
                alter schema public owner to {role};
              end if;
              for r in select c.oid::regclass as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
                       where n.nspname = 'public' and pg_get_userbyid(c.relowner) = 'postgres' and c.relkind in ('r', 'p', 'v', 'm', 'f')
                         and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
              loop
                execute format('alter table %s owner to {role}', r.object);
              end loop;
              for r in select c.oid::regclass as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
                       where n.nspname = 'public' and pg_get_userbyid(c.relowner) = 'postgres' and c.relkind = 'S'
                         and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i', 'e'))
              loop
                execute format('alter sequence %s owner to {role}', r.object);
              end loop;
              for r in select p.oid::regprocedure as routine from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                       where n.nspname = 'public' and pg_get_userbyid(p.proowner) = 'postgres'
                         and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
              loop
                execute format('alter routine %s owner to {role}', r.routine);
              end loop;
            end $$""";

    private static int countOwnedBySuperuser(Statement sql) throws SQLException {
        try (ResultSet rows = sql.executeQuery(OWNED_BY_SUPERUSER)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private Connection superuserConnection(String database) throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {server.port()});
        source.setDatabaseName(database);
        source.setUser(SUPERUSER);
        source.setPassword(passwords.superuser());
        return source.getConnection();
    }

    private static boolean exists(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            return rows.next();
        }
    }

    private static Path privateDirectory(Path dir, SystemAccount account) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        account.own(dir);
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
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
            postmaster.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            postmaster.get().destroyForcibly();
        }
    }

    /** PostgreSQL's own programs, run as the database's account with a minimal environment. */
    static final class PostgresServer {

        private final PostgresBinaries binaries;
        private final SystemAccount account;
        private final Path dataDir;
        private final Path socketDir;
        private int port;

        PostgresServer(PostgresBinaries binaries, SystemAccount account, Path dataDir, Path socketDir) {
            this.binaries = binaries;
            this.account = account;
            this.dataDir = dataDir;
            this.socketDir = socketDir;
        }

        int port() {
            return port;
        }

        void initdb(String superuser, String password) throws IOException {
            Files.createDirectories(dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            account.own(dataDir);
            // the password travels in a file only the account can read, deleted as soon as initdb has read it
            Path passwordFile = socketDir.resolve("initdb.password");
            Files.deleteIfExists(passwordFile);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(passwordFile, password + "\n");
                account.own(passwordFile);
                run(List.of(binaries.bin("initdb").toString(), "-D", dataDir.toString(), "-U", superuser, "-E", "UTF8",
                        "--no-locale", "--auth=scram-sha-256", "--pwfile=" + passwordFile), null, null);
            } finally {
                Files.deleteIfExists(passwordFile);
            }
        }

        /**
         * Runs SQL in single-user mode (no server, no network), stopping at the first error. PostgreSQL echoes a failed
         * statement, so {@code secret} is blanked out of what an error reports.
         */
        void runSingleUser(String database, String statement, String secret) throws IOException {
            run(List.of(binaries.bin("postgres").toString(), "--single", "-j", "-D", dataDir.toString(),
                    "-c", "exit_on_error=on", database), statement + ";\n\n", secret);
        }

        void start(int port) throws IOException {
            this.port = port;
            configure();
            run(List.of(binaries.bin("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-s", "start"), null, null);
        }

        void stop() {
            try {
                run(List.of(binaries.bin("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "-s", "stop"), null, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Pave's settings go to {@code pave.conf}, included at the end of postgresql.conf so they win, and pg_hba.conf
         * is Pave's: both are rewritten at every start, so no trust login or open socket survives from anywhere.
         */
        private void configure() throws IOException {
            Path conf = dataDir.resolve("postgresql.conf");
            String include = "include 'pave.conf'";
            if (Files.readAllLines(conf).stream().noneMatch(line -> line.trim().equals(include))) {
                Files.writeString(conf, "\n# Pave's own settings, rewritten at every start\n" + include + "\n", StandardOpenOption.APPEND);
            }
            write(dataDir.resolve("pave.conf"), """
                    # Written by Pave at every start; it is read after postgresql.conf, so these win.
                    listen_addresses = '127.0.0.1'
                    port = %d
                    unix_socket_directories = %s
                    unix_socket_permissions = 0700
                    password_encryption = 'scram-sha-256'
                    # durable writes: zonky starts its servers with -F and synchronous_commit=off, fine for throwaway test
                    # databases and able to corrupt Pave's on a power loss
                    fsync = on
                    synchronous_commit = on
                    full_page_writes = on
                    max_connections = 100
                    timezone = 'UTC'
                    """.formatted(port, DatabasePasswords.literal(socketDir.toString())));
            write(dataDir.resolve("pg_hba.conf"), """
                    # Written by Pave at every start: SCRAM passwords only, over its private socket or 127.0.0.1.
                    local   all   all                  scram-sha-256
                    host    all   all   127.0.0.1/32   scram-sha-256
                    """);
        }

        private void write(Path file, String content) throws IOException {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            account.own(file);
        }

        private void run(List<String> program, String input, String secret) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(account.command(program)).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.clear(); // PostgreSQL needs none of Pave's environment, and must see none of its secrets
            env.put("PATH", "/usr/bin:/bin");
            env.put("LANG", "C");
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(program.get(0) + " did not finish within 120 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + program.get(0), e);
            }
            if (process.exitValue() != 0) {
                String report = output.trim() + serverLogTail();
                throw new IOException(Path.of(program.get(0)).getFileName() + " failed (exit " + process.exitValue() + "): "
                        + (secret == null ? report : report.replace(secret, "********")));
            }
        }

        private String serverLogTail() {
            try {
                List<String> lines = Files.readAllLines(dataDir.resolve("server.log"));
                return "\nserver log:\n" + String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            } catch (IOException | RuntimeException noLog) {
                return "";
            }
        }
    }
}
