package dev.pave.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.component.ComponentService;
import dev.pave.database.SqlValues;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.fleet.DeployedResource;
import dev.pave.fleet.DeployedResources;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.notice.Notices;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.provision.cloudformation.StackParameters;
import dev.pave.provision.command.CommandDrift;
import dev.pave.provision.command.CommandProvisioner;
import dev.pave.service.ServiceService;
import dev.pave.sync.ResourceSyncAttempt;
import dev.pave.sync.ServiceSyncAttempt;
import dev.pave.sync.ServiceSyncService;
import dev.pave.team.Ownership;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Drift checks: on a schedule ({@code pave.drift.interval}, one replica at a time), on demand ("Check drift now",
 * and NotifyResourceDeploymentStatusChange IN_PROGRESS on a resource with no self-managed deployment waiting), and
 * after a deployment of a drifted resource, so a Restore clears its panel. Each check asks every kind it can of one
 * resource and records what it found: a new finding opens (with a notice to the owning team), one found again stays
 * open with fresh evidence, one not found any more is resolved.
 */
@ApplicationScoped
public class DriftChecks {

    public static final String DETECTED = "Pave Drift Detected";
    private static final Logger LOG = Logger.getLogger(DriftChecks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A resource's drift as its panel shows it: open findings, the last check and what it could not tell. */
    public record Panel(DeployedResource target, List<DriftFinding> open, Instant checkedAt, String note) {

        public boolean drifted() {
            return !open.isEmpty();
        }

        /** A synced instance whose spec in Git is held back: what runs may be adopted into Git instead of restored. */
        public boolean adoptable() {
            return open.stream().anyMatch(f -> f.kind == DriftFinding.Kind.SPEC);
        }

        /** Restore redeploys the recorded spec: infrastructure and spec drift, not a version behind. */
        public boolean restorable() {
            return open.stream().anyMatch(f -> f.kind != DriftFinding.Kind.VERSION);
        }
    }

    /** What one kind's check found; {@code checked} false: it could not tell (the note says why). */
    record Found(boolean drifted, boolean checked, String summary, String evidence) {

        static Found of(CloudFormationDrift.Result r) {
            return new Found(r.drifted(), r.checked(), r.summary(), r.evidence());
        }

        static Found of(CommandDrift r) {
            return switch (r.verdict()) {
                case IN_SYNC -> new Found(false, true, null, null);
                case DRIFTED -> new Found(true, true, "The manifest's drift command reports that the infrastructure differs from the code",
                        r.output());
                case COULD_NOT_TELL -> new Found(false, false, "The drift command could not tell: " + r.message(), r.output());
            };
        }
    }

    @Inject
    DeployedResources targets;

    @Inject
    CloudFormationDrift cloudFormation;

    @Inject
    CommandProvisioner commandProvisioner;

    @Inject
    DeploymentService deployments;

    @Inject
    TemplateService templates;

    @Inject
    ServiceSyncService syncs;

    @Inject
    Ownership ownership;

    @Inject
    Notices notices;

    @Inject
    AuditLog audit;

    @Inject
    EnvironmentService environments;

    @Inject
    ServiceService services;

    @Inject
    ComponentService components;

    @Inject
    EntityManager em;

    /** "Check drift now": checks the resource and answers its panel. */
    public Panel check(Caller caller, String arn) {
        caller.requireDeployer();
        DeployedResource target = QuarkusTransaction.requiringNew().call(() -> target(arn));
        ownership.requireChange(caller, arn); // a check runs the owners' drift commands and may notify them
        checkTarget(target);
        audit(caller, "CheckDrift", arn);
        return panel(caller, arn);
    }

    private void audit(Caller caller, String action, String arn) {
        QuarkusTransaction.requiringNew().run(() -> audit.record(caller, action, arn, null));
    }

    /** Checks every deployed resource; answers how many were checked. */
    public int checkAll() {
        List<DeployedResource> all = QuarkusTransaction.requiringNew().call(targets::all);
        int checked = 0;
        for (DeployedResource t : all) {
            try {
                checkTarget(t);
                checked++;
            } catch (RuntimeException e) {
                LOG.warnf("drift check of %s failed: %s", t.arn(), e.getMessage());
            }
        }
        LOG.infof("drift round: %d of %d resources checked", checked, all.size());
        return checked;
    }

    /** The checks of one resource: the cloud calls outside any transaction, the findings recorded in one. */
    void checkTarget(DeployedResource t) {
        if (t.state().busy() || t.state().lastSucceededId == null) {
            QuarkusTransaction.requiringNew().run(() -> noteCheck(t.arn(), "Not checked: " + (t.state().busy() ? "a deployment is running"
                    : "nothing has been deployed yet")));
            return;
        }
        Map<DriftFinding.Kind, Found> found = new EnumMap<>(DriftFinding.Kind.class);
        StringBuilder notes = new StringBuilder();
        Deployment last = QuarkusTransaction.requiringNew().call(() -> Deployment.<Deployment>findById(t.state().lastSucceededId));
        if (last != null && last.method == ProvisioningMethod.COMMANDS) {
            ProvisionRequest deployed = QuarkusTransaction.requiringNew().call(() -> deployments.request(last.id));
            if (!deployed.driftCommands().isEmpty()) {
                Found command = Found.of(commandProvisioner.checkDrift(deployed));
                if (command.checked()) {
                    found.put(DriftFinding.Kind.COMMAND, command);
                } else {
                    notes.append(command.summary()).append(". ");
                }
            }
        }
        if (last != null && last.method == ProvisioningMethod.CLOUDFORMATION && last.stackName != null) {
            ProvisionRequest deployed = QuarkusTransaction.requiringNew().call(() -> deployments.request(last.id));
            String applied = deployed.files().get(last.templateFile);
            if (applied != null) {
                Map<String, String> passed = StackParameters.values(applied, deployed.targetType(), deployed.protonInputs());
                found.put(DriftFinding.Kind.TEMPLATE, Found.of(cloudFormation.template(deployed.accountRoleArn(), last.stackName, applied, passed)));
                Found resources = Found.of(cloudFormation.resources(deployed.accountRoleArn(), last.stackName));
                if (resources.checked()) {
                    found.put(DriftFinding.Kind.RESOURCE, resources);
                } else {
                    notes.append(resources.summary()).append(". ");
                }
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            version(t).ifPresent(f -> found.put(DriftFinding.Kind.VERSION, f));
            spec(t).ifPresent(f -> found.put(DriftFinding.Kind.SPEC, f));
            record(t, found);
            noteCheck(t.arn(), notes.isEmpty() ? null : notes.toString().strip());
        });
    }

    private Optional<Found> version(DeployedResource t) {
        if (t.templateName() == null || t.version() == null) {
            return Optional.empty();
        }
        Optional<TemplateVersion> recommended = Template.find(t.templateType(), t.templateName()).flatMap(templates::recommendedVersion);
        return switch (VersionRules.standing(recommended, t.version().major, t.version().minor)) {
            case UP_TO_DATE -> Optional.of(new Found(false, true, null, null));
            case BEHIND_MINOR, BEHIND_MAJOR -> Optional.of(new Found(true, true, t.label() + " runs " + t.templateName() + " "
                    + t.version().version() + "; " + recommended.get().version() + " is recommended",
                    "Running " + t.version().version() + ", recommended " + recommended.get().version()));
        };
    }

    /** A synced instance whose spec in Git is held back by a blocker: Git asks for one thing, the instance runs another. */
    private Optional<Found> spec(DeployedResource t) {
        if (t.type() != dev.pave.deploy.TargetType.SERVICE_INSTANCE) {
            return Optional.empty();
        }
        ServiceSyncService.InstanceSync sync = syncs.instanceSync(Caller.system(), t.service(), t.name());
        if (!sync.synced()) {
            return Optional.empty();
        }
        Optional<ServiceSyncAttempt> latest = ServiceSyncAttempt.find("service.name = ?1 and instanceName = ?2 order by id desc", t.service(), t.name())
                .firstResultOptional();
        Optional<ServiceSyncAttempt> applied = ServiceSyncAttempt.find("service.name = ?1 and instanceName = ?2 and status = ?3 order by id desc",
                t.service(), t.name(), ResourceSyncAttempt.Status.SUCCEEDED).firstResultOptional();
        boolean heldBack = sync.blocked() && latest.isPresent() && latest.get().status == ResourceSyncAttempt.Status.FAILED
                && (applied.isEmpty() || latest.get().id > applied.get().id);
        if (!heldBack) {
            return Optional.of(new Found(false, true, null, null));
        }
        ServiceSyncAttempt l = latest.get();
        return Optional.of(new Found(true, true, "The spec of " + t.label() + " in Git (" + l.directory + " at " + shortSha(l.targetSha)
                + ") differs from what runs: service sync is blocked",
                "Git: " + l.repositoryName + " " + l.branch + " " + l.directory + " at " + l.targetSha + "\n"
                        + applied.map(a -> "Deployed from: " + a.targetSha).orElse("Never deployed from Git") + "\n" + l.events));
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }

    private void record(DeployedResource t, Map<DriftFinding.Kind, Found> found) {
        Instant now = Instant.now();
        found.forEach((kind, f) -> {
            if (!f.checked()) {
                return;
            }
            Optional<DriftFinding> open = DriftFinding.find("resourceArn = ?1 and kind = ?2 and status = ?3", t.arn(), kind, DriftFinding.Status.OPEN)
                    .firstResultOptional();
            if (f.drifted() && open.isPresent()) {
                open.get().summary = f.summary();
                open.get().evidence = f.evidence();
                open.get().lastSeenAt = now;
            } else if (f.drifted()) {
                DriftFinding d = new DriftFinding();
                d.resourceArn = t.arn();
                d.kind = kind;
                d.status = DriftFinding.Status.OPEN;
                d.summary = f.summary();
                d.evidence = f.evidence();
                d.team = t.team();
                d.templateName = t.templateName();
                d.firstSeenAt = d.lastSeenAt = now;
                d.persist();
                publish(t, d);
            } else if (open.isPresent()) {
                open.get().status = DriftFinding.Status.RESOLVED;
                open.get().resolvedAt = now;
            }
        });
    }

    private void publish(DeployedResource t, DriftFinding d) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("name", t.name());
        if (t.service() != null) {
            detail.put("serviceName", t.service());
        }
        detail.put("targetType", t.type().name());
        detail.put("kind", d.kind.name());
        detail.put("summary", d.summary);
        detail.put("team", t.team());
        notices.publish(new Notices.NewNotice(DETECTED, t.arn(), t.team(), "Drift on " + t.label() + ": " + d.summary, detail, true));
    }

    private void noteCheck(String arn, String note) {
        em.createNativeQuery("insert into drift_check (resource_arn, checked_at, note) values (?1, now(), ?2)"
                + " on conflict (resource_arn) do update set checked_at = excluded.checked_at, note = excluded.note")
                .setParameter(1, arn).setParameter(2, note == null ? "" : note).executeUpdate();
    }

    // --- reading ----------------------------------------------------------------------------------------------

    public Panel panel(Caller caller, String arn) {
        caller.requireAnyRole();
        return QuarkusTransaction.requiringNew().call(() -> {
            DeployedResource t = target(arn);
            List<DriftFinding> open = DriftFinding.list("resourceArn = ?1 and status = ?2 order by kind", arn, DriftFinding.Status.OPEN);
            @SuppressWarnings("unchecked")
            List<Object[]> check = em.createNativeQuery("select checked_at, note from drift_check where resource_arn = ?1").setParameter(1, arn)
                    .getResultList();
            Instant checkedAt = check.isEmpty() ? null : SqlValues.instant(check.get(0)[0]);
            String note = check.isEmpty() || check.get(0)[1] == null || check.get(0)[1].toString().isEmpty() ? null : check.get(0)[1].toString();
            return new Panel(t, open, checkedAt, note);
        });
    }

    /** Open findings across the fleet, filtered by team, template and kind (null: any). */
    public List<DriftFinding> open(Caller caller, String team, String templateName, DriftFinding.Kind kind) {
        caller.requireAnyRole();
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder where = new StringBuilder("status = :open");
            io.quarkus.panache.common.Parameters p = io.quarkus.panache.common.Parameters.with("open", DriftFinding.Status.OPEN);
            if (team != null) {
                where.append(" and team = :team");
                p.and("team", team);
            }
            if (templateName != null) {
                where.append(" and templateName = :template");
                p.and("template", templateName);
            }
            if (kind != null) {
                where.append(" and kind = :kind");
                p.and("kind", kind);
            }
            return DriftFinding.<DriftFinding>list(where + " order by firstSeenAt desc", p);
        });
    }

    // --- restoring ----------------------------------------------------------------------------------------------

    /**
     * Restore: deploys the resource's recorded spec at its current version again (CURRENT_VERSION), which puts back
     * what Pave applied; when it succeeds the resource is checked again and its panel clears.
     */
    public String restore(Caller caller, String arn) {
        DeployedResource t = QuarkusTransaction.requiringNew().call(() -> target(arn));
        ownership.requireChange(caller, arn);
        String deployment = QuarkusTransaction.requiringNew().call(() -> switch (t.type()) {
            case ENVIRONMENT -> environments.update(caller, t.name(), EnvironmentService.Change.edit(DeploymentType.CURRENT_VERSION,
                    null, null, null, null)).deployment.lastAttemptedId;
            case SERVICE_INSTANCE -> services.updateInstance(caller, t.service(), t.name(),
                    new ServiceService.VersionChange(DeploymentType.CURRENT_VERSION, null, null, null)).deployment.lastAttemptedId;
            case SERVICE_PIPELINE -> services.updatePipeline(caller, t.service(),
                    new ServiceService.VersionChange(DeploymentType.CURRENT_VERSION, null, null, null)).pipelineDeployment.lastAttemptedId;
            case COMPONENT -> components.update(caller, t.name(), ComponentService.Change.deploy(null, null, null, false)).deployment.lastAttemptedId;
        });
        audit(caller, "RestoreDrift", arn);
        return deployment;
    }

    /** After a deployment of a resource with open findings finishes, check it again (Restore's panel clears by itself). */
    void recheck(String arn) {
        boolean drifted = QuarkusTransaction.requiringNew().call(() -> DriftFinding.count("resourceArn = ?1 and status = ?2", arn, DriftFinding.Status.OPEN) > 0);
        if (drifted) {
            QuarkusTransaction.requiringNew().call(() -> targets.byArn(arn)).ifPresent(this::checkTarget);
        }
    }

    private DeployedResource target(String arn) {
        if (arn == null || arn.isBlank()) {
            throw new ValidationException("Name the resource by its ARN");
        }
        return targets.byArn(arn).orElseThrow(() -> new ResourceNotFoundException("The resource " + arn + " was not found"));
    }

}
