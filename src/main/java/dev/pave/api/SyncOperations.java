package dev.pave.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import dev.pave.sync.RepositorySyncAttempt;
import dev.pave.sync.ResourceSyncAttempt;
import dev.pave.sync.SyncEvent;
import dev.pave.sync.TemplateSyncConfig;
import dev.pave.sync.TemplateSyncService;
import dev.pave.template.TemplateType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Template sync: Create/Get/Update/DeleteTemplateSyncConfig, GetTemplateSyncStatus, GetRepositorySyncStatus,
 * ListRepositorySyncDefinitions.
 */
@ApplicationScoped
public class SyncOperations implements ApiOperations {

    @Inject
    TemplateSyncService syncs;

    @Override
    public Map<String, ApiOperation> operations() {
        return Map.of(
                "CreateTemplateSyncConfig", (caller, in) -> wrap(syncs.create(caller, type(in), Json.required(in, "templateName"), source(in))),
                "GetTemplateSyncConfig", (caller, in) -> wrap(syncs.config(caller, type(in), Json.required(in, "templateName"))),
                "UpdateTemplateSyncConfig", (caller, in) -> wrap(syncs.update(caller, type(in), Json.required(in, "templateName"), source(in))),
                "DeleteTemplateSyncConfig", (caller, in) -> wrap(syncs.delete(caller, type(in), Json.required(in, "templateName"))),
                "GetTemplateSyncStatus", (caller, in) -> {
                    TemplateSyncService.Status status = syncs.status(caller, type(in), Json.required(in, "templateName"),
                            major(Json.required(in, "templateVersion")));
                    ObjectNode out = Json.object();
                    out.set("desiredState", revision(status.desiredState()));
                    status.latestSync().ifPresent(a -> out.set("latestSync", attempt(a)));
                    status.latestSuccessfulSync().ifPresent(a -> out.set("latestSuccessfulSync", attempt(a)));
                    return out;
                },
                "GetRepositorySyncStatus", (caller, in) -> {
                    ObjectNode out = Json.object();
                    syncs.repositoryStatus(caller, Json.required(in, "repositoryProvider"), Json.required(in, "repositoryName"),
                            Json.required(in, "branch"), RepositorySyncAttempt.SyncType.valueOf(Json.required(in, "syncType"))).ifPresent(a -> {
                                ObjectNode latest = Json.put(Json.put(Json.object(), "status", a.status.name()), "startedAt", a.startedAt);
                                latest.set("events", events(a.eventList()));
                                out.set("latestSync", latest);
                            });
                    return out;
                },
                "ListRepositorySyncDefinitions", (caller, in) -> {
                    ArrayNode definitions = Json.array();
                    syncs.definitions(caller, Json.required(in, "repositoryProvider"), Json.required(in, "repositoryName"),
                            RepositorySyncAttempt.SyncType.valueOf(Json.required(in, "syncType"))).forEach(d -> definitions.add(
                                    Json.put(Json.put(Json.put(Json.put(Json.object(), "parent", d.parent()), "target", d.target()),
                                            "branch", d.branch()), "directory", d.directory())));
                    ObjectNode out = Json.object();
                    out.set("syncDefinitions", definitions);
                    return out;
                });
    }

    private static TemplateType type(ObjectNode in) {
        return TemplateType.valueOf(Json.required(in, "templateType"));
    }

    private static TemplateSyncService.Source source(ObjectNode in) {
        return new TemplateSyncService.Source(Json.required(in, "repositoryProvider"), Json.required(in, "repositoryName"),
                Json.required(in, "branch"), Json.text(in, "subdirectory"), Optional.empty());
    }

    /** Proton names the major version to report on as templateVersion ("1"). */
    private static int major(String templateVersion) {
        if (!templateVersion.matches("[1-9][0-9]{0,5}")) {
            throw new ValidationException("templateVersion must be a major version number, like 1");
        }
        return Integer.parseInt(templateVersion);
    }

    private static ObjectNode wrap(TemplateSyncConfig c) {
        ObjectNode config = Json.object();
        Json.put(config, "branch", c.branch);
        Json.put(config, "repositoryName", c.repositoryName);
        Json.put(config, "repositoryProvider", c.repositoryProvider);
        Json.put(config, "subdirectory", c.subdirectory);
        Json.put(config, "templateName", c.template.name);
        Json.put(config, "templateType", c.template.type.name());
        return (ObjectNode) Json.object().set("templateSyncConfig", config);
    }

    static ObjectNode revision(TemplateSyncService.Revision r) {
        ObjectNode out = Json.object();
        Json.put(out, "branch", r.branch());
        Json.put(out, "directory", r.directory());
        Json.put(out, "repositoryName", r.repositoryName());
        Json.put(out, "repositoryProvider", r.repositoryProvider());
        Json.put(out, "sha", r.sha());
        return out;
    }

    /** Proton's ResourceSyncAttempt, of a template's major version or a service instance alike. */
    static ObjectNode attempt(ResourceSyncAttempt a) {
        ObjectNode out = Json.object();
        out.set("events", events(a.eventList()));
        out.set("initialRevision", revision(new TemplateSyncService.Revision(a.repositoryProvider, a.repositoryName, a.branch, a.directory,
                a.initialSha == null ? "" : a.initialSha)));
        Json.put(out, "startedAt", a.startedAt);
        Json.put(out, "status", a.status.name());
        Json.put(out, "target", a.target());
        out.set("targetRevision", revision(new TemplateSyncService.Revision(a.repositoryProvider, a.repositoryName, a.branch, a.directory, a.targetSha)));
        return out;
    }

    static ArrayNode events(List<SyncEvent> events) {
        ArrayNode out = Json.array();
        for (SyncEvent e : events) {
            ObjectNode event = Json.object();
            Json.put(event, "event", e.event());
            Json.put(event, "externalId", e.externalId());
            Json.put(event, "time", e.time());
            Json.put(event, "type", e.type());
            out.add(event);
        }
        return out;
    }
}
