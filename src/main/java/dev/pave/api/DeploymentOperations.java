package dev.pave.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.identity.Caller;
import dev.pave.schema.SpecDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** GetDeployment, ListDeployments, DeleteDeployment and NotifyResourceDeploymentStatusChange. */
@ApplicationScoped
public class DeploymentOperations implements ApiOperations {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeploymentService deployments;

    @Override
    public Map<String, ApiOperation> operations() {
        Map<String, ApiOperation> ops = new HashMap<>();
        ops.put("GetDeployment", (caller, in) -> {
            Deployment d = deployments.deployment(caller, Json.required(in, "id"));
            // the optional names must agree with the deployment, as in Proton
            if (!matches(in.get("environmentName"), d.environmentName) || !matches(in.get("serviceName"), d.serviceName)
                    || !matches(in.get("serviceInstanceName"), d.serviceInstanceName) || !matches(in.get("componentName"), d.componentName)) {
                throw new ResourceNotFoundException("The deployment " + d.id + " was not found for the given resource");
            }
            return Json.object().set("deployment", deployment(d, true));
        });
        ops.put("ListDeployments", (caller, in) -> {
            DeploymentService.Filter filter = new DeploymentService.Filter(Json.text(in, "environmentName").orElse(null),
                    Json.text(in, "serviceName").orElse(null), Json.text(in, "serviceInstanceName").orElse(null),
                    Json.text(in, "componentName").orElse(null));
            Paging paging = Paging.of(in, "ListDeployments:" + filter);
            List<Deployment> rows = deployments.deployments(caller, filter, paging.offset(), paging.fetchSize());
            return paging.write(Json.object(), "deployments", rows, d -> deployment(d, false));
        });
        ops.put("DeleteDeployment", (caller, in) -> Json.object().set("deployment", deployment(deployments.delete(caller, Json.required(in, "id")), true)));
        ops.put("NotifyResourceDeploymentStatusChange", this::notify);
        return ops;
    }

    private ObjectNode notify(Caller caller, ObjectNode in) {
        Map<String, String> outputs = new LinkedHashMap<>();
        in.path("outputs").forEach(o -> outputs.put(o.path("key").asText(), o.path("valueString").asText()));
        deployments.notify(caller, new DeploymentService.Notification(Json.required(in, "resourceArn"), Json.text(in, "status").orElse(null),
                Json.text(in, "deploymentId").orElse(null), outputs, Json.text(in, "statusMessage").orElse(null)));
        return Json.object();
    }

    /** Proton's Deployment ({@code detail}: with initial and target state and the status message) or DeploymentSummary. */
    private static ObjectNode deployment(Deployment d, boolean detail) {
        ObjectNode out = Json.object();
        Json.put(out, "id", d.id);
        Json.put(out, "arn", d.targetArn + "/deployment/" + d.id);
        Json.put(out, "targetArn", d.targetArn);
        Json.put(out, "targetResourceType", d.targetType.name());
        Json.put(out, "targetResourceCreatedAt", d.targetCreatedAt);
        Json.put(out, "environmentName", d.environmentName);
        Json.put(out, "serviceName", d.serviceName);
        Json.put(out, "serviceInstanceName", d.serviceInstanceName);
        Json.put(out, "componentName", d.componentName);
        Json.put(out, "deploymentStatus", d.status.name());
        Json.put(out, "createdAt", d.createdAt);
        Json.put(out, "lastModifiedAt", d.lastModifiedAt);
        Json.put(out, "completedAt", d.completedAt);
        Json.put(out, "lastAttemptedDeploymentId", d.lastAttemptedDeploymentId);
        Json.put(out, "lastSucceededDeploymentId", d.lastSucceededDeploymentId);
        if (detail) {
            Json.put(out, "deploymentStatusMessage", d.statusMessage);
            Json.put(out, "initialState", SpecDocuments.asWritten(read(d.initialState)));
            Json.put(out, "targetState", SpecDocuments.asWritten(read(d.targetState)));
        }
        return out;
    }

    private static boolean matches(com.fasterxml.jackson.databind.JsonNode given, String actual) {
        return given == null || given.isNull() || Objects.equals(given.asText(), actual);
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
