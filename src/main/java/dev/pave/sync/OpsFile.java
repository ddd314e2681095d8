package dev.pave.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.SafeYaml;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A proton-ops file: {@code sync: services: <service>: <instance>: {branch, spec}}, saying which branch and spec file
 * each synced instance follows. Errors name the file, and the line where YAML itself is broken.
 */
final class OpsFile {

    /** Where one instance's spec is: a branch and a file path inside the repository. */
    record SpecFile(String branch, String path) {
    }

    /** A file that is not a usable proton-ops file; the message says where and why. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private OpsFile() {
    }

    /** The services the file lists, in its order. */
    static List<String> services(String file, byte[] content) {
        List<String> names = new ArrayList<>();
        servicesNode(file, content).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode servicesNode(String file, byte[] content) {
        JsonNode root;
        try {
            root = SafeYaml.parse(file, content);
        } catch (BundleException e) {
            throw new Invalid(e.getMessage());
        }
        JsonNode services = root == null ? null : root.path("sync").get("services");
        if (services == null || !services.isObject()) {
            throw new Invalid(file + " must have a sync: services: mapping of service names to their instances");
        }
        return services;
    }

    /** The instances the file lists for {@code service}, in the file's order (empty when it lists none). */
    static Map<String, SpecFile> instances(String file, byte[] content, String service) {
        JsonNode listed = servicesNode(file, content).get(service);
        Map<String, SpecFile> instances = new LinkedHashMap<>();
        if (listed == null || listed.isNull()) {
            return instances;
        }
        if (!listed.isObject()) {
            throw new Invalid(file + ": sync.services." + service + " must map instance names to {branch, spec}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = file + ": sync.services." + service + "." + entry.getKey();
            if (!entry.getKey().matches("^[0-9A-Za-z]+[0-9A-Za-z_\\-]*$") || entry.getKey().length() > 100) {
                throw new Invalid(where + ": '" + entry.getKey() + "' is not a valid instance name");
            }
            String branch = entry.getValue().path("branch").asText("");
            String spec = entry.getValue().path("spec").asText("");
            if (branch.isBlank() || spec.isBlank()) {
                throw new Invalid(where + " needs a branch and a spec (the spec file's path)");
            }
            if (!SyncPaths.isBranch(branch)) {
                throw new Invalid(where + ".branch must be a branch name, like main");
            }
            String path = SyncPaths.inRepository(spec).filter(p -> !p.isEmpty()).orElseThrow(() -> new Invalid(where
                    + ".spec must be a file path inside the repository, like ./" + service + "/spec.yaml"));
            instances.put(entry.getKey(), new SpecFile(branch, path));
        }
        return instances;
    }
}
