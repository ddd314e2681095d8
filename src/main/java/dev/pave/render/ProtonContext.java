package dev.pave.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Jinja context AWS Proton gives each kind of IaC file (the parameter namespaces; see
 * /work/shared/design/PROTON-NAMESPACES.md). Inputs keep their JSON types, so {@code {{ flag }}} prints
 * {@code True} as in Proton; outputs are strings, as CloudFormation outputs are.
 */
public final class ProtonContext {

    /** An environment; {@code outputs} are its stack's outputs (empty before its first deployment). */
    public record EnvironmentRef(String name, String accountId, Map<String, Object> inputs,
            Map<String, String> outputs) {
    }

    /** A service; the repository fields are null when the service has no pipeline. */
    public record ServiceRef(String name, String branchName, String repositoryConnectionArn, String repositoryId) {
    }

    /** A service instance and the environment it runs in. */
    public record InstanceRef(String name, Map<String, Object> inputs, Map<String, String> outputs,
            EnvironmentRef environment) {
    }

    /** A directly defined component. */
    public record ComponentRef(String name, Map<String, String> outputs) {
    }

    private ProtonContext() {
    }

    /** Environment IaC: {@code environment.name}, {@code .account_id}, {@code .inputs}; no outputs exist yet. */
    public static Map<String, Object> environment(EnvironmentRef environment) {
        return map("environment", map(
                "name", environment.name(),
                "account_id", environment.accountId(),
                "inputs", inputs(environment.inputs())));
    }

    /**
     * Service instance IaC. Without a component, {@code service_instance.components.default} is {@code {}}, as the
     * Proton guide documents; reading {@code .outputs.X} from it then fails unless guarded with {@code default}.
     *
     * @param component the attached component, or null
     */
    public static Map<String, Object> serviceInstance(ServiceRef service, InstanceRef instance, ComponentRef component) {
        Map<String, Object> components = map("default", component == null ? map()
                : map("name", component.name(), "outputs", outputs(component.outputs())));
        return map(
                "service", service(service),
                "service_instance", map(
                        "name", instance.name(),
                        "inputs", inputs(instance.inputs()),
                        "environment", environmentWithOutputs(instance.environment()),
                        "components", components),
                "environment", environmentWithOutputs(instance.environment()));
    }

    /** Pipeline IaC: {@code pipeline.inputs}, {@code service}, and one {@code service_instances} entry per instance. */
    public static Map<String, Object> pipeline(ServiceRef service, Map<String, Object> pipelineInputs,
            List<InstanceRef> instances) {
        List<Object> serviceInstances = instances.stream().<Object>map(instance -> map(
                "name", instance.name(),
                "inputs", inputs(instance.inputs()),
                "outputs", outputs(instance.outputs()),
                "environment", environmentWithOutputs(instance.environment()))).toList();
        return map(
                "pipeline", map("inputs", inputs(pipelineInputs)),
                "service", service(service),
                "service_instances", serviceInstances);
    }

    /** Component IaC for a component attached to a service instance. */
    public static Map<String, Object> attachedComponent(ComponentRef component, ServiceRef service,
            InstanceRef instance) {
        return map(
                "component", map("name", component.name()),
                "service", map("name", service.name()),
                "service_instance", map("name", instance.name(), "inputs", inputs(instance.inputs())),
                "environment", componentEnvironment(instance.environment()));
    }

    /** Component IaC for a component defined in an environment only. */
    public static Map<String, Object> detachedComponent(ComponentRef component, EnvironmentRef environment) {
        return map(
                "component", map("name", component.name()),
                "environment", componentEnvironment(environment));
    }

    private static Map<String, Object> service(ServiceRef service) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", service.name());
        if (service.repositoryId() != null) {
            fields.put("branch_name", service.branchName());
            fields.put("repository_connection_arn", service.repositoryConnectionArn());
            fields.put("repository_id", service.repositoryId());
        }
        return Collections.unmodifiableMap(fields);
    }

    private static Map<String, Object> environmentWithOutputs(EnvironmentRef environment) {
        return map(
                "name", environment.name(),
                "account_id", environment.accountId(),
                "outputs", outputs(environment.outputs()));
    }

    private static Map<String, Object> componentEnvironment(EnvironmentRef environment) {
        return map("name", environment.name(), "outputs", outputs(environment.outputs()));
    }

    private static Map<String, Object> inputs(Map<String, Object> inputs) {
        return inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    private static Map<String, Object> outputs(Map<String, String> outputs) {
        return outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** An insertion-ordered map from alternating keys and values, so dicts print in Proton's order. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
