package dev.pave.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.DeploymentType;
import dev.pave.provision.ProvisionedResource;
import dev.pave.schema.SpecDocuments;
import dev.pave.service.NewService;
import dev.pave.service.Service;
import dev.pave.service.ServiceArns;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceSearch;
import dev.pave.service.ServiceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Services, service instances and service pipelines: create, read, update, delete, list, cancel, outputs, resources. */
@ApplicationScoped
public class ServiceOperations implements ApiOperations {

    @Inject
    ServiceService services;

    @Inject
    ServiceSearch search;

    @Inject
    ServiceArns arns;

    @Override
    public Map<String, ApiOperation> operations() {
        Map<String, ApiOperation> ops = new HashMap<>();
        ops.put("CreateService", (caller, in) -> {
            Service s = services.create(caller, NewService.of(Json.required(in, "name"), Json.required(in, "templateName"),
                    TemplateOperations.versionPart(Json.required(in, "templateMajorVersion")),
                    Json.text(in, "templateMinorVersion").map(TemplateOperations::versionPart).orElse(null), Json.required(in, "spec"))
                    .withDescription(Json.text(in, "description").orElse(null))
                    .withRepository(Json.text(in, "repositoryConnectionArn").orElse(null), Json.text(in, "repositoryId").orElse(null),
                            Json.text(in, "branchName").orElse(null))
                    .withTags(TagOperations.tagMap(in.get("tags"))));
            return Json.object().set("service", service(s));
        });
        ops.put("GetService", (caller, in) -> Json.object().set("service", service(services.service(caller, Json.required(in, "name")))));
        ops.put("UpdateService", (caller, in) -> Json.object().set("service", service(services.update(caller, Json.required(in, "name"),
                Json.text(in, "description").orElse(null), Json.text(in, "spec").orElse(null)))));
        ops.put("DeleteService", (caller, in) -> Json.object().set("service", service(services.delete(caller, Json.required(in, "name")))));
        ops.put("ListServices", (caller, in) -> {
            Paging paging = Paging.of(in, "ListServices");
            return paging.write(Json.object(), "services", search.services(caller, paging.offset(), paging.fetchSize()), this::serviceSummary);
        });

        ops.put("UpdateServicePipeline", (caller, in) -> {
            Service s = services.updatePipeline(caller, Json.required(in, "serviceName"), change(in));
            return Json.object().set("pipeline", pipeline(s));
        });
        ops.put("CancelServicePipelineDeployment", (caller, in) ->
                Json.object().set("pipeline", pipeline(services.cancelPipelineDeployment(caller, Json.required(in, "serviceName")))));
        ops.put("ListServicePipelineOutputs", (caller, in) -> outputs(services.pipelineOutputs(caller, Json.required(in, "serviceName"),
                Json.text(in, "deploymentId").orElse(null))));
        ops.put("ListServicePipelineProvisionedResources", (caller, in) ->
                resources(services.pipelineResources(caller, Json.required(in, "serviceName"))));

        ops.put("CreateServiceInstance", (caller, in) -> Json.object().set("serviceInstance", instance(services.createInstance(caller,
                Json.required(in, "serviceName"), Json.required(in, "name"), Json.required(in, "spec"),
                Json.text(in, "templateMajorVersion").map(TemplateOperations::versionPart).orElse(null),
                Json.text(in, "templateMinorVersion").map(TemplateOperations::versionPart).orElse(null), TagOperations.tagMap(in.get("tags"))), true)));
        ops.put("GetServiceInstance", (caller, in) -> Json.object().set("serviceInstance",
                instance(services.instance(caller, Json.required(in, "serviceName"), Json.required(in, "name")), true)));
        ops.put("UpdateServiceInstance", (caller, in) -> Json.object().set("serviceInstance", instance(services.updateInstance(caller,
                Json.required(in, "serviceName"), Json.required(in, "name"), change(in)), true)));
        ops.put("CancelServiceInstanceDeployment", (caller, in) -> Json.object().set("serviceInstance", instance(services
                .cancelInstanceDeployment(caller, Json.required(in, "serviceName"), Json.required(in, "serviceInstanceName")), true)));
        ops.put("ListServiceInstances", (caller, in) -> {
            List<ServiceSearch.InstanceFilter> filters = new ArrayList<>();
            in.path("filters").forEach(f -> filters.add(new ServiceSearch.InstanceFilter(f.path("key").asText(), f.path("value").asText())));
            String service = Json.text(in, "serviceName").orElse(null);
            Paging paging = Paging.of(in, "ListServiceInstances:" + service + in.path("filters") + in.path("sortBy") + in.path("sortOrder"));
            List<ServiceInstance> rows = search.instances(caller, service, filters, Json.text(in, "sortBy").orElse(null),
                    "DESCENDING".equals(Json.text(in, "sortOrder").orElse("ASCENDING")), paging.offset(), paging.fetchSize());
            return paging.write(Json.object(), "serviceInstances", rows, i -> instance(i, false));
        });
        ops.put("ListServiceInstanceOutputs", (caller, in) -> outputs(services.instanceOutputs(caller, Json.required(in, "serviceName"),
                Json.required(in, "serviceInstanceName"), Json.text(in, "deploymentId").orElse(null))));
        ops.put("ListServiceInstanceProvisionedResources", (caller, in) -> resources(services.instanceResources(caller,
                Json.required(in, "serviceName"), Json.required(in, "serviceInstanceName"))));
        return ops;
    }

    private static ServiceService.VersionChange change(ObjectNode in) {
        return new ServiceService.VersionChange(DeploymentType.valueOf(Json.required(in, "deploymentType")), Json.text(in, "spec").orElse(null),
                Json.text(in, "templateMajorVersion").map(TemplateOperations::versionPart).orElse(null),
                Json.text(in, "templateMinorVersion").map(TemplateOperations::versionPart).orElse(null));
    }

    /** Proton's Service. */
    private ObjectNode service(Service s) {
        ObjectNode out = serviceSummary(s);
        Json.put(out, "spec", s.spec);
        Json.put(out, "repositoryConnectionArn", s.repositoryConnectionArn);
        Json.put(out, "repositoryId", s.repositoryId);
        Json.put(out, "branchName", s.branchName);
        if (s.hasPipeline) {
            out.set("pipeline", pipeline(s));
        }
        return out;
    }

    private ObjectNode serviceSummary(Service s) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", arns.arn(s));
        Json.put(out, "name", s.name);
        Json.put(out, "description", s.description);
        Json.put(out, "templateName", s.templateName);
        Json.put(out, "status", s.status.name());
        Json.put(out, "statusMessage", s.statusMessage);
        Json.put(out, "createdAt", s.createdAt);
        Json.put(out, "lastModifiedAt", s.lastModifiedAt);
        return out;
    }

    /** Proton's ServicePipeline. */
    private ObjectNode pipeline(Service s) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", arns.pipelineArn(s));
        Json.put(out, "createdAt", s.createdAt);
        Json.put(out, "templateName", s.templateName);
        Json.put(out, "templateMajorVersion", String.valueOf(s.pipelineTemplateVersion.major));
        Json.put(out, "templateMinorVersion", String.valueOf(s.pipelineTemplateVersion.minor));
        Json.put(out, "spec", SpecDocuments.pipelineSpec(s.pipelineSpec));
        DeploymentStates.put(out, s.pipelineState(), s.createdAt, s.createdAt);
        return out;
    }

    /** Proton's ServiceInstance ({@code detail}) or ServiceInstanceSummary. */
    private ObjectNode instance(ServiceInstance i, boolean detail) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", arns.arn(i));
        Json.put(out, "name", i.name);
        Json.put(out, "serviceName", i.serviceName);
        Json.put(out, "environmentName", i.environmentName);
        Json.put(out, "templateName", i.templateName);
        Json.put(out, "templateMajorVersion", String.valueOf(i.templateVersion.major));
        Json.put(out, "templateMinorVersion", String.valueOf(i.templateVersion.minor));
        Json.put(out, "createdAt", i.createdAt);
        DeploymentStates.put(out, i.deployment, i.createdAt, i.createdAt);
        if (detail) {
            Json.put(out, "spec", SpecDocuments.instanceSpec(i.spec));
        }
        return out;
    }

    static ObjectNode outputs(Map<String, String> outputs) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("outputs");
        outputs.forEach((key, value) -> list.add(Json.object().put("key", key).put("valueString", value)));
        return out;
    }

    static ObjectNode resources(List<ProvisionedResource> resources) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("provisionedResources");
        for (ProvisionedResource r : resources) {
            ObjectNode item = Json.object();
            Json.put(item, "name", r.name());
            Json.put(item, "identifier", r.identifier());
            Json.put(item, "provisioningEngine", r.provisioningEngine());
            list.add(item);
        }
        return out;
    }
}
