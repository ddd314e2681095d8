package dev.pave.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.component.Component;
import dev.pave.component.ComponentService;
import dev.pave.deploy.DeploymentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Components: create, read, update, delete, list, cancel, outputs and provisioned resources. */
@ApplicationScoped
public class ComponentOperations implements ApiOperations {

    @Inject
    ComponentService components;

    @Override
    public Map<String, ApiOperation> operations() {
        Map<String, ApiOperation> ops = new HashMap<>();
        ops.put("CreateComponent", (caller, in) -> wrap(component(components.create(caller, new ComponentService.NewComponent(
                Json.required(in, "name"), Json.text(in, "description").orElse(null), Json.text(in, "environmentName").orElse(null),
                Json.text(in, "serviceName").orElse(null), Json.text(in, "serviceInstanceName").orElse(null),
                Json.text(in, "serviceSpec").orElse(null), Json.required(in, "manifest"), Json.required(in, "templateFile"),
                TagOperations.tagMap(in.get("tags")))), true)));
        ops.put("GetComponent", (caller, in) -> wrap(component(components.component(caller, Json.required(in, "name")), true)));
        ops.put("UpdateComponent", (caller, in) -> wrap(component(components.update(caller, Json.required(in, "name"),
                new ComponentService.Change(DeploymentType.valueOf(Json.required(in, "deploymentType")), Json.text(in, "description").orElse(null),
                        Json.text(in, "serviceName").orElse(null), Json.text(in, "serviceInstanceName").orElse(null),
                        Json.text(in, "serviceSpec").orElse(null), Json.text(in, "templateFile").orElse(null))), true)));
        ops.put("DeleteComponent", (caller, in) -> wrap(component(components.delete(caller, Json.required(in, "name")), true)));
        ops.put("CancelComponentDeployment", (caller, in) ->
                wrap(component(components.cancelDeployment(caller, Json.required(in, "componentName")), true)));
        ops.put("ListComponents", (caller, in) -> {
            String env = Json.text(in, "environmentName").orElse(null);
            String service = Json.text(in, "serviceName").orElse(null);
            String instance = Json.text(in, "serviceInstanceName").orElse(null);
            Paging paging = Paging.of(in, "ListComponents:" + env + "/" + service + "/" + instance);
            List<Component> rows = components.components(caller, env, service, instance, paging.offset(), paging.fetchSize());
            return paging.write(Json.object(), "components", rows, c -> component(c, false));
        });
        ops.put("ListComponentOutputs", (caller, in) -> ServiceOperations.outputs(components.outputs(caller, Json.required(in, "componentName"),
                Json.text(in, "deploymentId").orElse(null))));
        ops.put("ListComponentProvisionedResources", (caller, in) ->
                ServiceOperations.resources(components.provisionedResources(caller, Json.required(in, "componentName"))));
        return ops;
    }

    /** Proton's Component ({@code detail}) or ComponentSummary. */
    private ObjectNode component(Component c, boolean detail) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", components.arn(c));
        Json.put(out, "name", c.name);
        Json.put(out, "environmentName", c.environmentName);
        Json.put(out, "serviceName", c.serviceName);
        Json.put(out, "serviceInstanceName", c.serviceInstanceName);
        Json.put(out, "createdAt", c.createdAt);
        Json.put(out, "lastModifiedAt", c.lastModifiedAt);
        DeploymentStates.put(out, c.deployment, null, null);
        if (detail) {
            Json.put(out, "description", c.description);
            Json.put(out, "serviceSpec", c.serviceSpec);
        }
        return out;
    }

    private static ObjectNode wrap(ObjectNode component) {
        return (ObjectNode) Json.object().set("component", component);
    }
}
