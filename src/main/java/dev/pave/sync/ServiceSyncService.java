package dev.pave.sync;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Door;
import dev.pave.service.ManualChanges;
import dev.pave.service.Service;
import dev.pave.service.ServiceService;
import dev.pave.team.Ownership;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Service sync configs, what their syncs did, and sync blockers (Proton's CreateServiceSyncConfig …
 * GetServiceInstanceSyncStatus, GetServiceSyncBlockerSummary, UpdateServiceSyncBlocker). The syncs themselves are
 * {@link ServiceSyncWorker}'s. A hand-made change to a synced instance opens a blocker here, in the change's own
 * transaction, so the next round cannot slip in between and overwrite it.
 */
@ApplicationScoped
@Transactional
public class ServiceSyncService implements ManualChanges {

    /** Where a service's proton-ops file is. */
    public record Source(String repositoryProvider, String repositoryName, String branch, String filePath) {
    }

    /** An instance's sync state: the revision it follows, its last attempt and its last success. */
    public record Status(TemplateSyncService.Revision desiredState, Optional<ServiceSyncAttempt> latestSync,
            Optional<ServiceSyncAttempt> latestSuccessfulSync) {
    }

    /** GetServiceSyncBlockerSummary: the latest blockers of a service, or of one of its instances. */
    public record BlockerSummary(String serviceName, String serviceInstanceName, List<SyncBlocker> latestBlockers) {
    }

    /** What the service's sync tab shows: the config, the last look at its branch, each target's syncs, and blockers. */
    public record Overview(ServiceSyncConfig config, RepositorySyncAttempt lastRead, List<TargetSync> targets, List<SyncBlocker> serviceBlockers,
            List<SyncBlocker> resolved) {

        /** Whether anything (the service or one of its instances) is blocked. */
        public boolean blocked() {
            return !serviceBlockers.isEmpty() || targets.stream().anyMatch(t -> !t.blockers().isEmpty());
        }
    }

    /** One instance (or the pipeline) under sync: its last sync, its last successful one (each may be null), its active blockers. */
    public record TargetSync(String target, ServiceSyncAttempt latest, ServiceSyncAttempt latestSuccessful, List<SyncBlocker> blockers) {

        public String lastEvent() {
            List<SyncEvent> events = latest == null ? List.of() : latest.eventList();
            return events.isEmpty() ? null : events.get(events.size() - 1).event();
        }
    }

    /** A resolve reason is a sentence or two; this keeps the audit log and the page readable. */
    static final int MAX_REASON = 2000;

    /** A sync blocker was opened, inside the hand-made change's transaction. */
    public record Blocked(SyncBlocker blocker) {
    }

    @Inject
    Event<Blocked> blocked;

    @Inject
    Ownership ownership;

    @Inject
    ServiceService services;

    @Inject
    AuditLog audit;

    @Inject
    Event<SyncTrigger.Changed> changed;

    public ServiceSyncConfig create(Caller caller, String serviceName, Source source) {
        Service s = services.service(caller, serviceName);
        ownership.requireChange(caller, s);
        if (ServiceSyncConfig.of(s).isPresent()) {
            throw new ConflictException("Service " + serviceName + " already has a service sync config; update or delete it");
        }
        ServiceSyncConfig c = new ServiceSyncConfig();
        c.service = s;
        c.createdAt = Instant.now();
        apply(c, source);
        c.persist();
        audit.record(caller, "CreateServiceSyncConfig", serviceName, describe(c));
        changed.fire(new SyncTrigger.Changed());
        return c;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ServiceSyncConfig config(Caller caller, String serviceName) {
        return ServiceSyncConfig.of(services.service(caller, serviceName)).orElseThrow(() -> new ResourceNotFoundException(
                "Service " + serviceName + " has no service sync config"));
    }

    /** The service's sync, if it has one: every listed instance (and the pipeline once synced) with its syncs and blockers. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Overview> overview(Caller caller, String serviceName) {
        Service s = services.service(caller, serviceName);
        return ServiceSyncConfig.of(s).map(c -> {
            List<ServiceSyncAttempt> latest = ServiceSyncAttempt.<ServiceSyncAttempt>find("""
                    service = ?1 and id in (select max(b.id) from ServiceSyncAttempt b where b.service = ?1 group by b.instanceName)""", s).list();
            List<ServiceSyncAttempt> succeeded = ServiceSyncAttempt.<ServiceSyncAttempt>find("""
                    service = ?1 and id in (select max(b.id) from ServiceSyncAttempt b where b.service = ?1 and b.status = ?2
                    group by b.instanceName)""", s, ResourceSyncAttempt.Status.SUCCEEDED).list();
            List<SyncBlocker> blockers = blockers(s, null, true);
            Set<String> names = new TreeSet<>();
            if (c.listedInstances != null && !c.listedInstances.isEmpty()) {
                names.addAll(List.of(c.listedInstances.split(",")));
            }
            latest.stream().filter(a -> a.instanceName != null).forEach(a -> names.add(a.instanceName));
            List<TargetSync> targets = new ArrayList<>();
            Function<String, TargetSync> target = name -> new TargetSync(name == null ? "pipeline" : name,
                    latest.stream().filter(a -> Objects.equals(a.instanceName, name)).findFirst().orElse(null),
                    succeeded.stream().filter(a -> Objects.equals(a.instanceName, name)).findFirst().orElse(null),
                    name == null ? List.of() : blockers.stream().filter(b -> b.active() && name.equals(b.instanceName)).toList());
            names.forEach(n -> targets.add(target.apply(n)));
            if (latest.stream().anyMatch(a -> a.instanceName == null)) {
                targets.add(target.apply(null));
            }
            RepositorySyncAttempt lastRead = RepositorySyncAttempt.<RepositorySyncAttempt>find("""
                    repositoryProvider = ?1 and repositoryName = ?2 and branch = ?3 and syncType = ?4""", Sort.descending("id"),
                    c.repositoryProvider, c.repositoryName, c.branch, RepositorySyncAttempt.SyncType.SERVICE_SYNC).firstResult();
            return new Overview(c, lastRead, targets, blockers.stream().filter(b -> b.active() && b.instanceName == null).toList(),
                    blockers.stream().filter(b -> !b.active()).toList());
        });
    }

    /** How service sync stands for one instance: whether it follows Git, and whether a blocker holds it back. */
    public record InstanceSync(boolean synced, boolean blocked, String filePath) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public InstanceSync instanceSync(Caller caller, String serviceName, String instanceName) {
        Service s = services.service(caller, serviceName);
        return ServiceSyncConfig.of(s).filter(c -> c.follows(instanceName)).map(c -> new InstanceSync(true,
                SyncBlocker.count("service = ?1 and status = ?2 and (instanceName is null or instanceName = ?3)", s, SyncBlocker.Status.ACTIVE,
                        instanceName) > 0, c.filePath)).orElse(new InstanceSync(false, false, null));
    }

    /**
     * What active blockers hold back among these services: {@code service} for a whole service, {@code service/instance}
     * for one instance (an upgrade plan's question, asked once for all).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> blockedTargets(Collection<String> serviceNames) {
        if (serviceNames.isEmpty()) {
            return Set.of();
        }
        Set<String> blocked = new HashSet<>();
        SyncBlocker.getEntityManager().createQuery("select b.service.name, b.instanceName from SyncBlocker b where b.service.name in :names"
                + " and b.status = :active", Object[].class).setParameter("names", serviceNames).setParameter("active", SyncBlocker.Status.ACTIVE)
                .getResultList().forEach(r -> blocked.add(r[1] == null ? (String) r[0] : r[0] + "/" + r[1]));
        return blocked;
    }

    /** Of these services, those with an active sync blocker (for the badges on lists). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> blocked(List<String> serviceNames) {
        if (serviceNames.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(SyncBlocker.getEntityManager().createQuery(
                "select distinct b.service.name from SyncBlocker b where b.service.name in :names and b.status = :active", String.class)
                .setParameter("names", serviceNames).setParameter("active", SyncBlocker.Status.ACTIVE).getResultList());
    }

    public ServiceSyncConfig update(Caller caller, String serviceName, Source source) {
        ServiceSyncConfig c = config(caller, serviceName);
        ownership.requireChange(caller, c.service);
        apply(c, source);
        c.lastSyncedHeads = null; // another file or branch is read afresh
        c.listedInstances = null;
        audit.record(caller, "UpdateServiceSyncConfig", serviceName, describe(c));
        changed.fire(new SyncTrigger.Changed());
        return c;
    }

    /** Stops syncing; the instances stay as they are (Proton's DeleteServiceSyncConfig). */
    public ServiceSyncConfig delete(Caller caller, String serviceName) {
        ServiceSyncConfig c = config(caller, serviceName);
        ownership.requireChange(caller, c.service);
        c.delete();
        audit.record(caller, "DeleteServiceSyncConfig", serviceName, describe(c));
        return c;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Status status(Caller caller, String serviceName, String instanceName) {
        ServiceSyncConfig c = config(caller, serviceName);
        if (!c.follows(instanceName)) {
            throw new ResourceNotFoundException("Service instance " + serviceName + "/" + instanceName + " is not in proton-ops file "
                    + c.filePath + " of " + c.repositoryName);
        }
        Optional<ServiceSyncAttempt> latest = ServiceSyncAttempt.<ServiceSyncAttempt>find("service = ?1 and instanceName = ?2",
                Sort.descending("id"), c.service, instanceName).firstResultOptional();
        Optional<ServiceSyncAttempt> succeeded = ServiceSyncAttempt.<ServiceSyncAttempt>find("service = ?1 and instanceName = ?2 and status = ?3",
                Sort.descending("id"), c.service, instanceName, ResourceSyncAttempt.Status.SUCCEEDED).firstResultOptional();
        TemplateSyncService.Revision desired = latest.map(a -> new TemplateSyncService.Revision(c.repositoryProvider, c.repositoryName, a.branch,
                a.directory, a.targetSha)).orElse(new TemplateSyncService.Revision(c.repositoryProvider, c.repositoryName, c.branch, "", ""));
        return new Status(desired, latest, succeeded);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public BlockerSummary blockerSummary(Caller caller, String serviceName, Optional<String> instanceName) {
        Service s = services.service(caller, serviceName);
        instanceName.ifPresent(i -> services.instance(caller, serviceName, i));
        return new BlockerSummary(serviceName, instanceName.orElse(null), blockers(s, instanceName.orElse(null), false));
    }

    /** UpdateServiceSyncBlocker: resolves a blocker with a reason; the next sync round syncs what it held back. */
    public SyncBlocker resolve(Caller caller, String id, String reason) {
        caller.requireDeployer();
        if (reason == null || reason.isBlank()) {
            throw new ValidationException(ValidationException.Problem.about("resolvedReason", "Say why the blocker can be resolved"));
        }
        if (reason.length() > MAX_REASON) {
            throw new ValidationException(ValidationException.Problem.about("resolvedReason", "The reason is " + reason.length()
                    + " characters; keep it to " + MAX_REASON));
        }
        SyncBlocker b = SyncBlocker.<SyncBlocker>findByIdOptional(id).orElseThrow(() -> new ResourceNotFoundException(
                "The sync blocker " + id + " was not found"));
        ownership.requireChange(caller, b.service);
        if (!b.active()) {
            throw new ConflictException("Sync blocker " + id + " was already resolved by " + b.resolvedBy + " at " + b.resolvedAt);
        }
        b.status = SyncBlocker.Status.RESOLVED;
        b.resolvedReason = reason.strip();
        b.resolvedBy = caller.username();
        b.resolvedAt = Instant.now();
        // the next round looks again, and applies Git's entry even where it was applied before the hand-made change
        ServiceSyncConfig.of(b.service).ifPresent(c -> c.lastSyncedHeads = null);
        if (b.instanceName == null) {
            ServiceSyncAttempt.update("digest = null where service = ?1", b.service);
        } else {
            ServiceSyncAttempt.update("digest = null where service = ?1 and instanceName = ?2", b.service, b.instanceName);
        }
        audit.record(caller, "UpdateServiceSyncBlocker", b.service.name + (b.instanceName == null ? "" : "/" + b.instanceName),
                id + ": " + b.resolvedReason);
        changed.fire(new SyncTrigger.Changed());
        return b;
    }

    @Override
    public void instanceChanged(Caller caller, Service service, String instance, String operation) {
        block(caller, service, instance, false, operation, "Service instance " + instance + " was " + (operation.startsWith("Create") ? "created" : "changed")
                + " by hand (" + operation + " by " + caller.username() + "); service sync leaves it alone until this is resolved");
    }

    @Override
    public void instanceRemoved(Caller caller, Service service, String instance, String operation) {
        block(caller, service, instance, true, operation, "Service instance " + instance + " was removed by hand (" + operation + " by "
                + caller.username() + "); service sync of " + service.name + " waits until this is resolved");
    }

    /** A service sync deployment finished: the attempt that started it ends with it, in the same transaction. */
    void deploymentFinished(@Observes DeploymentService.Finished finished) {
        ServiceSyncAttempt.<ServiceSyncAttempt>find("status = ?1 and deploymentId = ?2", ResourceSyncAttempt.Status.IN_PROGRESS,
                finished.deploymentId()).firstResultOptional().ifPresent(a -> settle(a, Deployment.findById(finished.deploymentId())));
    }

    /** Ends an IN_PROGRESS attempt as its deployment ended (also run by the worker for any a crash left behind). */
    static void settle(ServiceSyncAttempt a, Deployment d) {
        if (d == null || d.status.active()) {
            return;
        }
        boolean ok = d.status == DeploymentStatus.SUCCEEDED;
        a.status = ok ? ResourceSyncAttempt.Status.SUCCEEDED : ResourceSyncAttempt.Status.FAILED;
        a.add(SyncEvent.now(a.status.name(), "Deployment " + d.id + " " + d.status + (d.statusMessage == null || ok ? "" : ": " + d.statusMessage), d.id));
    }

    /** Opens a blocker on a synced instance (or on its whole service), unless one is open there already. */
    private void block(Caller caller, Service service, String changed, boolean wholeService, String operation, String reason) {
        if (caller.door() == Door.SYSTEM) {
            return; // Pave's own changes (service sync among them) are not hand-made
        }
        Optional<ServiceSyncConfig> config = ServiceSyncConfig.of(service);
        if (config.isEmpty() || !config.get().follows(changed)) {
            return;
        }
        String instance = wholeService ? null : changed;
        boolean open = SyncBlocker.count("service = ?1 and status = ?2 and " + (instance == null ? "instanceName is null" : "instanceName = ?3"),
                instance == null ? new Object[] {service, SyncBlocker.Status.ACTIVE} : new Object[] {service, SyncBlocker.Status.ACTIVE, instance}) > 0;
        if (open) {
            return;
        }
        SyncBlocker b = new SyncBlocker();
        b.id = UUID.randomUUID().toString();
        b.service = service;
        b.instanceName = instance;
        b.status = SyncBlocker.Status.ACTIVE;
        b.createdReason = reason;
        b.createdBy = caller.username();
        b.createdAt = Instant.now();
        Map<String, String> contexts = new LinkedHashMap<>();
        contexts.put("serviceName", service.name);
        if (instance != null) {
            contexts.put("serviceInstanceName", instance);
        }
        contexts.put("operation", operation);
        contexts.put("user", caller.username());
        b.contexts(contexts);
        b.persist();
        blocked.fire(new Blocked(b));
        audit.record(caller, "CreateServiceSyncBlocker", service.name + (instance == null ? "" : "/" + instance), b.id + ": " + reason);
    }

    private static List<SyncBlocker> blockers(Service s, String instance, boolean all) {
        return SyncBlocker.<SyncBlocker>find("service = ?1" + (all ? "" : instance == null ? " and instanceName is null" : " and instanceName = ?2"),
                Sort.descending("createdAt"), all || instance == null ? new Object[] {s} : new Object[] {s, instance}).page(0, all ? 100 : 10).list();
    }

    private static void apply(ServiceSyncConfig c, Source source) {
        SyncPaths.requireLinked(source.repositoryProvider(), source.repositoryName());
        SyncPaths.requireBranch(source.branch());
        c.filePath = SyncPaths.inRepository(source.filePath()).filter(p -> !p.isEmpty()).orElseThrow(() -> new ValidationException(
                ValidationException.Problem.about("filePath", "filePath must be a file path inside the repository, like proton-ops.yaml")));
        c.repositoryProvider = source.repositoryProvider();
        c.repositoryName = source.repositoryName();
        c.branch = source.branch();
        c.lastModifiedAt = Instant.now();
    }

    private static String describe(ServiceSyncConfig c) {
        return c.repositoryProvider + "/" + c.repositoryName + "@" + c.branch + ":" + c.filePath;
    }
}
