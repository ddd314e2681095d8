package dev.pave.identity;

import dev.pave.PaveConfig;
import dev.pave.PaveHome;
import dev.pave.database.ReplicaLocks;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.jboss.logging.Logger;

/**
 * On the very first start (no users yet) creates the {@code admin} user and its API key, so nothing is ever
 * anonymous. Generated secrets are written once to files only the owner can read, never to the log.
 */
@ApplicationScoped
public class FirstStart {

    private static final Logger LOG = Logger.getLogger(FirstStart.class);

    /** Where the generated admin password waits in PAVE_HOME until admin replaces it. */
    static final String INITIAL_PASSWORD = "initial-admin-password";

    @Inject
    PaveConfig config;

    @Inject
    IdentityService identity;

    @Inject
    ReplicaLocks locks;

    /** The aws CLI's credentials file with the key under the profile {@code pave}. */
    public static String credentials(IdentityService.NewAccessKey key) {
        return "[pave]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = " + key.secretAccessKey() + "\n";
    }

    /** The aws CLI's config file giving the profile {@code pave} Pave's region. */
    public static String awsConfig(String region) {
        return "[profile pave]\nregion = " + region + "\n";
    }

    /** The generated first password has done its job once admin chose their own: it leaves the disk. */
    void onPasswordChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) IdentityService.PasswordChanged changed) {
        if (changed.username().equals("admin")) {
            try {
                Files.deleteIfExists(Path.of(config.home()).resolve(INITIAL_PASSWORD));
            } catch (IOException e) {
                LOG.warnf("could not delete %s: %s", INITIAL_PASSWORD, e.getMessage());
            }
        }
    }

    void onStart(@Observes StartupEvent event) {
        // replicas starting together on a new database: one creates admin, the others find it there
        locks.runAfterOthers("first-start", () -> QuarkusTransaction.requiringNew().run(this::createAdmin));
    }

    private void createAdmin() {
        // plain SQL: the first HQL query of a JVM costs a few hundred ms of parser warm-up, which every start would pay
        if ((Boolean) Panache.getEntityManager().createNativeQuery("select exists (select 1 from app_user)").getSingleResult()) {
            return;
        }
        Path home = Path.of(config.home());
        Caller system = Caller.system();
        String password = config.adminPassword().orElse(null);
        boolean generated = password == null;
        if (generated) {
            password = SecretBox.randomToken(18);
            PaveHome.writeSecretOnce(home.resolve(INITIAL_PASSWORD), password + "\n");
        }
        User admin = identity.createLocalUser(system, "admin", password, EnumSet.allOf(Role.class), generated);

        if (config.adminAccessKeyId().isPresent() && config.adminSecretAccessKey().isPresent()) {
            identity.importAccessKey(system, admin,
                    new IdentityService.NewAccessKey(config.adminAccessKeyId().get(), config.adminSecretAccessKey().get()), "initial admin key");
        } else {
            IdentityService.NewAccessKey key = identity.createAccessKey(system, "admin", "initial admin key");
            PaveHome.writeSecretOnce(home.resolve("credentials"), credentials(key));
            PaveHome.writeSecretOnce(home.resolve("config"), awsConfig(config.region()));
        }
        LOG.infof("first start: created user 'admin'%s; API credentials for profile 'pave' are in %s",
                generated ? " (password in " + home.resolve(INITIAL_PASSWORD) + ")" : "", home.resolve("credentials"));
    }
}
