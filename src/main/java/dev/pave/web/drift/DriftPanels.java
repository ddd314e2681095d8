package dev.pave.web.drift;

import dev.pave.Arns;
import dev.pave.drift.DriftChecks;
import dev.pave.web.Viewer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * A resource page's drift panel ({@code {#driftPanel panel=inject:drift.environment(e.name) /}}): asked from the page's
 * template, so every resource page shows it without its controller knowing about drift.
 */
@RequestScoped
@Named("drift")
public class DriftPanels {

    @Inject
    DriftChecks checks;

    @Inject
    Arns arns;

    @Inject
    Viewer viewer;

    public DriftChecks.Panel environment(String name) {
        return checks.panel(viewer.caller(), arns.of("environment", name));
    }

    public DriftChecks.Panel instance(String service, String name) {
        return checks.panel(viewer.caller(), arns.of("service", service + "/service-instance/" + name));
    }

    public DriftChecks.Panel pipeline(String service) {
        return checks.panel(viewer.caller(), arns.of("service", service + "/pipeline"));
    }

    public DriftChecks.Panel component(String name) {
        return checks.panel(viewer.caller(), arns.of("component", name));
    }
}
