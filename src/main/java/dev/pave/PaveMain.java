package dev.pave;

import dev.pave.database.EmbeddedDatabase;
import dev.pave.identity.SessionKey;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;

/**
 * Starts Pave. Before Quarkus boots it provides what a fresh machine lacks: an embedded PostgreSQL when no
 * datasource is configured, and a persistent key for login sessions so a restart does not log everyone out.
 */
@QuarkusMain
public class PaveMain {

    public static void main(String... args) {
        Path home = PaveHome.resolve();
        if (!PaveHome.isSet("quarkus.datasource.jdbc.url")) {
            EmbeddedDatabase.start(home).exportAsQuarkusConfig();
        }
        if (!PaveHome.isSet("quarkus.http.auth.session.encryption-key")) {
            System.setProperty("quarkus.http.auth.session.encryption-key", SessionKey.loadOrCreate(home));
        }
        Quarkus.run(args);
    }
}
