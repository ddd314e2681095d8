package dev.pave.deploy;

import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisionedResource;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.provision.cloudformation.RunningStack;
import dev.pave.team.Ownership;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Deployments as Proton has them: one active per target, a history with initial and target state, cancel, outcomes
 * notified from outside, and an event log. Features start deployments inside their own transaction
 * ({@link #start}); {@link DeploymentWorkers} run them.
 */
@ApplicationScoped
@Transactional
public class DeploymentService {

    /** Which targets to list deployments of; every member may be null. */
    public record Filter(String environmentName, String serviceName, String serviceInstanceName, String componentName, TargetType targetType) {

        /** Proton's ListDeployments filter: names only, any kind of target. */
        public Filter(String environmentName, String serviceName, String serviceInstanceName, String componentName) {
            this(environmentName, serviceName, serviceInstanceName, componentName, null);
        }

        /** The deployments of one environment itself (not of what runs in it). */
        public static Filter ofEnvironment(String name) {
            return new Filter(name, null, null, null, TargetType.ENVIRONMENT);
        }

        public static Filter ofInstance(String service, String name) {
            return new Filter(null, service, name, null, TargetType.SERVICE_INSTANCE);
        }

        public static Filter ofPipeline(String service) {
            return new Filter(null, service, null, null, TargetType.SERVICE_PIPELINE);
        }

        public static Filter ofComponent(String name) {
            return new Filter(null, null, null, name, TargetType.COMPONENT);
        }
    }

    /** A NotifyResourceDeploymentStatusChange call; {@code status} and {@code deploymentId} may be null. */
    public record Notification(String resourceArn, String status, String deploymentId, Map<String, String> outputs, String statusMessage) {
    }

    /** A deployment was committed; workers on this replica wake up for it. */
    public record Queued(String deploymentId, ProvisioningMethod method, ProvisionRequest.Action action) {
    }

    /**
     * A deployment moved from {@code previous} (for a new one: the status of the target's deployment before it, or
     * null) to its current status; fired inside the change's transaction, while the target still exists.
     */
    public record StatusChanged(Deployment deployment, DeploymentStatus previous) {
    }

    /** NotifyResourceDeploymentStatusChange IN_PROGRESS on a resource with no deployment waiting: check it for drift. */
    public record DriftCheckAsked(Caller caller, String resourceArn) {
    }

    /** A deployment reached its final status, {@code took} after it was queued. */
    public record Finished(String deploymentId, ProvisioningMethod method, DeploymentStatus status, Duration took) {
    }

    @Inject
    Ownership ownership;

    @Inject
    DeploymentStore store;

    @Inject
    DeploymentEvents events;

    @Inject
    AuditLog audit;

    @Inject
    Instance<DeploymentTarget> targets;

    @Inject
    Instance<ChangeRequests> changeRequests;

    @Inject
    Event<Queued> queued;

    @Inject
    Event<Finished> finished;

    @Inject
    Event<StatusChanged> statusChanged;

    @Inject
    Event<DriftCheckAsked> driftCheckAsked;

    /**
     * One parameter per active status: Hibernate translates a query with a list parameter again at every call, and
     * every deployment started asks this one.
     */
    private static final String ACTIVE_ON_TARGET = "targetArn = ?1 and status in ("
            + IntStream.range(0, DeploymentStatus.ACTIVE.size()).mapToObj(i -> "?" + (i + 2)).collect(Collectors.joining(", ")) + ")";

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    // --- starting and cancelling (inside the asking feature's transaction) ---------------------------------

    /**
     * Records a deployment in the caller's transaction, so the change that asks for it and the deployment commit
     * together. A target with an active deployment gets a ConflictException (the partial unique index settles races).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Deployment start(NewDeployment spec) {
        ProvisionRequest r = spec.request();
        active(r.targetArn()).ifPresent(a -> {
            throw busy(a);
        });
        DeploymentStatus before = Deployment.<Deployment>find("targetArn = ?1 order by createdAt desc", r.targetArn()).firstResultOptional()
                .map(previous -> previous.status).orElse(null);
        Deployment d;
        try {
            d = store.insert(spec);
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                throw new ConflictException(label(spec) + " already has a deployment in progress; wait for it to finish or cancel it", e);
            }
            throw e;
        }
        events.log(d.id, DeploymentEvent.Level.INFO, label(d) + ": " + (r.action() == ProvisionRequest.Action.DELETE ? "deletion" : "deployment")
                + " queued, provisioned by " + methodName(r.method()));
        queued.fire(new Queued(d.id, d.method, d.action));
        statusChanged.fire(new StatusChanged(d, before));
        return d;
    }

    /**
     * Records infrastructure Pave takes over as it runs (a stack AWS Proton deployed) as the target's first deployment,
     * SUCCEEDED at once with the outputs and resources read from it: nothing is provisioned, and later deployments of
     * the target update the same stack.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Deployment imported(NewDeployment spec, RunningStack stack) {
        Deployment d = store.insert(spec);
        events.log(d.id, DeploymentEvent.Level.INFO, label(d) + ": imported from CloudFormation stack " + stack.name()
                + " as it runs; nothing in it changed");
        finish(d, new ProvisionOutcome.Succeeded(stack.contents().outputs(), stack.contents().resources()), true);
        return d;
    }

    /**
     * Asks to cancel the target's deployment, which must be IN_PROGRESS. One not yet started, or waiting for an outside
     * system, is cancelled at once; a running one becomes CANCELLING until its provisioner stops (or finishes first:
     * then it SUCCEEDED, as in Proton).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Deployment cancel(Caller caller, String targetArn, String targetLabel) {
        Deployment d = active(targetArn).map(a -> store.lock(a.id)).orElseThrow(() -> new ValidationException(
                "There is no deployment in progress for " + targetLabel + " to cancel"));
        if (!d.status.cancellable()) {
            throw new ConflictException("The deployment " + d.id + " of " + targetLabel + " is " + d.status
                    + "; only an IN_PROGRESS deployment can be cancelled");
        }
        d.cancelRequested = true;
        d.lastModifiedAt = Instant.now();
        events.log(d.id, DeploymentEvent.Level.INFO, "Cancel requested by " + caller.username());
        if (d.awaitingNotification) {
            if (changeRequests.isResolvable()) {
                changeRequests.get().abandon(d);
            } else {
                events.log(d.id, DeploymentEvent.Level.WARN, "Close change request " + d.changeRequest + " by hand: this build of Pave can't");
            }
            finish(d, new ProvisionOutcome.Cancelled("Cancelled by " + caller.username()), false);
        } else if (d.leaseOwner == null && d.attempt == 0) {
            finish(d, new ProvisionOutcome.Cancelled("Cancelled by " + caller.username() + " before it started"), false);
        } else {
            DeploymentStatus before = d.status;
            d.status = DeploymentStatus.CANCELLING;
            statusChanged.fire(new StatusChanged(d, before));
            targetOf(d).deploymentChanged(d);
        }
        audit.record(caller, "CancelDeployment", targetArn, d.id);
        return d;
    }

    // --- reading ---------------------------------------------------------------------------------------------

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Deployment> active(String targetArn) {
        return Deployment.find(ACTIVE_ON_TARGET, Stream.concat(Stream.of(targetArn), DeploymentStatus.ACTIVE.stream()).toArray())
                .firstResultOptional();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Deployment deployment(Caller caller, String id) {
        caller.requireAnyRole();
        return Deployment.<Deployment>findByIdOptional(id)
                .orElseThrow(() -> new ResourceNotFoundException("The deployment " + id + " was not found"));
    }

    /** The deployment a resource follows (its last attempted), or null before its first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Deployment lastAttempted(Caller caller, DeploymentState state) {
        return state.isNew() ? null : deployment(caller, state.lastAttemptedId);
    }

    /**
     * What a rollback returns a resource to: its newest succeeded deployment older than {@code current} (its last
     * attempted) that deployed another version or spec than {@code current} asked for; redeployments of the same are
     * passed over.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Deployment> before(String targetArn, String currentId) {
        Deployment current = Deployment.findById(currentId);
        if (current == null) {
            return Optional.empty();
        }
        return Deployment.<Deployment>find("targetArn = ?1 and status = ?2 and action = ?3 and createdAt < ?4 order by createdAt desc", targetArn,
                DeploymentStatus.SUCCEEDED, ProvisionRequest.Action.DEPLOY, current.createdAt).page(0, 100).stream()
                .filter(d -> !Objects.equals(d.targetState, current.targetState)).findFirst();
    }

    /** The deployment that deleted a resource that is gone: the newest of its deployments, when that one completed a deletion. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Deployment> deletion(Caller caller, Filter resource) {
        return deployments(caller, resource, 0, 1).stream().filter(d -> d.status == DeploymentStatus.DELETE_COMPLETE).findFirst();
    }

    /** Deployments newest first; filter members narrow the list. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Deployment> deployments(Caller caller, Filter filter, int offset, int limit) {
        return deployments(caller, filter, null, offset, limit);
    }

    /** Deployments newest first, narrowed by the filter and, when given, a status (the portal's list). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Deployment> deployments(Caller caller, Filter filter, DeploymentStatus status, int offset, int limit) {
        caller.requireAnyRole();
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        narrow(where, params, "environmentName", filter.environmentName());
        narrow(where, params, "serviceName", filter.serviceName());
        narrow(where, params, "serviceInstanceName", filter.serviceInstanceName());
        narrow(where, params, "componentName", filter.componentName());
        if (filter.targetType() != null) {
            where.add("targetType = :targetType");
            params.put("targetType", filter.targetType());
        }
        Sort newestFirst = Sort.descending("createdAt", "id");
        var query = where.isEmpty() ? Deployment.<Deployment>findAll(newestFirst)
                : Deployment.<Deployment>find(String.join(" and ", where), newestFirst, params);
        return query.range(offset, offset + limit - 1).list();
    }

    /** The request the deployment's provisioner saw: what a drift check compares against. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProvisionRequest request(String deploymentId) {
        return store.request(Deployment.<Deployment>findById(deploymentId));
    }

    /** The files each of these deployments applied, by deployment id. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Map<String, String>> files(Collection<String> deploymentIds) {
        return store.files(deploymentIds);
    }

    /** The files the deployment applied, by path relative to the bundle folder. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> files(String deploymentId) {
        return store.files(deploymentId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeploymentEvent> events(Caller caller, String deploymentId, int afterSeq, int limit) {
        deployment(caller, deploymentId);
        return events.after(deploymentId, afterSeq, limit);
    }

    /** The resource's current outputs. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> outputs(String resourceArn) {
        return store.outputs(resourceArn);
    }

    /**
     * A resource's outputs: its current ones, or those one of its deployments produced (ListEnvironmentOutputs and the
     * like with a deploymentId). A deployment of another resource is not found, as {@code label} names the resource.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> outputsOf(Caller caller, String resourceArn, String deploymentId, String label) {
        if (deploymentId == null) {
            return outputs(resourceArn);
        }
        if (!deployment(caller, deploymentId).targetArn.equals(resourceArn)) {
            throw new ResourceNotFoundException("The deployment " + deploymentId + " of " + label + " was not found");
        }
        return deploymentOutputs(deploymentId);
    }

    /** The outputs one deployment produced. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> deploymentOutputs(String deploymentId) {
        return store.deploymentOutputs(deploymentId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProvisionedResource> provisionedResources(String resourceArn) {
        return store.provisionedResources(resourceArn);
    }

    // --- changing history and notifications -----------------------------------------------------------------

    /**
     * Removes a finished deployment from the history (Proton's DeleteDeployment); never the one in progress, nor the
     * last succeeded one, which the resource's state, outputs and pages are read from.
     */
    public Deployment delete(Caller caller, String id) {
        Deployment d = store.lock(id);
        ownership.requireChange(caller, d.targetArn);
        if (d.status.active()) {
            throw new ConflictException("The deployment " + id + " is " + d.status + "; only finished deployments can be deleted");
        }
        if (isCurrent(d)) {
            throw new ConflictException("The deployment " + id + " is the last one that succeeded for " + d.targetArn
                    + "; it can be deleted once a later deployment has succeeded");
        }
        d.delete();
        audit.record(caller, "DeleteDeployment", d.targetArn, id);
        return d;
    }

    /**
     * NotifyResourceDeploymentStatusChange: the outside system that a self-managed deployment was handed to reports
     * on it, with outputs that join the deployment's and a status message, and SUCCEEDED or FAILED to finish it. Only a
     * deployment waiting for that is moved: a finished one, or one Pave's own provisioners run, is refused. IN_PROGRESS
     * on a resource with no deployment in progress asks for a drift check of it instead, and answers null.
     */
    public Deployment notify(Caller caller, Notification n) {
        ownership.requireChange(caller, n.resourceArn());
        Deployment d;
        if (n.deploymentId() != null) {
            d = Deployment.<Deployment>findByIdOptional(n.deploymentId()).filter(x -> x.targetArn.equals(n.resourceArn()))
                    .orElseThrow(() -> new ResourceNotFoundException("The deployment " + n.deploymentId() + " of " + n.resourceArn() + " was not found"));
            d = store.lock(d.id);
        } else {
            Optional<Deployment> waiting = active(n.resourceArn()).map(a -> store.lock(a.id));
            if (waiting.isEmpty() && "IN_PROGRESS".equals(n.status()) && ownership.teamOf(n.resourceArn()).isPresent()) {
                // nothing to report on: seed 001 tells users to call this to have the resource checked for drift
                driftCheckAsked.fire(new DriftCheckAsked(caller, n.resourceArn()));
                audit.record(caller, "NotifyResourceDeploymentStatusChange", n.resourceArn(), "drift check asked");
                return null;
            }
            d = waiting.orElseThrow(() -> new ResourceNotFoundException(
                    "The resource " + n.resourceArn() + " has no deployment in progress; pass deploymentId"));
        }
        if (!d.status.active()) {
            throw new ValidationException("The deployment " + d.id + " is already " + d.status
                    + "; only a deployment waiting for NotifyResourceDeploymentStatusChange can be notified");
        }
        if (!d.awaitingNotification) {
            throw new ValidationException("The deployment " + d.id + " is run by Pave's " + d.method
                    + " provisioner, which reports its outcome itself; only self-managed deployments waiting for their outcome can be notified");
        }
        store.mergeOutputs(d, n.outputs());
        events.log(d.id, DeploymentEvent.Level.INFO, "Notified by " + caller.username()
                + (n.status() == null ? "" : ": " + n.status()) + (n.outputs().isEmpty() ? "" : " with " + n.outputs().size() + " output(s)")
                + (n.statusMessage() == null ? "" : " (" + n.statusMessage() + ")"));
        if ("SUCCEEDED".equals(n.status())) {
            finish(d, new ProvisionOutcome.Succeeded(deploymentOutputs(d.id), List.of()), false);
        } else if ("FAILED".equals(n.status())) {
            finish(d, new ProvisionOutcome.Failed(n.statusMessage() == null ? "Reported failed" : n.statusMessage()), false);
        } else if (n.statusMessage() != null) {
            d.statusMessage = n.statusMessage();
            d.lastModifiedAt = Instant.now();
        }
        audit.record(caller, "NotifyResourceDeploymentStatusChange", n.resourceArn(), d.id + (n.status() == null ? "" : " " + n.status()));
        return d;
    }

    // --- the engine's side ----------------------------------------------------------------------------------

    /**
     * Applies an outcome to a locked, active deployment and its target in the current transaction.
     * {@code fromProvisioner}: the outcome carries the full set of outputs and resources (replacing the resource's);
     * otherwise (notified from outside) outputs merge into what the resource had.
     */
    void finish(Deployment d, ProvisionOutcome outcome, boolean fromProvisioner) {
        Instant now = Instant.now();
        boolean delete = d.action == ProvisionRequest.Action.DELETE;
        DeploymentStatus before = d.status;
        if (outcome instanceof ProvisionOutcome.AwaitingNotification a) {
            d.awaitingNotification = true;
            d.changeRequest = a.changeRequest();
            d.leaseOwner = null;
            d.leaseExpiresAt = null;
            d.lastModifiedAt = now;
            events.log(d.id, DeploymentEvent.Level.INFO, "Handed over as " + a.changeRequest()
                    + "; waiting for NotifyResourceDeploymentStatusChange");
            return;
        }
        if (outcome instanceof ProvisionOutcome.Succeeded s) {
            d.status = delete ? DeploymentStatus.DELETE_COMPLETE : DeploymentStatus.SUCCEEDED;
            d.statusMessage = null;
            store.mergeOutputs(d, s.outputs());
            if (delete) {
                store.forget(d.targetArn);
            } else {
                store.setResourceOutputs(d.targetArn, deploymentOutputs(d.id), fromProvisioner);
                if (fromProvisioner) {
                    store.setProvisionedResources(d.targetArn, s.resources());
                }
            }
        } else if (outcome instanceof ProvisionOutcome.Failed f) {
            d.status = delete ? DeploymentStatus.DELETE_FAILED : DeploymentStatus.FAILED;
            d.statusMessage = f.message();
        } else if (outcome instanceof ProvisionOutcome.Cancelled c) {
            d.status = DeploymentStatus.CANCELLED;
            d.statusMessage = c.message();
        }
        d.completedAt = d.lastModifiedAt = now;
        d.leaseOwner = null;
        d.leaseExpiresAt = null;
        d.awaitingNotification = false;
        events.log(d.id, d.status == DeploymentStatus.SUCCEEDED || d.status == DeploymentStatus.DELETE_COMPLETE || d.status == DeploymentStatus.CANCELLED
                ? DeploymentEvent.Level.INFO : DeploymentEvent.Level.ERROR,
                d.status + (d.statusMessage == null ? "" : ": " + StatusMessages.headline(d.statusMessage)));
        statusChanged.fire(new StatusChanged(d, before));
        targetOf(d).deploymentChanged(d);
        audit.record(Caller.system(), "FinishDeployment", d.targetArn, d.id + " " + d.status);
        finished.fire(new Finished(d.id, d.method, d.status, Duration.between(d.createdAt, now)));
    }

    private static String methodName(ProvisioningMethod method) {
        return switch (method) {
            case CLOUDFORMATION -> "CloudFormation";
            case COMMANDS -> "its commands";
            case SELF_MANAGED -> "a commit to its provisioning repository";
        };
    }

    public static String label(Deployment d) {
        return label(d.targetType, d.environmentName, d.serviceName, d.serviceInstanceName, d.componentName);
    }

    private static String label(NewDeployment d) {
        return label(d.targetType(), d.environmentName(), d.serviceName(), d.serviceInstanceName(), d.componentName());
    }

    private static String label(TargetType type, String environmentName, String serviceName, String serviceInstanceName, String componentName) {
        return switch (type) {
            case ENVIRONMENT -> "Environment " + environmentName;
            case SERVICE_PIPELINE -> "Pipeline of service " + serviceName;
            case SERVICE_INSTANCE -> "Service instance " + serviceName + "/" + serviceInstanceName;
            case COMPONENT -> "Component " + componentName;
        };
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private ConflictException busy(Deployment active) {
        return new ConflictException(label(active) + " already has a deployment in progress (" + active.id + ", "
                + active.status + "); wait for it to finish or cancel it");
    }

    /** Whether this is the deployment whose result the target currently shows. */
    private boolean isCurrent(Deployment d) {
        return d.status == DeploymentStatus.SUCCEEDED
                && Deployment.count("targetArn = ?1 and status = ?2 and createdAt > ?3", d.targetArn, DeploymentStatus.SUCCEEDED, d.createdAt) == 0;
    }

    private DeploymentTarget targetOf(Deployment d) {
        return targets.stream().filter(t -> t.type() == d.targetType).findFirst()
                .orElseThrow(() -> new IllegalStateException("No deployment target for " + d.targetType));
    }

    private static void narrow(List<String> where, Map<String, Object> params, String field, String value) {
        if (value != null) {
            where.add(field + " = :" + field);
            params.put(field, value);
        }
    }

}
