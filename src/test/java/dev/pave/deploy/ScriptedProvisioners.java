package dev.pave.deploy;

import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.Provisioner;
import dev.pave.provision.ProvisioningMethod;
import io.quarkus.test.junit.QuarkusMock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the provisioning engines, installed per test with {@link QuarkusMock}: every method runs the test's
 * script, and each run's request and attempt are recorded. The engine around it (rows, leases, checkpoints,
 * heartbeats, takeover) is the real one.
 */
public class ScriptedProvisioners extends Provisioners {

    public final List<ProvisionContext> runs = new CopyOnWriteArrayList<>();
    private volatile Function<ProvisionContext, ProvisionOutcome> script;

    public static ScriptedProvisioners install(Function<ProvisionContext, ProvisionOutcome> script) {
        ScriptedProvisioners p = new ScriptedProvisioners();
        p.script = script;
        QuarkusMock.installMockForType(p, Provisioners.class);
        return p;
    }

    @Override
    public Provisioner forMethod(ProvisioningMethod method) {
        return new Provisioner() {
            @Override
            public ProvisioningMethod method() {
                return method;
            }

            @Override
            public ProvisionOutcome run(ProvisionContext context) {
                runs.add(context);
                return script.apply(context);
            }
        };
    }
}
