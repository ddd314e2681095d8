package dev.pave.testing;

import dev.pave.identity.Caller;
import dev.pave.service.Service;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * What the service pages' tests stand on, over {@link PortalFixtures} (which also sets the pipeline's CodeBuild role
 * the hello-service sample's pipeline needs): deployed sandbox environments the sample is compatible with, a deployed
 * environment of another template it is not compatible with, and a copy of the sample whose pipeline is
 * customer-managed.
 */
@ApplicationScoped
public class ServiceFixtures {

    public static final String HELLO = "pave-hello-service";
    public static final String SANDBOX_A = "svc-sbx-a";
    public static final String SANDBOX_B = "svc-sbx-b";
    public static final String OTHER_TEMPLATE = "portal-other-env";
    public static final String OTHER = "svc-other";
    public static final String NO_PIPELINE = "portal-hello-no-pipeline";
    public static final String CONNECTION = "arn:aws:codestar-connections:us-east-1:123456789012:connection/portal";

    @Inject
    PortalFixtures portal;

    @Inject
    TemplateService templates;

    public synchronized void load() {
        portal.load();
        if (!templates.exists(TemplateType.ENVIRONMENT, OTHER_TEMPLATE)) {
            templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT,
                    new TemplateService.NewTemplate(OTHER_TEMPLATE, "Another sandbox", "Not compatible with the hello service", null, null), Map.of());
            portal.publish(TemplateType.ENVIRONMENT, OTHER_TEMPLATE, null, null, TestBundles.fromResources("samples/sandbox-env"));
        }
        if (!templates.exists(TemplateType.SERVICE, NO_PIPELINE)) {
            templates.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate(NO_PIPELINE, "Hello without pipeline",
                    "The hello sample, its pipelines left to its users", null, Template.CUSTOMER_MANAGED), Map.of());
            portal.publish(TemplateType.SERVICE, NO_PIPELINE, null, null, TestBundles.fromResources("samples/hello-service"));
        }
        portal.sandbox(SANDBOX_A);
        portal.sandbox(SANDBOX_B);
        portal.sandbox(OTHER, OTHER_TEMPLATE);
    }

    public boolean exists(String service) {
        return QuarkusTransaction.requiringNew().call(() -> Service.byName(service).isPresent());
    }
}
