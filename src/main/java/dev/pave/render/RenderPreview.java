package dev.pave.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.PaveConfig;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.render.EnvironmentDirectory.DeployedEnvironment;
import dev.pave.render.ProtonContext.EnvironmentRef;
import dev.pave.render.ProtonContext.InstanceRef;
import dev.pave.render.ProtonContext.ServiceRef;
import dev.pave.schema.Inputs;
import dev.pave.schema.Spec;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.ValidatedBundle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The template author's dry run: renders a version with a spec exactly as a deployment would, and deploys
 * nothing. Environments named by a service spec come from the request or, when left out, from what is deployed.
 */
@ApplicationScoped
public class RenderPreview {

    /** What to render; {@code environments} may be empty. */
    public record Request(TemplateType templateType, String templateName, int majorVersion, int minorVersion, String name,
            ObjectNode spec, Map<String, DeployedEnvironment> environments, ServiceRef service) {
    }

    /** Rendered files by bundle path: one set for an environment, or per instance plus the pipeline's. */
    public record Result(Map<String, String> environment, Map<String, Map<String, String>> instances, Map<String, String> pipeline) {
    }

    @Inject
    TemplateService templates;

    @Inject
    BundleRendering rendering;

    @Inject
    Instance<EnvironmentDirectory> directories;

    @Inject
    PaveConfig config;

    public Result render(Caller caller, Request request) {
        caller.requireAnyRole();
        TemplateVersion version = templates.version(caller, request.templateType(), request.templateName(),
                request.majorVersion(), request.minorVersion());
        ValidatedBundle bundle = templates.bundle(version);
        if (request.templateType() == TemplateType.ENVIRONMENT) {
            if (bundle.manifests().get("infrastructure") == null) {
                throw new ValidationException("Template " + request.templateName() + " is customer-managed: it has nothing to render");
            }
            ObjectNode inputs = Inputs.resolve(bundle.inputSchema(), Spec.inputs(checked(request.spec(), Spec.Kind.EnvironmentSpec)), "spec");
            Map<String, Object> context = ProtonContext.environment(
                    new EnvironmentRef(request.name(), config.accountId(), BundleRendering.values(inputs), Map.of()));
            return new Result(prefixed("infrastructure", rendering.renderFolder(bundle, "infrastructure", context)), null, null);
        }

        ObjectNode document = checked(request.spec(), Spec.Kind.ServiceSpec);
        ServiceRef service = request.service();
        JsonNode instances = document.path("instances");
        if (!instances.isArray() || instances.isEmpty()) {
            throw new ValidationException("spec.instances must list at least one instance");
        }
        Map<String, Map<String, String>> renderedInstances = new LinkedHashMap<>();
        List<InstanceRef> refs = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            JsonNode instance = instances.get(i);
            String name = instance.path("name").asText(null);
            String environment = instance.path("environment").asText(null);
            if (name == null || environment == null) {
                throw new ValidationException("spec.instances[" + i + "] needs a name and an environment");
            }
            JsonNode spec = instance.path("spec");
            ObjectNode inputs = Inputs.resolve(bundle.inputSchema(), spec instanceof ObjectNode o ? o : document.objectNode(),
                    "spec.instances[" + i + "].spec");
            DeployedEnvironment env = environment(request, environment);
            EnvironmentRef envRef = new EnvironmentRef(env.name(), env.accountId(), Map.of(), env.outputs());
            InstanceRef ref = new InstanceRef(name, BundleRendering.values(inputs), Map.of(), envRef);
            refs.add(ref);
            renderedInstances.put(name, prefixed("instance_infrastructure",
                    rendering.renderFolder(bundle, "instance_infrastructure", ProtonContext.serviceInstance(service, ref, null))));
        }
        Map<String, String> pipeline = null;
        if (bundle.manifests().containsKey("pipeline_infrastructure")) {
            JsonNode pipelineSpec = document.path("pipeline");
            ObjectNode pipelineInputs = Inputs.resolve(bundle.pipelineInputSchema(),
                    pipelineSpec instanceof ObjectNode o ? o : document.objectNode(), "spec.pipeline");
            pipeline = prefixed("pipeline_infrastructure", rendering.renderFolder(bundle, "pipeline_infrastructure",
                    ProtonContext.pipeline(service, BundleRendering.values(pipelineInputs), refs)));
        }
        return new Result(null, renderedInstances, pipeline);
    }

    private DeployedEnvironment environment(Request request, String name) {
        DeployedEnvironment given = request.environments().get(name);
        if (given != null) {
            return new DeployedEnvironment(name, given.accountId() == null ? config.accountId() : given.accountId(),
                    given.outputs() == null ? Map.of() : given.outputs());
        }
        return directories.stream().map(d -> d.deployed(name)).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new ValidationException("Environment " + name
                        + " is not deployed; describe it under 'environments' to preview against it"));
    }

    private static ObjectNode checked(ObjectNode document, Spec.Kind kind) {
        String declared = document.path("proton").asText(null);
        if (declared != null && !declared.equals(kind.name())) {
            throw new ValidationException("spec declares 'proton: " + declared + "' where a " + kind + " is expected");
        }
        return document;
    }

    private static Map<String, String> prefixed(String folder, Map<String, String> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((path, content) -> out.put(folder + "/" + path, content));
        return out;
    }
}
