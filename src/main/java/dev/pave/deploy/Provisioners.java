package dev.pave.deploy;

import dev.pave.provision.Provisioner;
import dev.pave.provision.ProvisioningMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/** Finds the provisioning engine for a method among the Provisioner beans. */
@ApplicationScoped
public class Provisioners {

    @Inject
    Instance<Provisioner> all;

    public Provisioner forMethod(ProvisioningMethod method) {
        List<Provisioner> matching = all.stream().filter(p -> p.method() == method).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException(matching.isEmpty()
                    ? "This build of Pave has no " + method + " provisioner"
                    : "This build of Pave has " + matching.size() + " " + method + " provisioners");
        }
        return matching.get(0);
    }
}
