package dev.pave.web.rollback;

import dev.pave.Arns;
import dev.pave.rollback.Rollbacks;
import dev.pave.web.Viewer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * A resource page's rollback panel ({@code {#rollbackPanel rollback=inject:rollback.environment(e.name) /}}): what
 * "Roll back" would deploy, asked from the page's template like the drift panel; null when there is nothing to go back to.
 */
@RequestScoped
@Named("rollback")
public class RollbackPanels {

    @Inject
    Rollbacks rollbacks;

    @Inject
    Arns arns;

    @Inject
    Viewer viewer;

    public Rollbacks.Rollback environment(String name) {
        return plan(arns.of("environment", name));
    }

    public Rollbacks.Rollback instance(String service, String name) {
        return plan(arns.of("service", service + "/service-instance/" + name));
    }

    public Rollbacks.Rollback pipeline(String service) {
        return plan(arns.of("service", service + "/pipeline"));
    }

    public Rollbacks.Rollback component(String name) {
        return plan(arns.of("component", name));
    }

    private Rollbacks.Rollback plan(String arn) {
        return rollbacks.plan(viewer.caller(), arn).orElse(null);
    }
}
