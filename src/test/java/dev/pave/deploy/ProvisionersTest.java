package dev.pave.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.provision.ProvisionOutcome.Succeeded;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.provision.RecordingContext;
import dev.pave.provision.Requests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pave.deploy.dry-run: every engine's deployments succeed without provisioning, and Pave says so. */
class ProvisionersTest {

    private static final Path NEVER_MADE = Path.of(System.getProperty("java.io.tmpdir"), "pave-dry-run-" + System.nanoTime());

    @Test
    void aDryRunSucceedsWithoutRunningAnythingAndSaysSoInTheLogAndTheWarning() {
        Provisioners provisioners = provisioners(true);
        RecordingContext context = new RecordingContext(Requests.commands(ProvisionRequest.Action.DEPLOY, Map.of(),
                List.of("touch " + NEVER_MADE), List.of(), Requests.json("{}")));

        for (ProvisioningMethod method : ProvisioningMethod.values()) {
            Succeeded succeeded = assertInstanceOf(Succeeded.class, provisioners.forMethod(method).run(context));
            assertEquals(Map.of(), succeeded.outputs());
            assertEquals(method, provisioners.forMethod(method).method());
        }
        assertTrue(context.logLines().contains("Dry run: nothing was provisioned (pave.deploy.dry-run=true)"), context.logText());
        assertTrue(Files.notExists(NEVER_MADE), "no command ran");
        assertTrue(provisioners.dryRunWarning().orElseThrow().contains("pave.deploy.dry-run=true"));
        assertEquals(Optional.empty(), provisioners(false).dryRunWarning());
    }

    private static Provisioners provisioners(boolean dryRun) {
        Provisioners provisioners = new Provisioners();
        provisioners.config = new DeployConfig() {
            @Override
            public int workers() {
                return 0;
            }

            @Override
            public Duration lease() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration poll() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Optional<String> workerId() {
                return Optional.empty();
            }

            @Override
            public boolean dryRun() {
                return dryRun;
            }
        };
        return provisioners;
    }
}
