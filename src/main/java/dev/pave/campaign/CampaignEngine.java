package dev.pave.campaign;

import dev.pave.PaveConfig;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.StatusMessages;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.ConflictException;
import dev.pave.error.PaveException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.fleet.DeployedResource;
import dev.pave.fleet.DeployedResources;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.rollback.Rollbacks;
import dev.pave.service.ServiceService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Moves campaigns along, a step per poll: follows the deployments it started, starts the next ones of the current
 * wave up to its parallelism, halts on too many failures, gates each wave (every deployment finished well, the alarms
 * OK, the soak time over), and rolls back last wave first. A replica works on a campaign while it holds its lease, so
 * after a crash another replica, or the restarted one, carries on once the lease lapses. Every decision is taken
 * under the campaign's row lock and each deployment is started in a transaction that also records it, so a crash at
 * any point neither loses a deployment nor starts one twice.
 */
@ApplicationScoped
public class CampaignEngine {

    private static final Logger LOG = Logger.getLogger(CampaignEngine.class);

    /** What a step decided to start once the lock is released: upgrades, or rollbacks. */
    private record Starts(Campaign campaign, List<Long> items, boolean rollback) {
    }

    private final String owner = UUID.randomUUID().toString();

    @Inject
    PaveConfig config;

    @Inject
    DeployedResources resources;

    @Inject
    EnvironmentService environments;

    @Inject
    ServiceService services;

    @Inject
    Rollbacks rollbacks;

    @Inject
    AlarmStates alarms;

    @Inject
    IdentityService identity;

    @Scheduled(every = "${pave.campaigns.poll:2s}", delayed = "${pave.campaigns.poll:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        List<String> unfinished = QuarkusTransaction.requiringNew().call(() -> Campaign.<Campaign>find("finishedAt is null", Sort.by("createdAt"))
                .list().stream().map(c -> c.id).toList());
        for (String id : unfinished) {
            try {
                if (lease(id)) {
                    step(id);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "campaign %s: step failed; the next poll tries again", id);
            }
        }
    }

    private boolean lease(String id) {
        Instant now = Instant.now();
        return QuarkusTransaction.requiringNew().call(() -> Campaign.update("leaseOwner = ?1, leaseExpiresAt = ?2 where id = ?3 and "
                + "(leaseOwner is null or leaseOwner = ?1 or leaseExpiresAt < ?4)", owner, now.plus(config.campaigns().lease()), id, now) == 1);
    }

    /** One step of one campaign: decide under its lock, then start what was decided, each in its own transaction. */
    void step(String id) {
        Starts starts = QuarkusTransaction.requiringNew().call(() -> decide(id));
        for (Long item : starts.items()) {
            start(starts.campaign(), item, starts.rollback());
        }
    }

    private Starts decide(String id) {
        Campaign c = Campaign.findById(id, LockModeType.PESSIMISTIC_WRITE);
        List<CampaignItem> items = CampaignItem.list("campaignId", Sort.by("wave", "label"), id);
        items.forEach(CampaignEngine::follow);
        long inFlight = items.stream().filter(i -> i.status == CampaignItem.Status.DEPLOYING).count();
        Starts none = new Starts(c, List.of(), false);
        switch (c.status) {
            case RUNNING -> {
                return advance(c, items);
            }
            case ROLLING_BACK -> {
                return rollBack(c, items, inFlight);
            }
            case SUCCEEDED, ABORTED, ROLLED_BACK -> {
                if (inFlight == 0) {
                    c.finishedAt = Instant.now();
                }
                return none;
            }
            case WAITING_APPROVAL, PAUSED, HALTED -> {
                return none;
            }
        }
        return none;
    }

    /** Brings an item's status up to date with the deployment it is waiting for. */
    private static void follow(CampaignItem item) {
        boolean rollingBack = item.status == CampaignItem.Status.ROLLING_BACK;
        if (item.status != CampaignItem.Status.DEPLOYING && !rollingBack) {
            return;
        }
        Deployment d = Deployment.findById(rollingBack ? item.rollbackDeploymentId : item.deploymentId);
        if (d == null || d.status.active()) {
            return;
        }
        boolean good = d.status == DeploymentStatus.SUCCEEDED;
        item.status = rollingBack ? good ? CampaignItem.Status.ROLLED_BACK : CampaignItem.Status.ROLLBACK_FAILED
                : good ? CampaignItem.Status.SUCCEEDED : CampaignItem.Status.FAILED;
        if (!good) {
            item.message = d.status + (d.statusMessage == null ? "" : ": " + StatusMessages.headline(d.statusMessage));
        }
    }

    private Starts advance(Campaign c, List<CampaignItem> items) {
        List<CampaignWave> waves = CampaignWave.list("campaignId", Sort.by("ordinal"), c.id);
        CampaignWave wave = waves.get(c.currentWave);
        Instant now = Instant.now();
        if (wave.status == CampaignWave.Status.PENDING) {
            wave.status = CampaignWave.Status.DEPLOYING;
            wave.startedAt = now;
        }
        List<CampaignItem> ofWave = items.stream().filter(i -> i.wave == wave.ordinal).toList();
        long deployed = ofWave.stream().filter(i -> i.status != CampaignItem.Status.SKIPPED).count();
        long failed = ofWave.stream().filter(i -> i.status == CampaignItem.Status.FAILED).count();
        if (failed > 0 && failed * 100 > (long) c.failureLimit * deployed) {
            wave.status = CampaignWave.Status.HALTED;
            c.status = Campaign.Status.HALTED;
            c.statusMessage = "Halted in wave " + wave.name + ": " + failed + " of " + deployed + " deployment(s) failed, above the limit of "
                    + c.failureLimit + "%" + (wave.ordinal < waves.size() - 1 ? "; wave " + waves.get(wave.ordinal + 1).name + " was not started" : "");
            c.lastModifiedAt = now;
            return new Starts(c, List.of(), false);
        }
        long running = ofWave.stream().filter(i -> i.status == CampaignItem.Status.DEPLOYING).count();
        List<Long> next = ofWave.stream().filter(i -> i.status == CampaignItem.Status.PENDING).limit(Math.max(0, c.maxParallel - running))
                .map(i -> i.id).toList();
        if (!next.isEmpty() || running > 0) {
            return new Starts(c, next, false);
        }
        // every deployment of the wave is over and the failures are within the limit: the health gate
        Optional<String> unhealthy = alarms.firstNotOk(c.alarmNames());
        if (unhealthy.isPresent()) {
            wave.gateMessage = "Waiting for " + unhealthy.get();
            wave.healthyAt = null;
            return new Starts(c, List.of(), false);
        }
        if (wave.healthyAt == null) {
            wave.healthyAt = now;
        }
        Instant soaked = wave.healthyAt.plusSeconds(c.soakSeconds);
        if (!wave.promoted && now.isBefore(soaked)) {
            wave.status = CampaignWave.Status.SOAKING;
            wave.gateMessage = "Soaking until " + soaked;
            return new Starts(c, List.of(), false);
        }
        wave.status = CampaignWave.Status.PASSED;
        wave.gateMessage = null;
        wave.finishedAt = now;
        c.lastModifiedAt = now;
        if (c.currentWave == waves.size() - 1) {
            c.status = Campaign.Status.SUCCEEDED;
            c.statusMessage = "Every wave passed";
            c.finishedAt = now;
        } else {
            c.currentWave++;
        }
        return new Starts(c, List.of(), false);
    }

    /** Last wave first: each wave's changed resources go back before the wave below starts. */
    private Starts rollBack(Campaign c, List<CampaignItem> items, long inFlight) {
        if (inFlight > 0) {
            c.statusMessage = "Rolling back once " + inFlight + " running deployment(s) finish";
            return new Starts(c, List.of(), true);
        }
        Optional<Integer> wave = items.stream().filter(i -> i.status.changed() || i.status == CampaignItem.Status.ROLLING_BACK)
                .map(i -> i.wave).max(Integer::compare);
        if (wave.isEmpty()) {
            long failed = items.stream().filter(i -> i.status == CampaignItem.Status.ROLLBACK_FAILED).count();
            c.status = Campaign.Status.ROLLED_BACK;
            c.statusMessage = failed == 0 ? "Every changed resource runs its previous version and spec again"
                    : failed + " resource(s) could not be rolled back; see each one";
            c.finishedAt = c.lastModifiedAt = Instant.now();
            return new Starts(c, List.of(), true);
        }
        long running = items.stream().filter(i -> i.status == CampaignItem.Status.ROLLING_BACK).count();
        List<Long> next = items.stream().filter(i -> i.wave == wave.get() && i.status.changed()).limit(Math.max(0, c.maxParallel - running))
                .map(i -> i.id).toList();
        return new Starts(c, next, true);
    }

    /**
     * Starts an item's upgrade (or rollback) and records its deployment in one transaction; a refusal fails only
     * that item, with the refusal as its message.
     */
    private void start(Campaign c, Long itemId, boolean rollback) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                CampaignItem item = CampaignItem.findById(itemId, LockModeType.PESSIMISTIC_WRITE);
                if (rollback ? !item.status.changed() : item.status != CampaignItem.Status.PENDING) {
                    return; // another replica's step, before its lease lapsed, got here first
                }
                Caller caller = identity.actingFor(c.requestedBy);
                if (rollback) {
                    item.rollbackDeploymentId = rollbacks.rollBackTo(caller, item.resourceArn, item.fromDeploymentId);
                    item.status = CampaignItem.Status.ROLLING_BACK;
                    item.message = null;
                } else {
                    upgrade(caller, c, item);
                }
            });
        } catch (PaveException refused) {
            QuarkusTransaction.requiringNew().run(() -> {
                CampaignItem item = CampaignItem.findById(itemId);
                item.status = rollback ? CampaignItem.Status.ROLLBACK_FAILED : CampaignItem.Status.FAILED;
                item.message = refused.getMessage();
            });
        }
    }

    /**
     * Starts the item's move to the campaign's version as an ordinary update. The plan was computed when the campaign
     * was created: a resource that moved since is taken as it is now (what it runs now is what a rollback restores),
     * and one that already runs the version, or a later one, is skipped.
     */
    private void upgrade(Caller caller, Campaign c, CampaignItem item) {
        DeployedResource r = resources.byArn(item.resourceArn).orElseThrow(() -> new ResourceNotFoundException(
                "It was deleted after the campaign was planned"));
        if (!r.version().before(c.targetMajor, c.targetMinor)) {
            item.status = CampaignItem.Status.SKIPPED;
            item.message = "It runs " + r.version().version() + " already";
            return;
        }
        item.message = null;
        if (!Objects.equals(r.state().lastSucceededId, item.fromDeploymentId)) {
            item.message = "Changed since the plan (it ran " + item.fromVersion + "): a rollback restores what it ran just before this deployment";
            item.fromDeploymentId = r.state().lastSucceededId;
            item.fromVersion = r.version().version();
        }
        String before = r.state().lastAttemptedId;
        DeploymentType type = r.version().major == c.targetMajor ? DeploymentType.MINOR_VERSION : DeploymentType.MAJOR_VERSION;
        switch (r.type()) {
            case ENVIRONMENT -> environments.update(caller, r.name(), EnvironmentService.Change.deploy(type, c.targetMajor, c.targetMinor));
            case SERVICE_INSTANCE -> services.updateInstance(caller, r.service(), r.name(),
                    new ServiceService.VersionChange(type, null, c.targetMajor, c.targetMinor));
            case SERVICE_PIPELINE -> services.updatePipeline(caller, r.service(), new ServiceService.VersionChange(type, null, c.targetMajor, c.targetMinor));
            case COMPONENT -> throw new IllegalStateException("components have no template version");
        }
        String started = resources.byArn(item.resourceArn).orElseThrow().state().lastAttemptedId;
        if (Objects.equals(before, started)) {
            throw new ConflictException("The update started no deployment");
        }
        item.deploymentId = started;
        item.status = CampaignItem.Status.DEPLOYING;
    }

}
