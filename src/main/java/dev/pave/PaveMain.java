package dev.pave;

import dev.pave.database.EmbeddedDatabase;
import dev.pave.host.ProcessEnvironment;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import sun.misc.Signal;

/**
 * Starts Pave. Before Quarkus boots it takes the secrets out of its own process environment, and provides what a
 * fresh machine lacks: an embedded PostgreSQL when no datasource is configured.
 */
@QuarkusMain
public class PaveMain {

    public static void main(String... args) {
        ProcessEnvironment.withdrawSecrets(); // before anything can copy them into a child's environment
        Path home = PaveHome.resolve();
        EmbeddedDatabase database = null;
        if (!PaveHome.isSet("quarkus.datasource.jdbc.url")) {
            database = EmbeddedDatabase.start(home);
            database.exportAsQuarkusConfig();
        }
        PaveHome.removeObsolete(home.resolve("session.key")); // signed the cookies of the sessions before sessions were kept in the database
        if (database == null) {
            Quarkus.run(args);
            return;
        }
        // On SIGTERM the JVM runs every shutdown hook at once, so the embedded PostgreSQL's own hook would stop the
        // database while Pave is still shutting down (handing deployments on needs it). Stop Pave first, then it.
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> Quarkus.asyncExit(128 + s.getNumber()));
        }
        EmbeddedDatabase stopLast = database;
        Quarkus.run(Pave.class, (exitCode, failure) -> {
            stopLast.stop();
            System.exit(exitCode);
        }, args);
    }

    /** Runs until asked to exit. */
    public static class Pave implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return 0;
        }
    }
}
