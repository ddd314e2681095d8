package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.DeploymentType;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService.TemplateFilter;
import dev.pave.environment.EnvironmentService;
import dev.pave.provision.ProvisionedResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The environment operations: create, read, update, delete, list, cancel, outputs and provisioned resources. */
@ApplicationScoped
public class EnvironmentOperations implements ApiOperations {

    @Inject
    EnvironmentService environments;

    @Override
    public Map<String, ApiOperation> operations() {
        Map<String, ApiOperation> ops = new HashMap<>();
        ops.put("CreateEnvironment", (caller, in) -> {
            Environment e = environments.create(caller, new EnvironmentService.NewEnvironment(Json.required(in, "name"),
                    Json.required(in, "templateName"), TemplateOperations.versionPart(Json.required(in, "templateMajorVersion")),
                    Json.text(in, "templateMinorVersion").map(TemplateOperations::versionPart).orElse(null),
                    Json.required(in, "spec"), Json.text(in, "description").orElse(null),
                    Json.text(in, "protonServiceRoleArn").orElse(null), Json.text(in, "codebuildRoleArn").orElse(null),
                    Json.text(in, "componentRoleArn").orElse(null), repository(in.get("provisioningRepository")),
                    Json.text(in, "environmentAccountConnectionId").orElse(null), TagOperations.tagMap(in.get("tags"))));
            return wrap(environment(e, true));
        });
        ops.put("GetEnvironment", (caller, in) -> wrap(environment(environments.environment(caller, Json.required(in, "name")), true)));
        ops.put("UpdateEnvironment", (caller, in) -> {
            Environment e = environments.update(caller, Json.required(in, "name"), new EnvironmentService.Change(
                    DeploymentType.valueOf(Json.required(in, "deploymentType")), Json.text(in, "description").orElse(null),
                    Json.text(in, "spec").orElse(null),
                    Json.text(in, "templateMajorVersion").map(TemplateOperations::versionPart).orElse(null),
                    Json.text(in, "templateMinorVersion").map(TemplateOperations::versionPart).orElse(null),
                    Json.text(in, "protonServiceRoleArn").orElse(null), Json.text(in, "codebuildRoleArn").orElse(null),
                    Json.text(in, "componentRoleArn").orElse(null), repository(in.get("provisioningRepository")),
                    Json.text(in, "environmentAccountConnectionId").orElse(null)));
            return wrap(environment(e, true));
        });
        ops.put("DeleteEnvironment", (caller, in) -> wrap(environment(environments.delete(caller, Json.required(in, "name")), true)));
        ops.put("CancelEnvironmentDeployment", (caller, in) ->
                wrap(environment(environments.cancelDeployment(caller, Json.required(in, "environmentName")), true)));
        ops.put("ListEnvironments", (caller, in) -> {
            List<TemplateFilter> filters = new ArrayList<>();
            in.path("environmentTemplates").forEach(f -> filters.add(new TemplateFilter(f.path("templateName").asText(),
                    TemplateOperations.versionPart(f.path("majorVersion").asText()))));
            Paging paging = Paging.of(in, "ListEnvironments:" + in.path("environmentTemplates"));
            List<Environment> rows = environments.environments(caller, filters, paging.offset(), paging.fetchSize());
            return paging.write(Json.object(), "environments", rows, e -> environment(e, false));
        });
        ops.put("ListEnvironmentOutputs", (caller, in) -> {
            ObjectNode out = Json.object();
            var outputs = out.putArray("outputs");
            environments.outputs(caller, Json.required(in, "environmentName"), Json.text(in, "deploymentId").orElse(null))
                    .forEach((key, value) -> outputs.add(Json.object().put("key", key).put("valueString", value)));
            return out;
        });
        ops.put("ListEnvironmentProvisionedResources", (caller, in) -> {
            ObjectNode out = Json.object();
            var resources = out.putArray("provisionedResources");
            for (ProvisionedResource r : environments.provisionedResources(caller, Json.required(in, "environmentName"))) {
                ObjectNode item = Json.object();
                Json.put(item, "name", r.name());
                Json.put(item, "identifier", r.identifier());
                Json.put(item, "provisioningEngine", r.provisioningEngine());
                resources.add(item);
            }
            return out;
        });
        return ops;
    }

    /** Proton's Environment ({@code detail}) or EnvironmentSummary. */
    private ObjectNode environment(Environment e, boolean detail) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", environments.arn(e));
        Json.put(out, "name", e.name);
        Json.put(out, "description", e.description);
        Json.put(out, "createdAt", e.createdAt);
        // lastDeploymentSucceededAt is required by Proton's model; until a deployment succeeds Proton reports the creation time
        DeploymentStates.put(out, e.deployment, null, e.createdAt);
        Json.put(out, "templateName", e.templateName);
        Json.put(out, "templateMajorVersion", String.valueOf(e.templateVersion.major));
        Json.put(out, "templateMinorVersion", String.valueOf(e.templateVersion.minor));
        Json.put(out, "protonServiceRoleArn", e.protonServiceRoleArn);
        Json.put(out, "componentRoleArn", e.componentRoleArn);
        Json.put(out, "environmentAccountConnectionId", e.environmentAccountConnectionId);
        Json.put(out, "environmentAccountId", e.environmentAccountId);
        if (detail) {
            Json.put(out, "codebuildRoleArn", e.codebuildRoleArn);
            Json.put(out, "spec", e.spec);
            if (e.repositoryName != null) {
                out.set("provisioningRepository", Json.object().put("arn", environments.repositoryArn(e)).put("provider", e.repositoryProvider)
                        .put("name", e.repositoryName).put("branch", e.repositoryBranch));
            }
        }
        return out;
    }

    private static ObjectNode wrap(ObjectNode environment) {
        return (ObjectNode) Json.object().set("environment", environment);
    }

    private static EnvironmentService.Repository repository(JsonNode r) {
        return r == null || r.isNull() ? null
                : new EnvironmentService.Repository(r.path("provider").asText(), r.path("name").asText(), r.path("branch").asText());
    }
}
