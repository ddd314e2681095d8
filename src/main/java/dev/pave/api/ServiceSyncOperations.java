package dev.pave.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.sync.ServiceSyncConfig;
import dev.pave.sync.ServiceSyncService;
import dev.pave.sync.SyncBlocker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Service sync: Create/Get/Update/DeleteServiceSyncConfig, GetServiceInstanceSyncStatus, GetServiceSyncBlockerSummary,
 * UpdateServiceSyncBlocker.
 */
@ApplicationScoped
public class ServiceSyncOperations implements ApiOperations {

    @Inject
    ServiceSyncService syncs;

    @Override
    public Map<String, ApiOperation> operations() {
        return Map.of(
                "CreateServiceSyncConfig", (caller, in) -> wrap(syncs.create(caller, Json.required(in, "serviceName"), source(in))),
                "GetServiceSyncConfig", (caller, in) -> wrap(syncs.config(caller, Json.required(in, "serviceName"))),
                "UpdateServiceSyncConfig", (caller, in) -> wrap(syncs.update(caller, Json.required(in, "serviceName"), source(in))),
                "DeleteServiceSyncConfig", (caller, in) -> wrap(syncs.delete(caller, Json.required(in, "serviceName"))),
                "GetServiceInstanceSyncStatus", (caller, in) -> {
                    ServiceSyncService.Status status = syncs.status(caller, Json.required(in, "serviceName"), Json.required(in, "serviceInstanceName"));
                    ObjectNode out = Json.object();
                    out.set("desiredState", SyncOperations.revision(status.desiredState()));
                    status.latestSync().ifPresent(a -> out.set("latestSync", SyncOperations.attempt(a)));
                    status.latestSuccessfulSync().ifPresent(a -> out.set("latestSuccessfulSync", SyncOperations.attempt(a)));
                    return out;
                },
                "GetServiceSyncBlockerSummary", (caller, in) -> {
                    ServiceSyncService.BlockerSummary summary = syncs.blockerSummary(caller, Json.required(in, "serviceName"),
                            Json.text(in, "serviceInstanceName"));
                    ObjectNode out = Json.object();
                    Json.put(out, "serviceName", summary.serviceName());
                    Json.put(out, "serviceInstanceName", summary.serviceInstanceName());
                    ArrayNode blockers = Json.array();
                    summary.latestBlockers().forEach(b -> blockers.add(blocker(b)));
                    out.set("latestBlockers", blockers);
                    return (ObjectNode) Json.object().set("serviceSyncBlockerSummary", out);
                },
                "UpdateServiceSyncBlocker", (caller, in) -> {
                    SyncBlocker b = syncs.resolve(caller, Json.required(in, "id"), Json.required(in, "resolvedReason"));
                    ObjectNode out = Json.object();
                    Json.put(out, "serviceName", b.service.name);
                    Json.put(out, "serviceInstanceName", b.instanceName);
                    out.set("serviceSyncBlocker", blocker(b));
                    return out;
                });
    }

    private static ServiceSyncService.Source source(ObjectNode in) {
        return new ServiceSyncService.Source(Json.required(in, "repositoryProvider"), Json.required(in, "repositoryName"),
                Json.required(in, "branch"), Json.required(in, "filePath"));
    }

    private static ObjectNode wrap(ServiceSyncConfig c) {
        ObjectNode config = Json.object();
        Json.put(config, "branch", c.branch);
        Json.put(config, "filePath", c.filePath);
        Json.put(config, "repositoryName", c.repositoryName);
        Json.put(config, "repositoryProvider", c.repositoryProvider);
        Json.put(config, "serviceName", c.service.name);
        return (ObjectNode) Json.object().set("serviceSyncConfig", config);
    }

    private static ObjectNode blocker(SyncBlocker b) {
        ObjectNode out = Json.object();
        ArrayNode contexts = Json.array();
        b.contextMap().forEach((k, v) -> contexts.add(Json.put(Json.put(Json.object(), "key", k), "value", v)));
        out.set("contexts", contexts);
        Json.put(out, "createdAt", b.createdAt);
        Json.put(out, "createdReason", b.createdReason);
        Json.put(out, "id", b.id);
        Json.put(out, "resolvedAt", b.resolvedAt);
        Json.put(out, "resolvedReason", b.resolvedReason);
        Json.put(out, "status", b.status.name());
        Json.put(out, "type", "AUTOMATED");
        return out;
    }
}
