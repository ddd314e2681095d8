package dev.pave.upgrade;

import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.TargetType;
import dev.pave.deploy.plan.Rendered;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.drift.DriftChecks;
import dev.pave.drift.DriftFinding;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.fleet.DeployedResource;
import dev.pave.fleet.DeployedResources;
import dev.pave.identity.Caller;
import dev.pave.render.UnifiedDiff;
import dev.pave.service.Service;
import dev.pave.service.ServiceDeployments;
import dev.pave.service.ServiceInstance;
import dev.pave.sync.ServiceSyncService;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hibernate.FlushMode;
import org.hibernate.Session;

/**
 * Upgrade plans: for a template and a target version (by default the recommended one), every environment, service
 * instance and pipeline behind it, each checked and rendered at the target with its real inputs, outputs and
 * components, and diffed against the IaC it runs now. Nothing is deployed: a plan shows the blast radius before
 * anyone rolls it out, and names what cannot upgrade and why.
 */
@ApplicationScoped
public class UpgradePlans {

    /** What upgrading one resource would do. */
    public enum Outcome {
        /** Its IaC changes: the diff says how. */
        CHANGE,
        /** The target renders the same IaC it runs: a deployment would change nothing. */
        NO_OP,
        /** It cannot upgrade now: the reason says why. */
        BLOCKED
    }

    /**
     * One resource of a plan.
     *
     * @param environment the environment it runs in (an environment: itself; a pipeline: none)
     * @param diff CHANGE: its IaC now against the target's, file by file
     * @param migratedSpec across a major with a migration (schema/migrations.yaml): the spec it would deploy
     */
    public record Item(DeployedResource resource, String environment, DeployedVersion from, Outcome outcome, String reason, String diff,
            String migratedSpec) {
    }

    /** A plan, computed at {@code computedAt} from the versions and specs the resources had then. */
    public record Plan(Template template, TemplateVersion target, List<Item> items, Instant computedAt) {

        public long count(Outcome outcome) {
            return items.stream().filter(i -> i.outcome() == outcome).count();
        }

        public long changes() {
            return count(Outcome.CHANGE);
        }

        public long noOps() {
            return count(Outcome.NO_OP);
        }

        public long blocked() {
            return count(Outcome.BLOCKED);
        }

        public SortedSet<String> environments() {
            return items.stream().map(Item::environment).filter(e -> e != null).collect(Collectors.toCollection(TreeSet::new));
        }

        public SortedSet<String> teams() {
            return items.stream().map(i -> i.resource().team()).filter(t -> t != null).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Inject
    TemplateService templates;

    @Inject
    VersionRules versionRules;

    @Inject
    DeployedResources resources;

    @Inject
    DeploymentService deployments;

    @Inject
    EnvironmentService environments;

    @Inject
    ServiceDeployments serviceDeployments;

    @Inject
    ServiceSyncService syncs;

    @Inject
    DriftChecks drift;

    @Inject
    EntityManager em;

    /**
     * Plans the upgrade of every resource of the template behind {@code major.minor} (null: the recommended version)
     * to that version. A version that is not published is refused: only published versions are deployed.
     */
    public Plan plan(Caller caller, TemplateType type, String templateName, Integer major, Integer minor) {
        caller.requireAnyRole();
        Map<String, List<DriftFinding>> drifted = drift.open(caller, null, templateName, null).stream()
                .filter(f -> f.kind != DriftFinding.Kind.VERSION).collect(Collectors.groupingBy(f -> f.resourceArn));
        return QuarkusTransaction.requiringNew().call(() -> {
            // a plan only reads: without this, every query would first dirty-check the thousands of resources it loaded
            Session session = em.unwrap(Session.class);
            session.setHibernateFlushMode(FlushMode.MANUAL);
            session.setDefaultReadOnly(true);
            Template template = templates.template(caller, type, templateName);
            TemplateVersion target = major == null
                    ? templates.recommendedVersion(template).orElseThrow(() -> new ValidationException("Template " + templateName
                            + " has no published version to upgrade to"))
                    : versionRules.published(caller, template, major, minor);
            Fleet fleet = fleet(type, templateName, drifted);
            List<DeployedResource> behind = resources.ofTemplate(type, templateName).stream()
                    .filter(r -> r.version() != null && r.version().before(target.majorVersion, target.minorVersion)).toList();
            Map<String, Map<String, String>> running = deployments.files(behind.stream().map(r -> r.state().lastSucceededId)
                    .filter(id -> id != null).toList());
            List<Item> items = new ArrayList<>();
            for (DeployedResource r : behind) {
                items.add(item(r, target, fleet, running.getOrDefault(r.state().lastSucceededId, Map.of())));
            }
            items.sort(Comparator.comparing((Item i) -> i.outcome()).thenComparing(i -> i.resource().label()));
            return new Plan(template, target, items, Instant.now());
        });
    }

    /** What the plan reads once for all its resources rather than once for each. */
    private record Fleet(Map<String, Environment> environments, Map<String, Service> services, Map<String, ServiceInstance> instances,
            Set<String> syncBlocked, Map<String, List<DriftFinding>> drifted) {
    }

    private Fleet fleet(TemplateType type, String templateName, Map<String, List<DriftFinding>> drifted) {
        if (type == TemplateType.ENVIRONMENT) {
            return new Fleet(Environment.<Environment>list("templateName", templateName).stream().collect(Collectors.toMap(e -> e.name, e -> e)),
                    Map.of(), Map.of(), Set.of(), drifted);
        }
        Map<String, Service> services = Service.<Service>list("templateName", templateName).stream().collect(Collectors.toMap(s -> s.name, s -> s));
        Map<String, ServiceInstance> instances = ServiceInstance.<ServiceInstance>list("templateName", templateName).stream()
                .collect(Collectors.toMap(i -> i.serviceName + "/" + i.name, i -> i));
        return new Fleet(Map.of(), services, instances, syncs.blockedTargets(services.keySet()), drifted);
    }


    private Item item(DeployedResource r, TemplateVersion target, Fleet fleet, Map<String, String> now) {
        ServiceInstance instance = r.type() == TargetType.SERVICE_INSTANCE ? fleet.instances().get(r.service() + "/" + r.name()) : null;
        String environment = r.type() == TargetType.ENVIRONMENT ? r.name() : instance == null ? null : instance.environmentName;
        List<DriftFinding> drifted = fleet.drifted().getOrDefault(r.arn(), List.of());
        String blocked = null;
        if (r.state().busy()) {
            blocked = "A deployment is in progress";
        } else if (r.state().lastSucceededId == null) {
            blocked = "It has never been deployed successfully";
        } else if (instance != null && (fleet.syncBlocked().contains(r.service()) || fleet.syncBlocked().contains(r.service() + "/" + r.name()))) {
            blocked = "Service sync is blocked: resolve its blocker first";
        } else if (!drifted.isEmpty()) {
            blocked = "Drifted: " + drifted.get(0).summary;
        }
        if (blocked != null) {
            return new Item(r, environment, r.version(), Outcome.BLOCKED, blocked, null, null);
        }
        Rendered after;
        try {
            after = switch (r.type()) {
                case ENVIRONMENT -> environments.renderedAt(fleet.environments().get(r.name()), target);
                case SERVICE_INSTANCE -> serviceDeployments.renderedAt(fleet.services().get(r.service()), instance, target);
                case SERVICE_PIPELINE -> serviceDeployments.pipelineRenderedAt(fleet.services().get(r.service()), target);
                case COMPONENT -> throw new IllegalStateException("components have no template version");
            };
        } catch (PaveException e) {
            return new Item(r, environment, r.version(), Outcome.BLOCKED, "At " + target.version() + ": " + e.getMessage(), null, null);
        }
        boolean migrated = r.version().major != target.majorVersion && templates.bundle(target).migrations().from(r.version().major).isPresent();
        String diff = UnifiedDiff.files(now, after.files());
        return new Item(r, environment, r.version(), diff.isEmpty() ? Outcome.NO_OP : Outcome.CHANGE, null, diff, migrated ? after.spec() : null);
    }
}
