package dev.pave.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import dev.pave.schema.Spec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One instance in a service's spec: its name, environment and inputs, and where in the spec they were given. */
record InstanceSpec(String name, String environment, ObjectNode inputs, String path) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The instances a ServiceSpec lists ({@code spec.instances}), checked. */
    static List<InstanceSpec> of(ObjectNode document) {
        List<InstanceSpec> list = new ArrayList<>();
        JsonNode instances = document.get("instances");
        if (instances == null || instances.isNull()) {
            return list;
        }
        if (!instances.isArray()) {
            throw new ValidationException("spec.instances must be a list of {name, environment, spec}");
        }
        Set<String> names = new HashSet<>();
        for (int n = 0; n < instances.size(); n++) {
            JsonNode i = instances.get(n);
            String path = "spec.instances[" + n + "]";
            String name = i.path("name").asText(null);
            String environment = i.path("environment").asText(null);
            if (name == null || environment == null) {
                throw new ValidationException(path + " needs a name and an environment");
            }
            if (!name.matches("^[0-9A-Za-z]+[0-9A-Za-z_\\-]*$") || name.length() > 100) {
                throw new ValidationException(path + ".name '" + name + "' is not a valid resource name");
            }
            if (!names.add(name)) {
                throw new ValidationException(path + ".name: instance " + name + " appears twice");
            }
            JsonNode spec = i.get("spec");
            if (spec != null && !spec.isNull() && !spec.isObject()) {
                throw new ValidationException(path + ".spec must be a mapping of input names to values");
            }
            list.add(new InstanceSpec(name, environment, spec instanceof ObjectNode o ? o : JSON.createObjectNode(), path + ".spec"));
        }
        return list;
    }

    /** CreateServiceInstance's spec: a ServiceInstanceSpec with {@code environment}, or a ServiceSpec naming the instance. */
    static InstanceSpec forInstance(String text, String name) {
        ObjectNode document;
        try {
            document = Spec.parse(text, Spec.Kind.ServiceInstanceSpec);
        } catch (ValidationException notInstanceSpec) {
            ObjectNode service;
            try {
                service = Spec.parse(text, Spec.Kind.ServiceSpec);
            } catch (ValidationException notServiceSpec) {
                throw notInstanceSpec;
            }
            return of(service).stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() ->
                    new ValidationException("spec.instances has no instance named " + name));
        }
        String environment = document.path("environment").asText(null);
        return new InstanceSpec(name, environment, Spec.inputs(document), "spec.spec");
    }
}
