package dev.pave.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisionedResource;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's SQL, as Backstage's scaffolder keeps it in its task store: deployments with their files, outputs and
 * provisioned resources; claims, leases and checkpoints; and a deployment's JSON columns as the request a
 * provisioner sees. {@link DeploymentService} decides, {@link DeploymentWorkers} run, this stores.
 */
@ApplicationScoped
public class DeploymentStore {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Records a new deployment and its rendered files; a second active deployment of the target breaks a unique index. */
    Deployment insert(NewDeployment spec) {
        ProvisionRequest r = spec.request();
        Deployment d = new Deployment();
        d.id = r.deploymentId();
        d.targetType = spec.targetType();
        d.targetArn = r.targetArn();
        d.targetCreatedAt = spec.targetCreatedAt();
        d.environmentName = spec.environmentName();
        d.serviceName = spec.serviceName();
        d.serviceInstanceName = spec.serviceInstanceName();
        d.componentName = spec.componentName();
        d.action = r.action();
        d.status = r.action() == ProvisionRequest.Action.DELETE ? DeploymentStatus.DELETE_IN_PROGRESS : DeploymentStatus.IN_PROGRESS;
        d.deploymentType = spec.deploymentType();
        d.initialState = write(spec.initialState());
        d.targetState = write(spec.targetState());
        d.lastAttemptedDeploymentId = spec.lastAttemptedDeploymentId();
        d.lastSucceededDeploymentId = spec.lastSucceededDeploymentId();
        d.method = r.method();
        d.stackName = r.stackName() == null ? null : stackOf(r.targetArn()).orElse(r.stackName());
        d.templateFile = r.templateFile();
        d.provisionCommands = write(r.provisionCommands());
        d.deprovisionCommands = write(r.deprovisionCommands());
        d.driftCommands = write(r.driftCommands());
        d.protonInputs = write(r.protonInputs());
        d.roleArn = r.roleArn();
        d.accountRoleArn = r.accountRoleArn();
        d.repository = r.repository() == null ? null
                : write(Map.of("provider", r.repository().provider(), "name", r.repository().name(), "branch", r.repository().branch()));
        d.folder = r.folder();
        d.metadata = write(r.metadata());
        d.tags = write(r.tags());
        d.checkpoint = "{}";
        d.createdAt = d.lastModifiedAt = Instant.now();
        d.persistAndFlush();
        r.files().forEach((path, content) -> Panache.getEntityManager()
                .createNativeQuery("insert into deployment_file (deployment_id, path, content) values (?1, ?2, ?3)")
                .setParameter(1, d.id).setParameter(2, path).setParameter(3, content).executeUpdate());
        return d;
    }

    /** Locks a deployment row for a change (waits for a worker's or another request's change to commit). */
    Deployment lock(String id) {
        return Deployment.<Deployment>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new ResourceNotFoundException("The deployment " + id + " was not found"));
    }

    void mergeOutputs(Deployment d, Map<String, String> outputs) {
        outputs.forEach((key, value) -> Panache.getEntityManager().createNativeQuery("""
                insert into deployment_output (deployment_id, key, value_string) values (?1, ?2, ?3)
                on conflict (deployment_id, key) do update set value_string = excluded.value_string""")
                .setParameter(1, d.id).setParameter(2, key).setParameter(3, value).executeUpdate());
    }

    void setResourceOutputs(String arn, Map<String, String> outputs, boolean replace) {
        if (replace) {
            sql("delete from resource_output where resource_arn = ?1", arn);
        }
        outputs.forEach((key, value) -> Panache.getEntityManager().createNativeQuery("""
                insert into resource_output (resource_arn, key, value_string) values (?1, ?2, ?3)
                on conflict (resource_arn, key) do update set value_string = excluded.value_string""")
                .setParameter(1, arn).setParameter(2, key).setParameter(3, value).executeUpdate());
    }

    void setProvisionedResources(String arn, List<ProvisionedResource> resources) {
        sql("delete from provisioned_resource where resource_arn = ?1", arn);
        for (ProvisionedResource r : resources) {
            Panache.getEntityManager().createNativeQuery(
                    "insert into provisioned_resource (resource_arn, name, identifier, provisioning_engine) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, arn).setParameter(2, r.name()).setParameter(3, r.identifier()).setParameter(4, r.provisioningEngine())
                    .executeUpdate();
        }
    }

    /** Drops what a deleted resource had. */
    void forget(String arn) {
        sql("delete from resource_output where resource_arn = ?1", arn);
        sql("delete from provisioned_resource where resource_arn = ?1", arn);
    }

    private static void sql(String statement, Object param) {
        Panache.getEntityManager().createNativeQuery(statement).setParameter(1, param).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(String query, Object param) {
        return Panache.getEntityManager().createNativeQuery(query).setParameter(1, param).getResultList();
    }

    private static Map<String, String> keyValues(String query, Object param) {
        Map<String, String> map = new LinkedHashMap<>();
        rows(query, param).forEach(r -> map.put((String) r[0], (String) r[1]));
        return map;
    }

    static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files the deployment applied, by path relative to the bundle folder. */
    /** The files of each of these deployments, by deployment id, in one query. */
    Map<String, Map<String, String>> files(Collection<String> deploymentIds) {
        Map<String, Map<String, String>> files = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> found = Panache.getEntityManager().createNativeQuery(
                "select deployment_id, path, content from deployment_file where deployment_id = any(?1) order by deployment_id, path")
                .setParameter(1, deploymentIds.toArray(String[]::new)).getResultList();
        found.forEach(r -> files.computeIfAbsent((String) r[0], id -> new LinkedHashMap<>()).put((String) r[1], (String) r[2]));
        return files;
    }

    Map<String, String> files(String deploymentId) {
        Map<String, String> files = new LinkedHashMap<>();
        rows("select path, content from deployment_file where deployment_id = ?1 order by path", deploymentId)
                .forEach(r -> files.put((String) r[0], (String) r[1]));
        return files;
    }

    /**
     * The stack the resource's latest deployment used: a resource keeps its stack, also one Pave adopted under
     * another name (AWS Proton's), whatever name Pave would give a new one.
     */
    private static Optional<String> stackOf(String targetArn) {
        return Deployment.<Deployment>find("targetArn = ?1 and stackName is not null order by createdAt desc", targetArn)
                .firstResultOptional().map(d -> d.stackName);
    }

    /** The resource's current outputs. */
    Map<String, String> outputs(String resourceArn) {
        return keyValues("select key, value_string from resource_output where resource_arn = ?1 order by key", resourceArn);
    }

    /** The outputs one deployment produced. */
    Map<String, String> deploymentOutputs(String deploymentId) {
        return keyValues("select key, value_string from deployment_output where deployment_id = ?1 order by key", deploymentId);
    }

    List<ProvisionedResource> provisionedResources(String resourceArn) {
        return rows("select name, identifier, provisioning_engine from provisioned_resource where resource_arn = ?1 order by id", resourceArn)
                .stream().map(r -> new ProvisionedResource((String) r[0], (String) r[1], (String) r[2])).toList();
    }

    /**
     * Deployments a worker may take: active, not handed to an outside system, and held by no live lease. {@link #claim}
     * and {@link #queue} share it so the queue gauges count exactly what workers pick from.
     */
    private static final String CLAIMABLE = " status in ('IN_PROGRESS', 'DELETE_IN_PROGRESS', 'CANCELLING') and not awaiting_notification"
            + " and (lease_expires_at is null or lease_expires_at < clock_timestamp()) ";

    /** A claimed attempt of a deployment; the lease token names the worker run that holds it. */
    record Claim(String deploymentId, String leaseToken, int attempt) {
    }

    /** Claims the oldest active deployment that nobody holds a live lease on (and that no outside system owns). */
    Claim claim(String token, double leaseSeconds) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery("""
                update deployment set lease_owner = ?1, lease_expires_at = clock_timestamp() + make_interval(secs => ?2),
                       attempt = attempt + 1, last_modified_at = clock_timestamp()
                where id = (select id from deployment where """ + CLAIMABLE + """
                            order by created_at limit 1
                            for update skip locked)
                returning id, attempt""")
                .setParameter(1, token).setParameter(2, leaseSeconds).getResultList());
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = (Object[]) rows.get(0);
        return new Claim((String) row[0], token, ((Number) row[1]).intValue());
    }

    /** Deployments no worker holds (queued, or their worker's lease ran out) and how long the oldest has waited since queued. */
    record Queue(long waiting, double oldestSeconds) {
    }

    /** What {@link #claim} would pick from, counted. */
    Queue queue() {
        Object[] row = (Object[]) QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery("""
                select count(*), coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0)
                from deployment where """ + CLAIMABLE).getSingleResult());
        return new Queue(((Number) row[0]).longValue(), ((Number) row[1]).doubleValue());
    }

    /** Extends a claim's lease; answers whether a cancel was asked for, or empty when the lease is someone else's now. */
    Optional<Boolean> extendLease(Claim claim, double leaseSeconds) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery("""
                update deployment set lease_expires_at = clock_timestamp() + make_interval(secs => ?3)
                where id = ?1 and lease_owner = ?2 returning cancel_requested""")
                .setParameter(1, claim.deploymentId()).setParameter(2, claim.leaseToken()).setParameter(3, leaseSeconds)
                .getResultList());
        return rows.isEmpty() ? Optional.empty() : Optional.of((Boolean) rows.get(0));
    }

    /** Commits the checkpoint (and extends the lease) only while the claim still holds the lease; false when it doesn't. */
    boolean saveCheckpoint(Claim claim, ObjectNode checkpoint, double leaseSeconds) {
        int updated = QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery("""
                update deployment set checkpoint = ?3, lease_expires_at = clock_timestamp() + make_interval(secs => ?4),
                       last_modified_at = clock_timestamp()
                where id = ?1 and lease_owner = ?2""")
                .setParameter(1, claim.deploymentId()).setParameter(2, claim.leaseToken())
                .setParameter(3, checkpoint.toString()).setParameter(4, leaseSeconds).executeUpdate());
        return updated > 0;
    }

    /** Ends the leases of these claims now, so the next worker need not wait for them to run out. */
    int releaseLeases(List<String> leaseTokens) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery(
                "update deployment set lease_expires_at = clock_timestamp() where lease_owner = any(?1)")
                .setParameter(1, leaseTokens.toArray(String[]::new)).executeUpdate());
    }

    /** The request a provisioner sees, as the deployment recorded it: a resumed attempt sees what the first one saw. */
    ProvisionRequest request(Deployment d) {
        return NewDeployment.builder(d.id, d.action, d.targetType, d.targetArn, d.method).stack(d.stackName)
                .files(files(d.id), d.templateFile).commands(strings(d.provisionCommands), strings(d.deprovisionCommands), strings(d.driftCommands))
                .protonInputs(read(d.protonInputs)).role(d.roleArn).account(d.accountRoleArn).folder(d.folder)
                // the self-managed provisioner resolves the clone URL and token from its repository settings
                .selfManaged(ProvisionRequest.Repository.stored(read(d.repository)), read(d.metadata))
                .tags(d.tags == null ? Map.of() : JSON.convertValue(read(d.tags), new TypeReference<Map<String, String>>() {}))
                .request();
    }

    private static List<String> strings(String json) {
        return json == null ? List.of() : JSON.convertValue(read(json), new TypeReference<List<String>>() {});
    }
}
