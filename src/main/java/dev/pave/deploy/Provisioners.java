package dev.pave.deploy;

import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.Provisioner;
import dev.pave.provision.ProvisioningMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the provisioning engine for a method among the Provisioner beans. */
@ApplicationScoped
public class Provisioners {

    @Inject
    Instance<Provisioner> all;

    @Inject
    DeployConfig config;

    /** Said at every start (by {@link DeploymentWorkers}) and on the settings page while deployments provision nothing. */
    public Optional<String> dryRunWarning() {
        return config.dryRun()
                ? Optional.of("pave.deploy.dry-run=true: deployments succeed without provisioning anything")
                : Optional.empty();
    }

    public Provisioner forMethod(ProvisioningMethod method) {
        if (config.dryRun()) {
            return new DryRun(method);
        }
        List<Provisioner> matching = all.stream().filter(p -> p.method() == method).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException(matching.isEmpty()
                    ? "This build of Pave has no " + method + " provisioner"
                    : "This build of Pave has " + matching.size() + " " + method + " provisioners");
        }
        return matching.get(0);
    }

    /** Succeeds at once with no outputs, saying so in the deployment's log. */
    private record DryRun(ProvisioningMethod method) implements Provisioner {
        @Override
        public ProvisionOutcome run(ProvisionContext context) {
            context.log("Dry run: nothing was provisioned (pave.deploy.dry-run=true)");
            return new ProvisionOutcome.Succeeded(Map.of(), List.of());
        }
    }
}
