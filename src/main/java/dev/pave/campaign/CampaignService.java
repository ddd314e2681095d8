package dev.pave.campaign;

import dev.pave.Arns;
import dev.pave.approval.Approval;
import dev.pave.approval.Approvals;
import dev.pave.deploy.DeploymentService;
import dev.pave.environment.Environment;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.tag.TagService;
import dev.pave.template.TemplateType;
import dev.pave.upgrade.UpgradePlans;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Upgrade campaigns: created from an upgrade plan, split into waves, then moved along by {@link CampaignEngine}.
 * Platform admins run them (a campaign changes every team's resources); everyone may watch. Each action takes the
 * campaign's row lock, so it never races the engine.
 */
@ApplicationScoped
public class CampaignService {

    /** The environment tag that groups environments into waves unless a campaign names another. */
    public static final String DEFAULT_GROUP_TAG = "stage";

    /**
     * What a campaign asks for. Waves: {@code waves} lists environment names per wave, in order; else environments are
     * grouped by their {@code groupTag} value, in {@code order} (values it leaves out follow alphabetically, untagged
     * environments last). Pipelines, which run in no environment, go with the last wave.
     *
     * @param major null: the template's recommended version
     * @param failureLimit the percentage of a wave's deployments that may fail (0: one failure halts the campaign)
     */
    public record NewCampaign(TemplateType type, String templateName, Integer major, Integer minor, String groupTag, List<String> order,
            List<List<String>> waves, int maxParallel, int failureLimit, int soakSeconds, List<String> alarms) {

        /** One wave per stage tag value, ten deployments at a time, no failures allowed, no soak, no alarms. */
        public static NewCampaign of(TemplateType type, String templateName, Integer major, Integer minor) {
            return new NewCampaign(type, templateName, major, minor, DEFAULT_GROUP_TAG, List.of(), List.of(), 10, 0, 0, List.of());
        }
    }

    /** A campaign with its waves and resources, for the pages and the API. */
    public record View(Campaign campaign, List<CampaignWave> waves, List<CampaignItem> items) {

        public List<CampaignItem> itemsOf(CampaignWave wave) {
            return items.stream().filter(i -> i.wave == wave.ordinal).toList();
        }

        public long count(CampaignItem.Status status) {
            return items.stream().filter(i -> i.status == status).count();
        }

        /** What can be done to it now. */
        public List<Action> actions() {
            return Arrays.stream(Action.values()).filter(a -> a.allows(campaign.status)).toList();
        }
    }

    @Inject
    UpgradePlans plans;

    @Inject
    TagService tags;

    @Inject
    Arns arns;

    @Inject
    AuditLog audit;

    @Inject
    Approvals approvals;

    public Campaign create(Caller caller, NewCampaign spec) {
        caller.require(Role.PLATFORM_ADMIN);
        validate(spec);
        UpgradePlans.Plan plan = plans.plan(caller, spec.type(), spec.templateName(), spec.major(), spec.minor());
        List<UpgradePlans.Item> deployable = plan.items().stream().filter(i -> i.outcome() != UpgradePlans.Outcome.BLOCKED).toList();
        if (deployable.isEmpty()) {
            throw new ValidationException("Nothing of " + spec.templateName() + " can move to " + plan.target().version()
                    + (plan.items().isEmpty() ? ": every resource already runs it or a later version" : ": every resource behind it is blocked"));
        }
        List<String> waveNames = new ArrayList<>();
        Map<String, Integer> waveOf = waves(spec, plan, waveNames);
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> approvalOfTeam = approvalsNeeded(plan, deployable);
            Campaign.<Campaign>find("templateType = ?1 and templateName = ?2 and finishedAt is null", spec.type(), spec.templateName())
                    .firstResultOptional().ifPresent(running -> {
                        throw new ConflictException("Campaign " + running.id + " of " + spec.templateName() + " is not finished yet");
                    });
            Campaign c = new Campaign();
            c.id = DeploymentService.newId();
            c.templateType = spec.type();
            c.templateName = spec.templateName();
            c.targetMajor = plan.target().majorVersion;
            c.targetMinor = plan.target().minorVersion;
            c.status = approvalOfTeam.isEmpty() ? Campaign.Status.RUNNING : Campaign.Status.WAITING_APPROVAL;
            c.maxParallel = spec.maxParallel();
            c.failureLimit = spec.failureLimit();
            c.soakSeconds = spec.soakSeconds();
            c.alarms = Campaign.write(spec.alarms());
            c.requestedBy = caller.username();
            c.createdAt = c.lastModifiedAt = Instant.now();
            c.persist();
            for (int n = 0; n < waveNames.size(); n++) {
                CampaignWave w = new CampaignWave();
                w.campaignId = c.id;
                w.ordinal = n;
                w.name = waveNames.get(n);
                w.status = CampaignWave.Status.PENDING;
                w.persist();
            }
            for (UpgradePlans.Item planned : plan.items()) {
                CampaignItem item = new CampaignItem();
                item.campaignId = c.id;
                item.resourceArn = planned.resource().arn();
                item.targetType = planned.resource().type();
                item.label = planned.resource().label();
                item.team = planned.resource().team();
                item.environment = planned.environment();
                item.fromVersion = planned.from().version();
                item.fromDeploymentId = planned.resource().state().lastSucceededId;
                item.wave = waveOf.get(item.resourceArn);
                boolean blocked = planned.outcome() == UpgradePlans.Outcome.BLOCKED;
                item.status = blocked ? CampaignItem.Status.SKIPPED : CampaignItem.Status.PENDING;
                item.message = blocked ? planned.reason() : null;
                item.persist();
            }
            approvalOfTeam.forEach((team, reason) -> approvals.request(caller, new Approvals.NewApproval(Approval.Kind.CAMPAIGN, c.id, null, null,
                    "campaign " + c.templateName + " to " + c.targetVersion() + (team.isEmpty() ? "" : " (team " + team + "'s resources)"),
                    team.isEmpty() ? null : team, c.templateType, c.templateName, c.targetMajor, c.targetMinor, null, reason)));
            if (!approvalOfTeam.isEmpty()) {
                c.statusMessage = "Waiting for approval by " + approvalOfTeam.size() + " team(s)";
            }
            audit.record(caller, "CreateCampaign", c.id, c.templateName + " to " + c.targetVersion() + ", " + waveNames.size() + " wave(s), "
                    + deployable.size() + " resource(s)");
            return c;
        });
    }

    /** For each owning team with a resource that needs approval, why (the first reason found); "" for resources in no team. */
    private static Map<String, String> approvalsNeeded(UpgradePlans.Plan plan, List<UpgradePlans.Item> deployable) {
        Map<String, Boolean> asks = Environment.<Environment>list("name in ?1", plan.environments()).stream()
                .collect(Collectors.toMap(e -> e.name, e -> e.upgradesNeedApproval));
        Map<String, String> reasons = new TreeMap<>();
        for (UpgradePlans.Item item : deployable) {
            boolean major = item.from().major != plan.target().majorVersion;
            Approvals.campaignNeeds(major, item.environment(), asks.getOrDefault(item.environment(), false), plan.template())
                    .ifPresent(reason -> reasons.putIfAbsent(item.resource().team() == null ? "" : item.resource().team(), reason));
        }
        return reasons;
    }

    /** A team decided: the campaign starts once every team approved, and is aborted by the first rejection. */
    void decided(@Observes Approvals.Decided decided) {
        Approval a = decided.approval();
        if (a.kind != Approval.Kind.CAMPAIGN) {
            return;
        }
        Campaign c = Campaign.findById(a.campaignId, LockModeType.PESSIMISTIC_WRITE);
        if (c.status != Campaign.Status.WAITING_APPROVAL) {
            throw new ConflictException("Campaign " + c.id + " is " + c.status + "; it waits for no approval");
        }
        c.lastModifiedAt = Instant.now();
        if (a.status == Approval.Status.REJECTED) {
            c.status = Campaign.Status.ABORTED;
            c.statusMessage = "Rejected by " + a.decidedBy + (a.comment == null ? "" : ": " + a.comment);
            approvals.cancelPending(c.id, "Another team rejected the campaign");
            CampaignItem.update("status = ?1, message = ?2 where campaignId = ?3 and status = ?4", CampaignItem.Status.SKIPPED,
                    "The campaign was rejected", c.id, CampaignItem.Status.PENDING);
            return;
        }
        long waiting = approvals.ofCampaign(c.id).stream().filter(other -> other.status == Approval.Status.PENDING).count();
        if (waiting == 0) {
            c.status = Campaign.Status.RUNNING;
            c.statusMessage = "Approved by " + a.decidedBy;
        } else {
            c.statusMessage = "Waiting for approval by " + waiting + " more team(s)";
        }
    }

    private static void validate(NewCampaign spec) {
        if (spec.maxParallel() < 1 || spec.maxParallel() > 100) {
            throw new ValidationException("maxParallel must be between 1 and 100");
        }
        if (spec.failureLimit() < 0 || spec.failureLimit() > 100) {
            throw new ValidationException("failureLimit must be a percentage between 0 and 100");
        }
        if (spec.soakSeconds() < 0 || spec.soakSeconds() > 7 * 24 * 3600) {
            throw new ValidationException("soakSeconds must be between 0 and 604800 (a week)");
        }
        if (spec.alarms().size() > 20) {
            throw new ValidationException("A campaign watches at most 20 alarms");
        }
        for (String alarm : spec.alarms()) {
            if (alarm == null || alarm.isBlank() || alarm.length() > 255) {
                throw new ValidationException("Alarm names are 1 to 255 characters");
            }
        }
        if (spec.waves().isEmpty() && (spec.groupTag() == null || spec.groupTag().isBlank())) {
            throw new ValidationException("Name the environment tag that groups environments into waves, or list the waves");
        }
    }

    /** Each planned resource's wave ordinal; fills {@code names} with the waves' names in order. */
    private Map<String, Integer> waves(NewCampaign spec, UpgradePlans.Plan plan, List<String> names) {
        Map<String, Integer> waveOfEnvironment = new LinkedHashMap<>();
        if (!spec.waves().isEmpty()) {
            for (List<String> wave : spec.waves()) {
                for (String environment : wave) {
                    if (waveOfEnvironment.putIfAbsent(environment, names.size()) != null) {
                        throw new ValidationException("Environment " + environment + " is in more than one wave");
                    }
                }
                names.add(String.join(", ", wave));
            }
            Set<String> missing = plan.environments().stream().filter(e -> !waveOfEnvironment.containsKey(e)).collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                throw new ValidationException("These environments are in no wave: " + String.join(", ", missing));
            }
        } else {
            Map<String, String> arnOf = plan.environments().stream().collect(Collectors.toMap(e -> arns.of("environment", e), e -> e));
            Map<String, String> valueOf = new LinkedHashMap<>();
            QuarkusTransaction.requiringNew().run(() -> tags.values(arnOf.keySet(), spec.groupTag())
                    .forEach((arn, value) -> valueOf.put(arnOf.get(arn), value)));
            List<String> values = new ArrayList<>(spec.order());
            valueOf.values().stream().distinct().sorted().filter(v -> !values.contains(v)).forEach(values::add);
            values.retainAll(valueOf.values());
            for (String value : values) {
                valueOf.forEach((environment, v) -> {
                    if (v.equals(value)) {
                        waveOfEnvironment.put(environment, names.size());
                    }
                });
                names.add(spec.groupTag() + "=" + value);
            }
            if (plan.environments().stream().anyMatch(e -> !valueOf.containsKey(e))) {
                plan.environments().stream().filter(e -> !valueOf.containsKey(e)).forEach(e -> waveOfEnvironment.put(e, names.size()));
                names.add("no " + spec.groupTag() + " tag");
            }
        }
        if (names.isEmpty()) {
            names.add("pipelines");
        }
        int last = names.size() - 1;
        return plan.items().stream().collect(Collectors.toMap(i -> i.resource().arn(),
                i -> i.environment() == null ? last : waveOfEnvironment.get(i.environment())));
    }

    // --- reading ---------------------------------------------------------------------------------------------

    public View view(Caller caller, String id) {
        caller.requireAnyRole();
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = Campaign.<Campaign>findByIdOptional(id == null ? "" : id)
                    .orElseThrow(() -> new ResourceNotFoundException("The campaign " + id + " was not found"));
            return new View(c, CampaignWave.list("campaignId", Sort.by("ordinal"), id), CampaignItem.list("campaignId", Sort.by("wave", "label"), id));
        });
    }

    /** The newest campaigns first; {@code templateName} narrows to one template's. */
    public List<Campaign> campaigns(Caller caller, String templateName, int limit) {
        caller.requireAnyRole();
        return QuarkusTransaction.requiringNew().call(() -> templateName == null
                ? Campaign.<Campaign>findAll(Sort.descending("createdAt")).range(0, limit - 1).list()
                : Campaign.<Campaign>find("templateName", Sort.descending("createdAt"), templateName).range(0, limit - 1).list());
    }

    // --- steering ----------------------------------------------------------------------------------------------

    /** What an admin can do to a campaign, each in the statuses it makes sense in. */
    public enum Action {
        PAUSE("pause", "Pause", Campaign.Status.RUNNING),
        RESUME("resume", "Resume", Campaign.Status.PAUSED),
        PROMOTE("promote", "Promote", Campaign.Status.RUNNING, Campaign.Status.PAUSED),
        ABORT("abort", "Abort", Campaign.Status.WAITING_APPROVAL, Campaign.Status.RUNNING, Campaign.Status.PAUSED, Campaign.Status.HALTED),
        ROLL_BACK("rollback", "Roll back", Campaign.Status.RUNNING, Campaign.Status.PAUSED, Campaign.Status.HALTED, Campaign.Status.SUCCEEDED,
                Campaign.Status.ABORTED);

        /** Its name in URLs: {@code /campaigns/<id>/rollback}. */
        public final String path;
        public final String label;
        private final List<Campaign.Status> allowed;

        Action(String path, String label, Campaign.Status... allowed) {
            this.path = path;
            this.label = label;
            this.allowed = List.of(allowed);
        }

        public boolean allows(Campaign.Status status) {
            return allowed.contains(status);
        }

        public static Optional<Action> byPath(String path) {
            return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst();
        }
    }

    /** Pause, Resume, Promote (skip the current wave's soak), Abort or Roll back; refused where it makes no sense. */
    public Campaign steer(Caller caller, String id, Action action) {
        caller.require(Role.PLATFORM_ADMIN);
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = Campaign.<Campaign>findByIdOptional(id == null ? "" : id, LockModeType.PESSIMISTIC_WRITE)
                    .orElseThrow(() -> new ResourceNotFoundException("The campaign " + id + " was not found"));
            if (!action.allows(c.status)) {
                throw new ConflictException("Campaign " + c.id + " is " + c.status + "; " + action.label.toLowerCase() + " needs it "
                        + action.allowed.stream().map(Enum::name).collect(Collectors.joining(" or ")));
            }
            switch (action) {
                case PAUSE -> {
                    c.status = Campaign.Status.PAUSED;
                    c.statusMessage = "Paused by " + caller.username();
                }
                case RESUME -> {
                    c.status = Campaign.Status.RUNNING;
                    c.statusMessage = null;
                }
                case PROMOTE -> {
                    CampaignWave w = CampaignWave.<CampaignWave>find("campaignId = ?1 and ordinal = ?2", c.id, c.currentWave).singleResult();
                    w.promoted = true;
                }
                case ABORT -> {
                    c.status = Campaign.Status.ABORTED;
                    c.statusMessage = "Aborted by " + caller.username();
                    approvals.cancelPending(c.id, "The campaign was aborted");
                    CampaignItem.update("status = ?1, message = ?2 where campaignId = ?3 and status = ?4", CampaignItem.Status.SKIPPED,
                            "The campaign was aborted first", c.id, CampaignItem.Status.PENDING);
                }
                case ROLL_BACK -> {
                    c.status = Campaign.Status.ROLLING_BACK;
                    c.statusMessage = "Rolling back, asked by " + caller.username();
                    c.finishedAt = null;
                    CampaignItem.update("status = ?1, message = ?2 where campaignId = ?3 and status = ?4", CampaignItem.Status.SKIPPED,
                            "The campaign was rolled back first", c.id, CampaignItem.Status.PENDING);
                }
            }
            c.lastModifiedAt = Instant.now();
            audit.record(caller, "Campaign" + action.name(), c.id, c.templateName + " to " + c.targetVersion());
            return c;
        });
    }

}
